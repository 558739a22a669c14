/** Test fixtures: a training/me answer with every field, from the few a test cares about. */
import type { TrainingMe } from "./types";

type Partial2<T> = { [K in keyof T]?: T[K] extends object | null ? Partial<NonNullable<T[K]>> | T[K] : T[K] };

export function trainingMe(over: Partial2<TrainingMe> = {}): TrainingMe {
  const base: TrainingMe = {
    step: "practice",
    certified: false,
    paused: false,
    reason: null,
    focus_labels: [],
    guideline: { version_id: 1, version: "1.0", acknowledged: true },
    practice: {
      answered: 0,
      accuracy: null,
      target_items: 10,
      target_accuracy: 0.8,
      met: false,
      available: 12,
    },
    exams: {
      attempts: 0,
      max_attempts: 3,
      remaining: 3,
      next_allowed_at: null,
      open_attempt_id: null,
      last: null,
    },
  };
  return {
    ...base,
    ...(over as Partial<TrainingMe>),
    guideline: { ...base.guideline, ...(over.guideline ?? {}) },
    practice: { ...base.practice, ...(over.practice ?? {}) },
    exams: { ...base.exams, ...(over.exams ?? {}) },
  };
}
