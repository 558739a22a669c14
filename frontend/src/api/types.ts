/**
 * Shapes of the API as the UI uses them. Request and response bodies are aliases of the types
 * generated from the server's OpenAPI document (src/api/schema.d.ts, `npm run gen-api`), so a
 * change on the server breaks the type check here instead of the page at run time.
 *
 * Controls are the generated specs (the project schema is a tagged union on `type`), with the
 * fields the server defaults made optional. `Control` is the subset the labeling UI has widgets
 * for; `AnyControl` is everything the server may return.
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
export type TextControl = Spec<S["TextSpec"], "max_length" | "transcription">;
/** Every control type the server knows (a tagged union on `type`). */
export type AnyControl = S["ProjectSchema"]["controls"][number];
/** The control types the labeling UI has widgets for (see src/labeling/registry.ts). */
export type Control = ChoicesControl | RatingControl | SpansControl | TextControl;

export interface ProjectSchema {
  fields: Record<string, FieldKind>;
  controls: Control[];
  overlap?: number;
  order?: "sequential" | "random";
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
