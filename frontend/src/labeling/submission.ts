/**
 * What the labeling page checks and fills in before it submits, so the server gets a complete
 * answer and the annotator hears about a missing one without a round trip.
 */
import type { ProjectSchema, Result } from "../api/types";
import { widgetFor } from "./registry";

/**
 * The result with an explicit empty answer for every control the annotator was shown and left
 * empty where empty is an answer: a text with no entities is `"entities": []`, not a missing key
 * (which would read as "not looked at").
 */
export function withEmptyAnswers(schema: ProjectSchema, result: Result): Result {
  const out: Result = { ...result };
  for (const control of schema.controls) {
    const empty = widgetFor(control)?.emptyAnswer;
    if (empty && (out[control.name] === undefined || out[control.name] === null)) {
      out[control.name] = empty();
    }
  }
  return out;
}

/** Required controls without an answer, in schema order (what the server would refuse). */
export function missingRequired(schema: ProjectSchema, result: Result): string[] {
  return schema.controls
    .filter((c) => c.required)
    .filter((c) => {
      const v = result[c.name];
      return v === undefined || v === null || v === "";
    })
    .map((c) => c.name);
}
