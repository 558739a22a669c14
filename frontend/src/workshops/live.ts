/** Pure helpers of the workshop pages (tested alone): the distribution as bars, how split the
 * answers are, and every trainee's regions merged into one answer to draw them overlaid. */
import type { ProjectSchema, Result } from "../api/types";
import type { ControlDistribution } from "../api/workshops";

export interface Bar {
  label: string;
  count: number;
  share: number;
}

/** A control's counts as bars, most given first (ties by label), shares of the answers. */
export function bars(d: ControlDistribution): Bar[] {
  const total = d.answered || 1;
  return Object.entries(d.counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([label, count]) => ({ label, count, share: count / total }));
}

/** Whether the answers to a control are split: the most given answer has under `threshold` of
 * them (with at least two answers). A split item is worth a question for the guideline. */
export function disputed(d: ControlDistribution, threshold = 0.75): boolean {
  if (d.answered < 2) return false;
  const top = Math.max(0, ...Object.values(d.counts));
  return top / d.answered < threshold;
}

/** The question text a disputed item starts with (the trainer edits it). */
export function questionText(title: string, position: number, split: ControlDistribution[]): string {
  const parts = split.map(
    (d) =>
      `${d.control}: ${bars(d)
        .map((b) => `${b.label} ${b.count}`)
        .join(", ")}`,
  );
  return `Workshop "${title}", item ${position + 1}: answers were split (${parts.join("; ")}). Which is right, and why?`;
}

/** Every answer's regions of each region control (a list of objects) in one result, ids made
 * unique per trainee, so one read-only view draws them all over each other. Scalar controls
 * (choices, rating, text) are left out: the bars show them. */
export function overlay(schema: ProjectSchema, answers: { user: string; result: Result }[]): Result {
  const merged: Result = {};
  for (const control of schema.controls) {
    const regions: unknown[] = [];
    answers.forEach((a, n) => {
      const value = a.result[control.name];
      if (!Array.isArray(value)) return;
      value.forEach((region, i) => {
        if (region && typeof region === "object" && !Array.isArray(region)) {
          const id = (region as { id?: unknown }).id;
          regions.push({ ...(region as object), id: `t${n}-${typeof id === "string" ? id : i}` });
        }
      });
    });
    if (regions.length > 0) merged[control.name] = regions;
  }
  return merged;
}
