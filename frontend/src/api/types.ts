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

/**
 * A generated control spec with the fields the server fills in by default made optional, so the
 * same type describes what the UI sends (a schema being written) and what it gets back.
 */
type Spec<T, Defaulted extends keyof T> = Omit<T, Defaulted | "required"> &
  Partial<Pick<T, Defaulted>> & { required?: boolean };
export type ChoicesControl = Spec<S["ChoicesSpec"], "multiple">;
export type RatingControl = Spec<S["RatingSpec"], never>;
export type SpansControl = Spec<S["SpansSpec"], "allow_overlap">;
export type TextControl = Spec<S["TextSpec"], "max_length" | "transcription" | "error_unit">;
export type BoxesControl = Spec<S["BoxesSpec"], "iou_threshold">;
export type PolygonsControl = Spec<S["PolygonsSpec"], "iou_threshold">;
export type MasksControl = Spec<S["MasksSpec"], "iou_threshold">;
export type KeypointsControl = Spec<S["KeypointsSpec"], "oks_threshold">;
export type SegmentsControl = Spec<S["SegmentsSpec"], "iou_threshold" | "speakers">;
export type TracksControl = Spec<S["TracksSpec"], "iou_threshold">;
export type RankingControl = Spec<S["RankingSpec"], never>;
/** Every control type the server accepts (a tagged union on `type`). */
export type AnyControl =
  | ChoicesControl
  | RatingControl
  | SpansControl
  | TextControl
  | BoxesControl
  | PolygonsControl
  | MasksControl
  | KeypointsControl
  | SegmentsControl
  | TracksControl
  | RankingControl;
/** The control types the labeling UI has widgets for (see src/labeling/registry.ts). */
export type Control = ChoicesControl | RatingControl | SpansControl | TextControl;

export interface ProjectSchema {
  fields: Record<string, FieldKind>;
  controls: AnyControl[];
  overlap?: number;
  order?: "sequential" | "random";
  /** Whether a submission that answers no control counts as finished work. */
  allow_empty_submissions?: boolean;
}

/** What the schema editor sends: a schema object, or a Label Studio XML config. */
export type SchemaSource = { schema: unknown } | { label_config: string };
export type SchemaCheck = Omit<S["SchemaOut"], "schema"> & { schema: ProjectSchema };
type WithSchema<T> = Omit<T, "schema" | "label_config"> & { schema?: ProjectSchema; label_config?: string };
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
export type Project = Omit<S["ProjectView"], "schema"> & { schema: ProjectSchema };
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
