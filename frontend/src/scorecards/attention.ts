/** The team table's words for why someone may need help (the server's `attention` codes). */
import type { TeamRow } from "../api/types";

export const ATTENTION_LABELS: Record<TeamRow["attention"][number], string> = {
  paused: "paused",
  exam_failed: "failed the exam",
  low_honeypot_accuracy: "low accuracy on quality checks",
  not_certified: "not certified",
};

export function attentionText(row: TeamRow): string {
  return row.attention.map((a) => ATTENTION_LABELS[a] ?? a).join(", ");
}

/** Percent with no decimals, or "—". */
export function pct(x: number | null | undefined): string {
  return typeof x === "number" && Number.isFinite(x) ? `${Math.round(x * 100)}%` : "—";
}
