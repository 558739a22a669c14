/** Typed calls, one per API route the UI uses (see docs/API.md). */
import { http, request } from "./client";
import type {
  Account,
  AgreementReport,
  Annotation,
  AnnotatorQuality,
  ConsensusPage,
  AnnotationIn,
  AnnotationPatch,
  DeletedItems,
  ItemDetail,
  Invitation,
  DeletionPreview,
  ItemPage,
  ItemQuery,
  Me,
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
  SchemaSource,
} from "./types";

type Id = number | string;
const enc = encodeURIComponent;

/** Query parameters with the unset ones (undefined, null, "") left out. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") out.set(k, String(v));
  }
  return out.toString();
}

export const api = {
  login: (email: string, password: string) => http.post<unknown>("/api/auth/login", { email, password }),
  logout: () => http.post<unknown>("/api/auth/logout"),
  me: () => http.get<Me>("/api/auth/me"),
  saveShortcuts: (shortcuts: Record<string, string>) =>
    http.put<unknown>("/api/auth/me/shortcuts", { shortcuts }),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<null>("/api/auth/me/password", {
      current_password: currentPassword,
      new_password: newPassword,
    }),

  tokens: () => http.get<Token[]>("/api/auth/tokens"),
  /** `expiresInDays` null: the token never expires. The answer holds the secret, shown once. */
  createToken: (name: string, expiresInDays: number | null) =>
    http.post<NewToken>("/api/auth/tokens", { name, expires_in_days: expiresInDays }),
  revokeToken: (id: Id) => http.del<null>(`/api/auth/tokens/${enc(String(id))}`),

  users: () => http.get<Account[]>("/api/users"),
  /** `password` null: the server generates one and answers it once. */
  createUser: (body: {
    email: string;
    password: string | null;
    is_admin: boolean;
    can_create_projects: boolean;
  }) => http.post<NewAccount>("/api/users", body),
  updateUser: (id: Id, body: { is_admin?: boolean; can_create_projects?: boolean; is_active?: boolean }) =>
    http.patch<Account>(`/api/users/${enc(String(id))}`, body),
  resetPassword: (id: Id, password: string | null) =>
    http.post<NewAccount>(`/api/users/${enc(String(id))}/password`, { password }),

  myInvitations: () => http.get<MyInvitation[]>("/api/invitations"),
  acceptInvitation: (id: Id) => http.post<Project>(`/api/invitations/${enc(String(id))}/accept`),
  declineInvitation: (id: Id) => http.del<null>(`/api/invitations/${enc(String(id))}`),

  projects: () => http.get<ProjectSummary[]>("/api/projects"),
  project: (id: Id) => http.get<Project>(`/api/projects/${enc(String(id))}`),
  createProject: (body: ProjectIn) => http.post<Project>("/api/projects", body),
  /** A schema change that alters stored annotations answers 409 `schema_change_affects_annotations`
   * with the counts, unless `force` is set. */
  updateProject: (id: Id, body: ProjectPatch) =>
    http.patch<Project>(`/api/projects/${enc(String(id))}`, body),
  /** Either a schema object or a Label Studio XML `label_config`; answers the normalised schema
   * and what the conversion ignored. */
  validateSchema: (body: SchemaSource, signal?: AbortSignal) =>
    http.post<SchemaCheck>("/api/schema/validate", body, { signal }),
  archiveProject: (id: Id) => http.post<Project>(`/api/projects/${enc(String(id))}/archive`),
  unarchiveProject: (id: Id) => http.post<Project>(`/api/projects/${enc(String(id))}/unarchive`),
  deletionPreview: (id: Id) => http.get<DeletionPreview>(`/api/projects/${enc(String(id))}/deletion`),
  /** `confirm` must be the project's name. */
  deleteProject: (id: Id, confirm: string) =>
    request<null>("DELETE", `/api/projects/${enc(String(id))}`, { confirm }),

  members: (id: Id) => http.get<Member[]>(`/api/projects/${enc(String(id))}/members`),
  /** Invites the email (or changes a member's role); the answer never tells if an account exists. */
  addMember: (id: Id, email: string, role: Role) =>
    http.post<MemberAdded>(`/api/projects/${enc(String(id))}/members`, { email, role }),
  removeMember: (id: Id, userId: Id) =>
    http.del<null>(`/api/projects/${enc(String(id))}/members/${enc(String(userId))}`),
  invitations: (id: Id) => http.get<Invitation[]>(`/api/projects/${enc(String(id))}/invitations`),
  revokeInvitation: (id: Id, invitationId: Id) =>
    http.del<null>(`/api/projects/${enc(String(id))}/invitations/${enc(String(invitationId))}`),

  items: (id: Id, page: number, pageSize: number, query: ItemQuery = {}, signal?: AbortSignal) =>
    http.get<ItemPage>(
      `/api/projects/${enc(String(id))}/items?${queryString({ ...query, page, page_size: pageSize })}`,
      { signal },
    ),
  item: (itemId: Id, signal?: AbortSignal) =>
    http.get<ItemDetail>(`/api/items/${enc(String(itemId))}`, { signal }),
  deleteItem: (itemId: Id) => http.del<null>(`/api/items/${enc(String(itemId))}`),
  /** All or nothing: one id that is not an item of the project deletes nothing. */
  deleteItems: (id: Id, ids: number[]) =>
    http.post<DeletedItems>(`/api/projects/${enc(String(id))}/items/delete`, { ids }),
  /** `null` when nothing is left for the caller (204). */
  /** Locks an item for the caller, so it carries the CSRF header although it is a GET. */
  next: (id: Id) => http.get<NextItem | null>(`/api/projects/${enc(String(id))}/next`, { csrf: true }),
  skip: (itemId: Id, reason: string) => http.post<null>(`/api/items/${enc(String(itemId))}/skip`, { reason }),
  createAnnotation: (itemId: Id, body: AnnotationIn) =>
    http.post<Annotation>(`/api/items/${enc(String(itemId))}/annotations`, body),
  updateAnnotation: (annotationId: Id, body: AnnotationPatch) =>
    http.patch<Annotation>(`/api/annotations/${enc(String(annotationId))}`, body),

  agreement: (id: Id, signal?: AbortSignal) =>
    http.get<AgreementReport>(`/api/projects/${enc(String(id))}/agreement`, { signal }),
  annotators: (id: Id, signal?: AbortSignal) =>
    http.get<AnnotatorQuality[]>(`/api/projects/${enc(String(id))}/annotators`, { signal }),
  consensus: (id: Id, page: number, pageSize: number, signal?: AbortSignal) =>
    http.get<ConsensusPage>(`/api/projects/${enc(String(id))}/consensus?page=${page}&page_size=${pageSize}`, {
      signal,
    }),

  importUrl: (id: Id) => `/api/projects/${enc(String(id))}/items`,
  exportUrl: (
    id: Id,
    format: "json" | "jsonl" | "csv",
    options: { includeDrafts?: boolean; consensus?: boolean } = {},
  ) =>
    `/api/projects/${enc(String(id))}/export?format=${format}` +
    `&include_drafts=${options.includeDrafts ? "true" : "false"}&consensus=${options.consensus ? "true" : "false"}`,
};
