/**
 * Shapes of the API as the UI uses them. Request and response bodies are aliases of the types
 * generated from the server's OpenAPI document (src/api/schema.d.ts, `npm run gen-api`), so a
 * change on the server breaks the type check here instead of the page at run time.
 *
 * Controls are the generated specs (the project schema is a tagged union on `type`), with the
 * fields the server defaults made optional. `AnyControl` is every control type the server
 * accepts (and may return); `Control` is the subset the labeling UI has widgets for.
 */
import type { components, paths } from "./schema";

type S = components["schemas"];

export type FieldKind = "text" | "image" | "audio" | "video" | "json";
export type Role = S["MemberView"]["role"];

/** Every control type the server accepts, as it returns them: every field present (a tagged
 * union on `type`). */
export type AnyControl = S["ProjectSchema"]["controls"][number];
type ControlOf<T extends AnyControl["type"]> = Extract<AnyControl, { type: T }>;
export type ChoicesControl = ControlOf<"choices">;
export type RatingControl = ControlOf<"rating">;
export type SpansControl = ControlOf<"spans">;
export type TextControl = ControlOf<"text">;
export type RankingControl = ControlOf<"ranking">;
export type BoxesControl = ControlOf<"boxes">;
export type PolygonsControl = ControlOf<"polygons">;
export type KeypointsControl = ControlOf<"keypoints">;
export type MasksControl = ControlOf<"masks">;
export type SegmentsControl = ControlOf<"segments">;
export type TracksControl = ControlOf<"tracks">;
/** The control types the labeling UI has widgets for (see src/labeling/registry.ts). */
export type Control =
  | ChoicesControl
  | RatingControl
  | SpansControl
  | TextControl
  | RankingControl
  | BoxesControl
  | PolygonsControl
  | KeypointsControl
  | MasksControl
  | SegmentsControl
  | TracksControl;
/** A project's schema as the server returns it (defaults filled in). */
export type ProjectSchema = S["ProjectSchema"];

/** A control as the UI writes it (a sample, a test): what has a server default may be left out. */
export type ControlDraft = {
  [T in AnyControl["type"]]: Pick<ControlOf<T>, "name" | "type" | "field"> & Partial<ControlOf<T>>;
}[AnyControl["type"]];
/** A schema as written: the server fills in every default when it validates it. */
export type SchemaDraft = Pick<ProjectSchema, "fields"> & {
  controls: ControlDraft[];
} & Partial<Omit<ProjectSchema, "fields" | "controls">>;

/** What the schema editor sends: a schema object, or a Label Studio XML config. */
export type SchemaSource = { schema: Record<string, unknown> } | { label_config: string };
export type SchemaCheck = S["SchemaOut"];
type WithSchema<T> = Omit<T, "schema" | "label_config"> & { schema?: SchemaDraft; label_config?: string };
export type ProjectIn = WithSchema<Partial<S["ProjectIn"]>> & { name: string };
export type ProjectPatch = WithSchema<Partial<S["ProjectPatch"]>>;
export type DeletionPreview = S["DeletionPreview"];
/** One counted effect of a schema change (the 409 `schema_change_affects_annotations` detail). */
export interface SchemaChangeEffect {
  control: string;
  change: "control_removed" | "control_renamed" | "option_removed" | "option_renamed" | "answer_unfit";
  option: string | null;
  to: string | null;
  annotations: number;
  submitted: number;
  drafts: number;
}

export type Me = S["UserView"];
export type Project = S["ProjectView"];
export type ProjectSummary = Project;
export type Member = S["MemberView"];
export type MemberAdded = S["MemberAdded"];
export type Invitation = S["InvitationView"];
export type MyInvitation = S["MyInvitationView"];
export type Token = S["TokenView"];
export type NewToken = S["NewToken"];
export type Account = S["AccountView"];
export type NewAccount = S["NewAccount"];
export type ItemPage = S["ItemPage"];
/** A row of the items list, by the caller's role: managers get meta, reviewers counts, annotators data. */
export type ItemRow = S["ManagerItemView"] | S["ReviewerItemView"] | S["AnnotatorItemView"];
/** One item with everyone's work on it; `meta` only in the manager's shape. */
export type ItemDetail = S["ManagerItemDetail"] | S["ReviewerItemDetail"];
export type DeletedItems = S["DeletedItems"];
/** The items list's search, filters and sort (server allowlists), without the page. */
export type ItemQuery = Omit<
  NonNullable<paths["/api/projects/{project_id}/items"]["get"]["parameters"]["query"]>,
  "page" | "page_size"
>;
export type ItemData = Record<string, unknown>;
export type Annotation = S["AnnotationView"];
export type Prediction = S["PredictionView"];
/** What a save answers: the annotation, and `feedback` on a submitted honeypot when the project shows it. */
export type SavedAnnotation = S["SavedAnnotationView"];
export type AnnotationStatus = Annotation["status"];
/** A result maps control name → that control's value. */
export type Result = Annotation["result"];
export type NextItem = S["AnnotatorItemView"];
export type ImportResult = S["ImportResult"];
export type AnnotationIn = S["AnnotationIn"];
export type AnnotationPatch = S["AnnotationPatch"];
export type AgreementReport = S["AgreementReport"];
export type AnnotatorQuality = S["AnnotatorQuality"];
export type ConsensusPage = S["ConsensusPage"];

/** Annotator training (issue 8): the path, practice feedback, exams, and the project's settings. */
export type TrainingMe = S["TrainingMe"];
export type TrainingStep = TrainingMe["step"];
export type TrainingItem = S["TrainingItemView"];
export type PracticeFeedback = S["PracticeFeedback"];
export type ExamStarted = S["ExamStarted"];
export type ExamAnswerSaved = S["ExamAnswerSaved"];
export type ExamReport = S["ExamReport"];
export type LabelStats = S["LabelStats"];
export type TrainingSettings = S["TrainingSettings-Output"];
export type GoldIn = S["GoldIn"];
/** A pause as the managers' list shows it (by route: two views share the name PauseView). */
export type PauseView =
  paths["/api/projects/{project_id}/pauses"]["get"]["responses"][200]["content"]["application/json"][number];
export type Scorecard = S["Scorecard"];
export type AccuracyPoint = S["AccuracyPoint"];
export type ConfusionMatrix = S["ConfusionView"];
export type ConfusedLabel = S["ConfusedLabel"];
export type TeamTable = S["TeamTable"];
export type TeamRow = S["TeamRow"];
export type Question = S["QuestionView"];
export type QueuedQuestion = S["QueuedQuestion"];
export type Inbox = S["Inbox"];
export type InboxNotification = S["NotificationView"];
export type QuestionExample = S["QuestionExample"];
export type ToExampleIn = S["ToExampleIn"];
/** An item's gold (managers only): the reference answer, explanations per control, its set. */
export type Gold = S["GoldView"];
export type GoldSet = GoldIn["set"];

/** A schema template for a common task (GET /api/templates). */
export type SchemaTemplate = S["TemplateView"];
/** A control type the server knows, with whether the built UI has its widget. */
export type ControlTypeInfo = S["ControlTypeView"];
