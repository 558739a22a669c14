/**
 * Shapes of the API as the UI uses them. Request and response bodies are aliases of the types
 * generated from the server's OpenAPI document (src/api/schema.d.ts, `npm run gen-api`), so a
 * change on the server breaks the type check here instead of the page at run time.
 *
 * The project schema is a free-form object in the OpenAPI document (the server validates it with
 * the control types' own models), so its controls are typed here, after src/goldlabel/controls/.
 */
import type { components } from "./schema";

type S = components["schemas"];

export type FieldKind = "text" | "image" | "audio" | "video" | "json";
export type Role = S["MemberView"]["role"];

interface ControlBase {
  name: string;
  field: string;
  required?: boolean;
  /** label → a single printable character */
  hotkeys?: Record<string, string>;
}
export interface ChoicesControl extends ControlBase {
  type: "choices";
  options: string[];
  multiple?: boolean;
}
export interface RatingControl extends ControlBase {
  type: "rating";
  min: number;
  max: number;
}
export interface SpansControl extends ControlBase {
  type: "spans";
  labels: string[];
  allow_overlap?: boolean;
}
export interface TextControl extends ControlBase {
  type: "text";
  max_length?: number;
  transcription?: boolean;
}
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
export type ItemPage = S["ItemPage"];
export type ItemRow = S["ItemView"] | S["AnnotatorItemView"];
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
