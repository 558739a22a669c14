/**
 * Test fixtures: a control or schema as the server returns it (every default filled in) from
 * the few fields a test cares about. The defaults mirror the server's spec models.
 */
import type { AnyControl, ControlDraft, ProjectSchema, SchemaDraft } from "../api/types";

const COMMON = { required: false, hotkeys: {} };
const DEFAULTS = {
  choices: { multiple: false, cost_matrix: null },
  rating: { min: 1, max: 5 },
  spans: { allow_overlap: true },
  text: {
    max_length: 10_000,
    transcription: false,
    lowercase: null,
    strip_punctuation: null,
    error_unit: "word",
  },
  boxes: { iou_threshold: 0.5 },
  polygons: { iou_threshold: 0.5 },
  keypoints: { sigmas: null, oks_threshold: 0.5, skeleton: null },
} as const;

export function control(draft: ControlDraft): AnyControl {
  const defaults = (DEFAULTS as Record<string, object>)[draft.type] ?? {};
  return { ...COMMON, ...defaults, ...draft } as AnyControl;
}

export function schema(draft: SchemaDraft): ProjectSchema {
  return {
    overlap: 1,
    order: "sequential",
    allow_empty_submissions: false,
    ...draft,
    layout: draft.layout ?? null,
    controls: draft.controls.map(control),
  };
}
