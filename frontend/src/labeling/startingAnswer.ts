/**
 * Where an item's answer starts: the annotator's own draft when there is one, else the model
 * prediction the server served (projects that show predictions), else nothing. The note says
 * which models the start came from, so the annotator knows the answer is a model's to check.
 */
import type { NextItem, Result } from "../api/types";

export interface StartingAnswer {
  result: Result;
  /** "Started from model bert v2" when the answer is a prediction; null otherwise. */
  note: string | null;
}

export function modelName(model: string, version: string): string {
  return version ? `${model} v${version}` : model;
}

export function startingAnswer(item: Pick<NextItem, "draft" | "prediction">): StartingAnswer {
  if (item.draft) return { result: (item.draft.result as Result | undefined) ?? {}, note: null };
  const prediction = item.prediction;
  if (!prediction || Object.keys(prediction.result).length === 0) return { result: {}, note: null };
  const models = prediction.models.map((m) => modelName(m.model, m.model_version));
  const label = models.length > 1 ? "models" : "model";
  return { result: { ...(prediction.result as Result) }, note: `Started from ${label} ${models.join(", ")}` };
}

/** " · moved 0.25 on stars, 1 on sentiment": how far a saved answer moved from each prediction
 * (the control's own distance, 0..1), as the manager's item view shows it. */
export function anchoringSummary(distance: Record<string, number> | null | undefined): string {
  if (!distance || Object.keys(distance).length === 0) return "";
  const moved = Object.entries(distance).filter(([, d]) => d > 0);
  if (moved.length === 0) return " · kept as predicted";
  return ` · moved ${moved.map(([c, d]) => `${Number(d.toFixed(2))} on ${c}`).join(", ")}`;
}
