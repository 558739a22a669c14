/** An annotation's history, oldest first: each change with who made it, when, the status and
 * the answer it left (the author's own view leaves out others' names and a reviewer's fix). */
import { useEffect, useState } from "react";
import { reviewApi, type HistoryEntry } from "../api/review";
import { Text } from "../render";

export const CHANGE_WORDS: Record<string, string> = {
  created: "Draft started",
  saved: "Draft saved",
  submitted: "Submitted",
  corrected: "Corrected",
  accepted: "Accepted",
  rejected: "Rejected",
  fixed: "Fixed by a reviewer",
  imported: "Imported",
};

/** What an answer holds, in one line (control: value). */
export function answerSummary(result: Record<string, unknown> | null): string {
  if (!result) return "";
  return Object.entries(result)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("; ");
}

export function HistoryView({ annotationId }: { annotationId: number }) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    reviewApi.history(annotationId).then(setEntries, (err: Error) => setError(err.message));
  }, [annotationId]);
  if (error)
    return (
      <p className="error">
        <Text value={error} />
      </p>
    );
  if (!entries) return <p className="hint">Loading history…</p>;
  return (
    <ol className="annotation-history" aria-label="History">
      {entries.map((h, i) => (
        <li key={i} data-change={h.change}>
          <strong>{CHANGE_WORDS[h.change] ?? h.change}</strong>{" "}
          <span className="hint">
            v{h.version} · {new Date(h.created_at).toLocaleString()}
            {h.changed_by && (
              <>
                {" "}
                · <Text value={h.changed_by} />
              </>
            )}
          </span>
          {h.result && (
            <div className="hint history-answer">
              <Text value={answerSummary(h.result)} />
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
