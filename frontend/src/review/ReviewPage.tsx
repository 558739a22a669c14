/** Reviewing, one annotation at a time (route /projects/:projectId/review/next): the item with
 * the annotation drawn read-only by the widgets, earlier verdicts on it (at tier 2, what tier 1
 * decided), and the three verdicts — Accept (A), Reject with a reason and a guideline section
 * (R), Fix in the labeling Workspace (F) — plus Skip (S) to pass it over for now and the
 * annotation's history (H). After each
 * verdict the next annotation comes. */
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { guidelineApi, type GuidelineSection } from "../api/guidelines";
import { reviewApi, type ReviewTask, type Verdict } from "../api/review";
import type { Project, Result } from "../api/types";
import { AnswerView } from "../labeling/AnswerView";
import { Text } from "../render";
import { AnswerEditor } from "./AnswerEditor";
import { HistoryView } from "./HistoryView";
import "./review.css";

type Phase =
  | { kind: "loading" }
  | { kind: "task"; task: ReviewTask }
  | { kind: "done" }
  | { kind: "error"; message: string };

const VERDICT_WORDS: Record<Verdict, string> = { accept: "Accepted", reject: "Sent back", fix: "Fixed" };

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

export function ReviewPage() {
  const { projectId = "" } = useParams();
  const [project, setProject] = useState<Project | null>(null);
  const [sections, setSections] = useState<GuidelineSection[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [mode, setMode] = useState<"view" | "reject" | "fix">("view");
  const [comment, setComment] = useState("");
  const [section, setSection] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  const [showHistory, setShowHistory] = useState(false);
  const skipped = useRef<number[]>([]);
  const commentBox = useRef<HTMLTextAreaElement>(null);

  const loadNext = useCallback(async () => {
    setMode("view");
    setComment("");
    setSection("");
    try {
      const task = await reviewApi.next(projectId, skipped.current);
      setPhase(task ? { kind: "task", task } : { kind: "done" });
    } catch (err) {
      setPhase({ kind: "error", message: (err as Error).message });
    }
  }, [projectId]);

  useEffect(() => {
    api
      .project(projectId)
      .then(setProject, (err: Error) => setPhase({ kind: "error", message: err.message }));
    guidelineApi.published(projectId).then(
      (g) => setSections(g.sections),
      () => setSections([]),
    );
    void loadNext();
  }, [projectId, loadNext]);

  const decide = useCallback(
    async (verdict: Verdict, result?: Result) => {
      if (phase.kind !== "task" || busy) return;
      if (verdict === "reject" && !comment.trim()) {
        setNotice("Write the reason first: the author reads it.");
        commentBox.current?.focus();
        return;
      }
      setBusy(true);
      try {
        await reviewApi.decide(phase.task.annotation.id, {
          verdict,
          comment: comment.trim(),
          guideline_section: verdict === "accept" ? null : section || null,
          result: verdict === "fix" ? result : null,
        });
        setDone((n) => n + 1);
        setNotice(`${VERDICT_WORDS[verdict]}.`);
        await loadNext();
      } catch (err) {
        if (err instanceof ApiError && err.code === "not_pending_review") {
          setNotice("Someone decided on that one meanwhile; here is the next.");
          await loadNext();
        } else if (verdict === "fix") {
          throw err; // the editor shows it
        } else {
          setNotice((err as Error).message);
        }
      } finally {
        setBusy(false);
      }
    },
    [phase, busy, comment, section, loadNext],
  );

  const skip = useCallback(() => {
    if (phase.kind !== "task") return;
    skipped.current = [...skipped.current, phase.task.annotation.id].slice(-100);
    setNotice(null);
    void loadNext();
  }, [phase, loadNext]);

  // The keys, while no form or editor has the keyboard.
  useEffect(() => {
    if (phase.kind !== "task") return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (mode !== "view") {
        if (e.key === "Escape") setMode("view");
        return;
      }
      if (isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === "a") void decide("accept");
      else if (key === "r") setMode("reject");
      else if (key === "f") setMode("fix");
      else if (key === "s") skip();
      else if (key === "h") setShowHistory((v) => !v);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [phase.kind, mode, decide, skip]);

  useEffect(() => {
    if (mode === "reject") commentBox.current?.focus();
  }, [mode]);

  const schema = project?.schema;
  return (
    <div className="review-page">
      <header className="labeling-header">
        <Link to={`/projects/${projectId}/review`} className="back">
          ← <Text value={project?.name ?? "Project"} />
        </Link>
        <span className="status" aria-live="polite">
          {notice}
        </span>
        <span className="counter">{done} reviewed this session</span>
      </header>
      {phase.kind === "loading" && <p className="hint center">Loading…</p>}
      {phase.kind === "error" && (
        <p className="error center">
          <Text value={phase.message} />
        </p>
      )}
      {phase.kind === "done" && (
        <div className="empty-state">
          <h2>Nothing to review</h2>
          <p>No annotation is waiting for your review right now.</p>
          {skipped.current.length > 0 && (
            <button
              type="button"
              onClick={() => {
                skipped.current = [];
                void loadNext();
              }}
            >
              Show the ones I skipped
            </button>
          )}{" "}
          <Link to={`/projects/${projectId}/review`}>Back to the Review tab</Link>
        </div>
      )}
      {phase.kind === "task" && schema && (
        <section aria-label="Annotation under review" data-annotation={phase.task.annotation.id}>
          <p className="hint">
            Tier {phase.task.tier}
            {phase.task.tier === 2 ? " (expert)" : ""} · by <Text value={phase.task.annotation.author} /> ·
            item {phase.task.item_id} · {phase.task.pending.tier1} waiting at tier 1
            {phase.task.pending.tier2 > 0 ? `, ${phase.task.pending.tier2} at tier 2` : ""}
          </p>
          {phase.task.earlier.length > 0 && (
            <ul className="earlier" aria-label="Earlier verdicts">
              {phase.task.earlier.map((e, i) => (
                <li key={i}>
                  Tier {e.tier}: <strong>{e.verdict}</strong>
                  {e.reviewer && (
                    <>
                      {" "}
                      by <Text value={e.reviewer} />
                    </>
                  )}
                  {e.comment && (
                    <>
                      {" "}
                      — <Text value={e.comment} />
                    </>
                  )}
                  {e.guideline_section && (
                    <span className="hint">
                      {" "}
                      (§ <Text value={e.guideline_section} />)
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {mode === "fix" ? (
            <AnswerEditor
              schema={schema}
              data={phase.task.data}
              itemKey={`fix-${phase.task.annotation.id}`}
              initial={phase.task.annotation.result}
              submitLabel="Save fix"
              onCancel={() => setMode("view")}
              onSubmit={(result) => decide("fix", result)}
            />
          ) : (
            <AnswerView
              schema={schema}
              data={phase.task.data}
              result={phase.task.annotation.result}
              labels={{ yours: "Their answer", reference: "Reference" }}
            />
          )}
          {mode === "reject" && (
            <form
              className="reject-form"
              onSubmit={(e) => {
                e.preventDefault();
                void decide("reject");
              }}
            >
              <label>
                Reason (the author reads it)
                <textarea
                  ref={commentBox}
                  rows={3}
                  maxLength={5000}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                      e.preventDefault();
                      void decide("reject");
                    }
                  }}
                />
              </label>
              <label>
                Guideline section
                <select value={section} onChange={(e) => setSection(e.target.value)}>
                  <option value="">(none)</option>
                  {sections.map((s) => (
                    <option key={s.anchor} value={s.anchor}>
                      {"\u00a0".repeat(Math.max(0, s.depth - 1) * 2)}
                      {s.title}
                    </option>
                  ))}
                </select>
              </label>
              <div className="verdicts">
                <button type="submit" className="primary" disabled={busy}>
                  Send back <kbd>Ctrl+Enter</kbd>
                </button>
                <button type="button" onClick={() => setMode("view")}>
                  Cancel <kbd>Esc</kbd>
                </button>
              </div>
            </form>
          )}
          {mode === "view" && (
            <div className="verdicts">
              <button type="button" className="primary" onClick={() => void decide("accept")} disabled={busy}>
                Accept <kbd>A</kbd>
              </button>
              <button type="button" onClick={() => setMode("reject")} disabled={busy}>
                Reject <kbd>R</kbd>
              </button>
              <button type="button" onClick={() => setMode("fix")} disabled={busy}>
                Fix <kbd>F</kbd>
              </button>
              <button type="button" onClick={skip} disabled={busy}>
                Skip <kbd>S</kbd>
              </button>
              <button type="button" onClick={() => setShowHistory((v) => !v)} aria-pressed={showHistory}>
                History <kbd>H</kbd>
              </button>
            </div>
          )}
          {showHistory && (
            <HistoryView key={phase.task.annotation.id} annotationId={phase.task.annotation.id} />
          )}
        </section>
      )}
    </div>
  );
}
