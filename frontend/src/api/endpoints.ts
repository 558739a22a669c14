/**
 * One call per API route the UI uses (see docs/API.md), each through the client typed by the
 * server's OpenAPI paths: a route, a parameter or a body the server does not have is a type
 * error here, not a failure at run time. Return types are the UI's aliases in ./types.
 */
import { call, client } from "./client";
import type {
  Account,
  AgreementReport,
  AnnotatorQuality,
  ConsensusPage,
  ExamAnswerSaved,
  ExamReport,
  ExamStarted,
  GoldIn,
  PauseView,
  PracticeFeedback,
  TrainingItem,
  TrainingMe,
  AnnotationIn,
  Inbox,
  QueuedQuestion,
  Question,
  QuestionExample,
  Scorecard,
  ToExampleIn,
  TeamTable,
  AnnotationPatch,
  SavedAnnotation,
  DeletedItems,
  Gold,
  GoldSet,
  ItemDetail,
  Invitation,
  DeletionPreview,
  ItemPage,
  ItemQuery,
  Me,
  FileFormat,
  Member,
  MemberAdded,
  MyInvitation,
  NewAccount,
  NewToken,
  NextItem,
  Project,
  ProjectIn,
  ProjectPatch,
  ProjectSummary,
  Role,
  Token,
  SchemaCheck,
  SchemaTemplate,
  ControlTypeInfo,
  SchemaSource,
} from "./types";

type Id = number | string;
const enc = encodeURIComponent;
const project = (id: Id) => ({ project_id: Number(id) });

/** Query parameters with the unset ones (undefined, null, "") left out. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") out.set(k, String(v));
  }
  return out.toString();
}

export const api = {
  login: (email: string, password: string) =>
    call(client.POST("/api/auth/login", { body: { email, password } })),
  logout: () => call(client.POST("/api/auth/logout")),
  me: (): Promise<Me> => call(client.GET("/api/auth/me")),
  saveShortcuts: (shortcuts: Record<string, string>) =>
    call(client.PUT("/api/auth/me/shortcuts", { body: { shortcuts } })),
  changePassword: (currentPassword: string, newPassword: string) =>
    call(
      client.POST("/api/auth/me/password", {
        body: { current_password: currentPassword, new_password: newPassword },
      }),
    ),

  tokens: (): Promise<Token[]> => call(client.GET("/api/auth/tokens")),
  /** `expiresInDays` null: the token never expires. The answer holds the secret, shown once. */
  createToken: (name: string, expiresInDays: number | null): Promise<NewToken> =>
    call(client.POST("/api/auth/tokens", { body: { name, expires_in_days: expiresInDays } })),
  revokeToken: (id: Id) =>
    call(client.DELETE("/api/auth/tokens/{token_id}", { params: { path: { token_id: Number(id) } } })),

  users: (): Promise<Account[]> => call(client.GET("/api/users")),
  /** `password` null: the server generates one and answers it once. */
  createUser: (body: {
    email: string;
    password: string | null;
    is_admin: boolean;
    can_create_projects: boolean;
  }): Promise<NewAccount> => call(client.POST("/api/users", { body })),
  updateUser: (
    id: Id,
    body: { is_admin?: boolean; can_create_projects?: boolean; is_active?: boolean },
  ): Promise<Account> =>
    call(client.PATCH("/api/users/{user_id}", { params: { path: { user_id: Number(id) } }, body })),
  resetPassword: (id: Id, password: string | null): Promise<NewAccount> =>
    call(
      client.POST("/api/users/{user_id}/password", {
        params: { path: { user_id: Number(id) } },
        body: { password },
      }),
    ),

  myInvitations: (): Promise<MyInvitation[]> => call(client.GET("/api/invitations")),
  acceptInvitation: (id: Id): Promise<Project> =>
    call(
      client.POST("/api/invitations/{invitation_id}/accept", {
        params: { path: { invitation_id: Number(id) } },
      }),
    ),
  declineInvitation: (id: Id) =>
    call(
      client.DELETE("/api/invitations/{invitation_id}", { params: { path: { invitation_id: Number(id) } } }),
    ),

  projects: (): Promise<ProjectSummary[]> => call(client.GET("/api/projects")),
  project: (id: Id): Promise<Project> =>
    call(client.GET("/api/projects/{project_id}", { params: { path: project(id) } })),
  createProject: (body: ProjectIn): Promise<Project> => call(client.POST("/api/projects", { body })),
  /** A schema change that alters stored annotations answers 409 `schema_change_affects_annotations`
   * with the counts, unless `force` is set. */
  updateProject: (id: Id, body: ProjectPatch): Promise<Project> =>
    call(client.PATCH("/api/projects/{project_id}", { params: { path: project(id) }, body })),
  /** Either a schema object or a Label Studio XML `label_config`; answers the normalised schema
   * and what the conversion ignored. */
  validateSchema: (body: SchemaSource, signal?: AbortSignal): Promise<SchemaCheck> =>
    call(client.POST("/api/schema/validate", { body, signal })),
  /** Schemas for common labeling tasks (the schema editor's templates). */
  templates: (): Promise<SchemaTemplate[]> => call(client.GET("/api/templates")),
  /** A new project from a template, with its sample items and media generated by the server. */
  createSampleProject: (templateId: string, name?: string): Promise<Project> =>
    call(
      client.POST("/api/templates/{template_id}/project", {
        params: { path: { template_id: templateId } },
        body: name ? { name } : {},
      }),
    ),
  /** Every control type the server knows, with whether the built UI has a widget for it. */
  controlTypes: (): Promise<ControlTypeInfo[]> => call(client.GET("/api/control-types")),
  archiveProject: (id: Id): Promise<Project> =>
    call(client.POST("/api/projects/{project_id}/archive", { params: { path: project(id) } })),
  unarchiveProject: (id: Id): Promise<Project> =>
    call(client.POST("/api/projects/{project_id}/unarchive", { params: { path: project(id) } })),
  deletionPreview: (id: Id): Promise<DeletionPreview> =>
    call(client.GET("/api/projects/{project_id}/deletion", { params: { path: project(id) } })),
  /** `confirm` must be the project's name. */
  deleteProject: (id: Id, confirm: string) =>
    call(client.DELETE("/api/projects/{project_id}", { params: { path: project(id) }, body: { confirm } })),

  members: (id: Id): Promise<Member[]> =>
    call(client.GET("/api/projects/{project_id}/members", { params: { path: project(id) } })),
  /** Invites the email (or changes a member's role); the answer never tells if an account exists. */
  addMember: (id: Id, email: string, role: Role): Promise<MemberAdded> =>
    call(
      client.POST("/api/projects/{project_id}/members", {
        params: { path: project(id) },
        body: { email, role },
      }),
    ),
  removeMember: (id: Id, userId: Id) =>
    call(
      client.DELETE("/api/projects/{project_id}/members/{user_id}", {
        params: { path: { ...project(id), user_id: Number(userId) } },
      }),
    ),
  invitations: (id: Id): Promise<Invitation[]> =>
    call(client.GET("/api/projects/{project_id}/invitations", { params: { path: project(id) } })),
  revokeInvitation: (id: Id, invitationId: Id) =>
    call(
      client.DELETE("/api/projects/{project_id}/invitations/{invitation_id}", {
        params: { path: { ...project(id), invitation_id: Number(invitationId) } },
      }),
    ),

  items: (
    id: Id,
    page: number,
    pageSize: number,
    query: ItemQuery = {},
    signal?: AbortSignal,
  ): Promise<ItemPage> =>
    call(
      client.GET("/api/projects/{project_id}/items", {
        params: { path: project(id), query: { ...definedOnly(query), page, page_size: pageSize } },
        signal,
      }),
    ),
  item: (itemId: Id, signal?: AbortSignal): Promise<ItemDetail> =>
    call(client.GET("/api/items/{item_id}", { params: { path: { item_id: Number(itemId) } }, signal })),
  /** The item's gold (managers); a 404 `not_found` when it is not gold. */
  gold: (itemId: Id): Promise<Gold> =>
    call(client.GET("/api/items/{item_id}/gold", { params: { path: { item_id: Number(itemId) } } })),
  putGold: (itemId: Id, body: GoldIn): Promise<Gold> =>
    call(client.PUT("/api/items/{item_id}/gold", { params: { path: { item_id: Number(itemId) } }, body })),
  goldFromAnnotation: (
    itemId: Id,
    annotationId: number,
    set: GoldSet,
    explanations: Record<string, string>,
  ): Promise<Gold> =>
    call(
      client.POST("/api/items/{item_id}/gold/from-annotation", {
        params: { path: { item_id: Number(itemId) } },
        body: { annotation_id: annotationId, set, explanations },
      }),
    ),
  deleteGold: (itemId: Id) =>
    call(client.DELETE("/api/items/{item_id}/gold", { params: { path: { item_id: Number(itemId) } } })),
  deleteItem: (itemId: Id) =>
    call(client.DELETE("/api/items/{item_id}", { params: { path: { item_id: Number(itemId) } } })),
  /** All or nothing: one id that is not an item of the project deletes nothing. */
  deleteItems: (id: Id, ids: number[]): Promise<DeletedItems> =>
    call(
      client.POST("/api/projects/{project_id}/items/delete", {
        params: { path: project(id) },
        body: { ids },
      }),
    ),
  /** `null` when nothing is left for the caller (204). It locks an item, so it carries the CSRF
   * header although it is a GET (every call does). */
  next: (id: Id): Promise<NextItem | null> =>
    call(client.GET("/api/projects/{project_id}/next", { params: { path: project(id) } })).then(
      (item) => item ?? null,
    ),
  skip: (itemId: Id, reason: string) =>
    call(
      client.POST("/api/items/{item_id}/skip", {
        params: { path: { item_id: Number(itemId) } },
        body: { reason },
      }),
    ),
  createAnnotation: (itemId: Id, body: AnnotationIn): Promise<SavedAnnotation> =>
    call(
      client.POST("/api/items/{item_id}/annotations", {
        params: { path: { item_id: Number(itemId) } },
        body,
      }),
    ),
  updateAnnotation: (annotationId: Id, body: AnnotationPatch): Promise<SavedAnnotation> =>
    call(
      client.PATCH("/api/annotations/{annotation_id}", {
        params: { path: { annotation_id: Number(annotationId) } },
        body,
      }),
    ),

  agreement: (id: Id, signal?: AbortSignal): Promise<AgreementReport> =>
    call(client.GET("/api/projects/{project_id}/agreement", { params: { path: project(id) }, signal })),
  annotators: (id: Id, signal?: AbortSignal): Promise<AnnotatorQuality[]> =>
    call(client.GET("/api/projects/{project_id}/annotators", { params: { path: project(id) }, signal })),
  consensus: (id: Id, page: number, pageSize: number, signal?: AbortSignal): Promise<ConsensusPage> =>
    call(
      client.GET("/api/projects/{project_id}/consensus", {
        params: { path: project(id), query: { page, page_size: pageSize } },
        signal,
      }),
    ),

  // Annotator training (issue 8): the caller's path, practice with instant feedback, exams.
  trainingMe: (id: Id): Promise<TrainingMe> =>
    call(client.GET("/api/projects/{project_id}/training/me", { params: { path: project(id) } })),
  /** `null` when the project has no practice items (204). */
  nextPractice: (id: Id): Promise<TrainingItem | null> =>
    call(client.GET("/api/projects/{project_id}/practice/next", { params: { path: project(id) } })).then(
      (item) => item ?? null,
    ),
  answerPractice: (id: Id, itemId: Id, result: Record<string, unknown>): Promise<PracticeFeedback> =>
    call(
      client.POST("/api/projects/{project_id}/practice/{item_id}", {
        params: { path: { ...project(id), item_id: Number(itemId) } },
        body: { result },
      }),
    ),
  /** Starts an attempt or resumes the open one; 403/429 (`exam_cooldown`, `retry_at`) say why not. */
  startExam: (id: Id): Promise<ExamStarted> =>
    call(client.POST("/api/projects/{project_id}/exams", { params: { path: project(id) } })),
  answerExam: (attemptId: Id, itemId: Id, result: Record<string, unknown>): Promise<ExamAnswerSaved> =>
    call(
      client.POST("/api/exams/{attempt_id}/answers", {
        params: { path: { attempt_id: Number(attemptId) } },
        body: { item_id: Number(itemId), result },
      }),
    ),
  finishExam: (attemptId: Id): Promise<ExamReport> =>
    call(
      client.POST("/api/exams/{attempt_id}/finish", { params: { path: { attempt_id: Number(attemptId) } } }),
    ),
  /** Pauses of the project's annotators, open ones first (managers). */
  pauses: (id: Id): Promise<PauseView[]> =>
    call(client.GET("/api/projects/{project_id}/pauses", { params: { path: project(id) } })),
  liftPause: (id: Id, userId: Id): Promise<PauseView> =>
    call(
      client.POST("/api/projects/{project_id}/pauses/{user_id}/lift", {
        params: { path: { ...project(id), user_id: Number(userId) } },
      }),
    ),

  /** The file formats goldlabel imports and exports (the Import and Export tabs' pickers). */
  formats: (): Promise<FileFormat[]> => call(client.GET("/api/formats")),

  /** The plain URL of the XHR upload (progress); formats.ts adds the import's query. */
  importUrl: (id: Id) => `/api/projects/${enc(String(id))}/items`,
};

/** Scorecards (an annotator's own; managers: anyone's and the team table), questions and the inbox. */
export const feedbackApi = {
  myScorecard: (id: Id, signal?: AbortSignal): Promise<Scorecard> =>
    call(client.GET("/api/projects/{project_id}/scorecards/me", { params: { path: project(id) }, signal })),
  scorecard: (id: Id, userId: Id, signal?: AbortSignal): Promise<Scorecard> =>
    call(
      client.GET("/api/projects/{project_id}/scorecards/{user_id}", {
        params: { path: { ...project(id), user_id: Number(userId) } },
        signal,
      }),
    ),
  team: (id: Id, signal?: AbortSignal): Promise<TeamTable> =>
    call(client.GET("/api/projects/{project_id}/team", { params: { path: project(id) }, signal })),

  ask: (itemId: Id, text: string, section: string | null): Promise<Question> =>
    call(
      client.POST("/api/items/{item_id}/questions", {
        params: { path: { item_id: Number(itemId) } },
        body: { text, section },
      }),
    ),
  myQuestions: (id: Id): Promise<Question[]> =>
    call(client.GET("/api/projects/{project_id}/questions/mine", { params: { path: project(id) } })),
  questions: (id: Id, status: "open" | "answered" | null): Promise<QueuedQuestion[]> =>
    call(
      client.GET("/api/projects/{project_id}/questions", {
        params: { path: project(id), query: status ? { status } : {} },
      }),
    ),
  answer: (questionId: Id, answer: string): Promise<QueuedQuestion> =>
    call(
      client.POST("/api/questions/{question_id}/answer", {
        params: { path: { question_id: Number(questionId) } },
        body: { answer },
      }),
    ),
  toExample: (questionId: Id, body: ToExampleIn): Promise<QuestionExample> =>
    call(
      client.POST("/api/questions/{question_id}/to-example", {
        params: { path: { question_id: Number(questionId) } },
        body,
      }),
    ),
  inbox: (signal?: AbortSignal): Promise<Inbox> => call(client.GET("/api/inbox", { signal })),
  markRead: (notificationId: Id) =>
    call(
      client.POST("/api/inbox/{notification_id}/read", {
        params: { path: { notification_id: Number(notificationId) } },
      }),
    ),
};

/** The query without its unset fields (a URL leaves them out). */
function definedOnly<T extends object>(query: T): T {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  ) as T;
}
