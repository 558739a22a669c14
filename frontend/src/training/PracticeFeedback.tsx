/** Instant feedback on a practice answer: the score overall and per control, the answer drawn
 * against the reference (AnswerView's diff), the expert's explanation per control, the guideline
 * section to read, and Retry / Next. The labeling page shows it too, after a honeypot answer
 * when the project allows it: no Retry there, and "Continue" for Next. */
import { Link } from "react-router-dom";
import type { ProjectSchema, Result } from "../api/types";
import { AnswerView } from "../labeling/AnswerView";
import { Text } from "../render";
import { routes } from "./path";
import type { PracticeFeedback as Feedback } from "./types";
import "./training.css";

export const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "Perfect", "Good", "Not yet": words beside the number, so the verdict is not colour alone. */
export function verdict(score: number, target: number): { word: string; kind: "ok" | "warn" | "bad" } {
  if (score >= 0.999) return { word: "Perfect", kind: "ok" };
  if (score >= target) return { word: "Good", kind: "ok" };
  if (score >= target / 2) return { word: "Partly right", kind: "warn" };
  return { word: "Not yet", kind: "bad" };
}

export function guidelineLink(projectId: string | number, section: string | null): string {
  return section
    ? `${routes.guideline(projectId)}#${encodeURIComponent(section)}`
    : routes.guideline(projectId);
}

export function PracticeFeedback({
  projectId,
  schema,
  data,
  result,
  feedback,
  target,
  onRetry,
  onNext,
  nextLabel = "Next item",
}: {
  projectId: string | number;
  schema: ProjectSchema;
  data: Record<string, unknown>;
  result: Result;
  feedback: Feedback;
  /** The practice target's accuracy (what "good" means here). */
  target: number;
  /** Left out: no Retry button (a production answer is not retried). */
  onRetry?: () => void;
  onNext: () => void;
  nextLabel?: string;
}) {
  const overall = verdict(feedback.score, target);
  return (
    <div className="practice-feedback">
      <header className="feedback-header">
        <p className={`score-badge ${overall.kind}`} role="status" data-testid="practice-score">
          <strong>{pct(feedback.score)}</strong> — {overall.word}
        </p>
        <div className="feedback-actions">
          <Link to={guidelineLink(projectId, feedback.section)} className="button">
            Read the guideline{feedback.section ? " section" : ""}
          </Link>
          {onRetry && (
            <button type="button" onClick={onRetry}>
              Retry this item
            </button>
          )}
          <button type="button" className="primary" onClick={onNext} autoFocus>
            {nextLabel}
          </button>
        </div>
      </header>
      <AnswerView
        schema={schema}
        data={data}
        result={result}
        reference={feedback.reference}
        aside={(control) => {
          const score = feedback.scores[control.name];
          const explanation = feedback.explanations[control.name];
          return (
            <div className="control-feedback">
              {score !== undefined && (
                <p
                  className={`score-badge small ${verdict(score, target).kind}`}
                  data-testid={`score-${control.name}`}
                >
                  Score: <strong>{pct(score)}</strong> — {verdict(score, target).word}
                </p>
              )}
              {explanation && (
                <div className="explanation">
                  <h4>Why</h4>
                  <p>
                    <Text value={explanation} />
                  </p>
                </div>
              )}
            </div>
          );
        }}
      />
    </div>
  );
}
