/** "My work": the caller's own past annotations with their review state. A rejection is feedback
 * they must open (the queue waits for it): unopened ones come first, marked, with the count on
 * top; opening one shows the reviewer's comment and the guideline section it cites. "Correct"
 * edits the annotation in the labeling Workspace; submitting the correction sends it back to
 * review. Each item's history is one click away. */
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/endpoints";
import { reviewApi, type MyAnnotation, type MyAnnotationsPage, type MyFilter } from "../api/review";
import type { Project } from "../api/types";
import { Text } from "../render";
import { guidelineLink } from "../training/PracticeFeedback";
import { AnswerEditor } from "./AnswerEditor";
import { HistoryView } from "./HistoryView";
import "./review.css";

const FILTERS: { value: MyFilter | null; label: string }[] = [
  { value: null, label: "All" },
  { value: "unopened", label: "Feedback to open" },
  { value: "rejected", label: "Sent back" },
  { value: "pending", label: "In review" },
  { value: "reviewed", label: "Reviewed" },
];

export const STATUS_WORDS: Record<string, string> = {
  pending: "In review",
  accepted: "Accepted",
  rejected: "Sent back",
  fixed: "Fixed by a reviewer",
};

/** The item's first text value, cut short: what a row shows of the item. */
export function preview(data: Record<string, unknown>, max = 120): string {
  const text = Object.values(data).find((v): v is string => typeof v === "string") ?? "";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function MyWorkTab({ project }: { project: Project }) {
  const [filter, setFilter] = useState<MyFilter | null>(null);
  const [page, setPage] = useState<MyAnnotationsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    reviewApi.mine(project.id, filter ?? undefined).then(setPage, (err: Error) => setError(err.message));
  }, [project.id, filter]);
  useEffect(reload, [reload]);

  return (
    <div className="my-work-tab">
      {page && page.unopened > 0 && (
        <div className="feedback-due" role="alert" data-testid="feedback-due">
          <strong>
            A reviewer sent back {page.unopened} item{page.unopened > 1 ? "s" : ""} of yours.
          </strong>{" "}
          Open the feedback below (your next item waits for it), then correct the item.
        </div>
      )}
      <div className="toolbar" role="radiogroup" aria-label="Items shown">
        {FILTERS.map((f) => (
          <label key={f.label}>
            <input
              type="radio"
              name="my-work-filter"
              checked={filter === f.value}
              onChange={() => setFilter(f.value)}
            />{" "}
            {f.label}
          </label>
        ))}
      </div>
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
      {!page && !error && <p className="hint">Loading…</p>}
      {page?.items.length === 0 && <p className="hint">Nothing here yet.</p>}
      <ul className="my-work-list" data-testid="my-work">
        {page?.items.map((a) => (
          <MyItem key={a.id} annotation={a} project={project} onChanged={reload} />
        ))}
      </ul>
      {page && page.total > page.items.length && (
        <p className="hint">
          Showing {page.items.length} of {page.total}.
        </p>
      )}
    </div>
  );
}

function MyItem({
  annotation: a,
  project,
  onChanged,
}: {
  annotation: MyAnnotation;
  project: Project;
  onChanged: () => void;
}) {
  const [mode, setMode] = useState<"none" | "correct" | "history">("none");
  const [error, setError] = useState<string | null>(null);
  const feedback = a.feedback;
  const unopened = feedback?.verdict === "reject" && feedback.opened_at === null;
  const open = () => {
    if (!feedback) return;
    reviewApi.open(feedback.review_id).then(onChanged, (err: Error) => setError(err.message));
  };
  return (
    <li className={unopened ? "unopened" : undefined} data-annotation={a.id}>
      <header>
        <strong>Item {a.item_id}</strong>
        <Text value={preview(a.data)} />
        {a.review_status ? (
          <span className={`review-status ${a.review_status}`}>{STATUS_WORDS[a.review_status]}</span>
        ) : (
          <span className="hint">{a.status === "draft" ? "draft" : "not reviewed"}</span>
        )}
        <span className="hint">{new Date(a.updated_at).toLocaleString()}</span>
      </header>
      {feedback && unopened && (
        <button type="button" className="primary" onClick={open}>
          Open feedback
        </button>
      )}
      {feedback && !unopened && (feedback.comment || feedback.guideline_section) && (
        <div className="review-feedback" data-testid="review-feedback">
          <blockquote>
            <Text value={feedback.comment} />
          </blockquote>
          {feedback.guideline_section && (
            <Link to={guidelineLink(project.id, feedback.guideline_section)}>
              Guideline: <Text value={feedback.guideline_section} />
            </Link>
          )}
        </div>
      )}
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
      <div className="actions">
        {a.status === "submitted" && !project.archived_at && (
          <button
            type="button"
            onClick={() => setMode((m) => (m === "correct" ? "none" : "correct"))}
            disabled={unopened}
            title={unopened ? "Open the feedback first" : undefined}
          >
            Correct
          </button>
        )}
        <button type="button" onClick={() => setMode((m) => (m === "history" ? "none" : "history"))}>
          History
        </button>
      </div>
      {mode === "history" && <HistoryView annotationId={a.id} />}
      {mode === "correct" && (
        <AnswerEditor
          schema={project.schema}
          data={a.data}
          itemKey={`correct-${a.id}`}
          initial={a.result}
          submitLabel="Submit correction"
          onCancel={() => setMode("none")}
          onSubmit={async (result) => {
            await api.updateAnnotation(a.id, { result, status: "submitted", version: a.version });
            setMode("none");
            onChanged();
          }}
        />
      )}
    </li>
  );
}
