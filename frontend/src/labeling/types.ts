/** The contract between the labeling workspace and a control type's widget. */
import type { ComponentType, ReactNode } from "react";
import type { Control, ItemData } from "../api/types";
import type { Utf16Range } from "./spanOffsets";

export interface WidgetProps<C extends Control = Control, V = unknown> {
  control: C;
  value: V | undefined;
  /** `coalesce` folds consecutive edits with the same key into one undo step (typing). */
  onChange: (next: V | undefined, coalesce?: string) => void;
  data: ItemData;
  active: boolean;
  /** key → label, for the badges next to options. */
  keys: ReadonlyMap<string, string>;
  activate: () => void;
  /** For widgets whose labels apply to a text selection: the element holding exactly the text. */
  textRootRef: (el: HTMLElement | null) => void;
  /** Keys the active widget handles itself beyond its label keys (e.g. Delete on a span). */
  setKeyHandler: (handler: ((key: string) => boolean) | null) => void;
  /** For widgets with their own keyboard selection (the span caret): what a label key applies
   * to when there is no mouse selection. */
  provideSelection: (selection: (() => Utf16Range | null) | null) => void;
  notify: (message: string) => void;
  /** Shown, not edited (AnswerView: practice feedback, guideline examples): nothing changes the
   * value, no caret or key handling. */
  readOnly?: boolean;
  /** With `readOnly`: draw `value` against this reference answer (right, missed, wrong…), with
   * text labels and patterns, not colour alone. `{ value: undefined }` is a reference that left
   * the control empty; no `reference` at all means a plain read-only view. */
  reference?: { value: V | undefined };
  /** The shell's selection, hiding and locking of this control's regions (region controls). */
  regions?: RegionState;
}

/** Regions are named by their `id` (assigned by the widget with `newRegionId`, or by the
 * server); the shell keeps which one is selected, hidden or locked across widgets and the region
 * list. A hidden region is not drawn; a locked one is drawn but cannot be moved or edited. */
export interface RegionState {
  selected: string | null;
  select: (id: string | null) => void;
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
}

/** The media surfaces a field can be drawn on; one per image, audio or video field. */
export type SurfaceKind = "image" | "audio" | "video";

/** What the shell gives a surface: its field's media and the layers of the controls drawn on it.
 * A surface provides its own React context (image transform, playback time…) that its layers
 * read; each layer is the control's `WidgetProps` rendered inside it. */
export interface SurfaceProps {
  field: string;
  kind: SurfaceKind;
  /** The field's value: a media URL. */
  url: string;
  data: ItemData;
  layers: SurfaceLayer[];
  readOnly?: boolean;
}

export interface SurfaceLayer {
  control: string;
  active: boolean;
  /** Renders the control's layer for this surface (inside the surface's context). */
  render: () => ReactNode;
}

export interface LabelContext {
  data: ItemData;
  /** The mouse selection inside the widget's text root, else the widget's keyboard selection
   * (UTF-16 offsets), or null. */
  selection: Utf16Range | null;
}

export type LabelOutcome<V> = { value: V | undefined } | { error: string };

export interface WidgetDef<C extends Control = Control, V = unknown> {
  Component: ComponentType<WidgetProps<C, V>>;
  /** Where the widget goes: beside the data ("side") or in place of its text field ("content"). */
  placement: "content" | "side";
  /** The labels a key press can choose (options, span labels, rating values); [] for none. */
  labels: (control: C) => string[];
  /** The new value after the key for `label` is pressed while this control is active. */
  applyLabel?: (control: C, value: V | undefined, label: string, ctx: LabelContext) => LabelOutcome<V>;
  /** Whether activating this control should move keyboard focus into it (free text). */
  takesFocus?: boolean;
  /** What a submission stores for this control when the annotator left it empty, if that is an
   * answer: "no entities" is `[]` for region controls, never a missing key. */
  emptyAnswer?: () => V;
  /** Media widgets: the shell draws one surface per media field and, inside it, this control's
   * layer for that surface kind (several controls share one image, waveform or video). The
   * `Component` is then the control's side card: its labels, tools and options. Read-only
   * (AnswerView) the layer draws the shapes and the card is drawn with `readOnly` and `reference`
   * too: the place for the diff in words (missed, extra, wrong label…), not the tools. */
  surface?: Partial<Record<SurfaceKind, ComponentType<WidgetProps<C, V>>>>;
  /** Region controls: a few words on one region for the shell's region list (a span's text, a
   * box's size, a segment's times). Without it the list describes the region from its shape. */
  describeRegion?: (control: C, region: V extends readonly (infer R)[] ? R : never, data: ItemData) => string;
  /** Keys the widget handles itself (through `setKeyHandler`), listed in the shortcut help. */
  help?: readonly { key: string; does: string }[];
}
