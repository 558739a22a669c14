/** Where an annotator is on a project's training path, their progress, and ONE button saying
 * what to do next (the annotator's project page and projects list). */
import { Link } from "react-router-dom";
import { Text } from "../render";
import { examSummary, formatWait, nextAction, pathStates, practiceSummary, useNow } from "./path";
import type { TrainingMe } from "./types";
import "./training.css";

export function NextStepButton({
  me,
  projectId,
  hideNote,
}: {
  me: TrainingMe;
  projectId: string | number;
  /** Leave out the line under the button (the card shows the same progress above it). */
  hideNote?: boolean;
}) {
  const now = useNow();
  const action = nextAction(me, projectId, now);
  const waiting = action.waitUntil !== undefined && action.waitUntil > now;
  return (
    <div className="next-step">
      {action.to && !waiting ? (
        <Link to={action.to} className="button primary big">
          {action.label}
        </Link>
      ) : (
        <button type="button" className="primary big" disabled>
          {action.label}
        </button>
      )}
      {waiting && (
        <p className="hint" role="timer" aria-live="off">
          Cool-down: the next attempt opens in {formatWait(action.waitUntil! - now)}
        </p>
      )}
      {action.note && !hideNote && (
        <p className="hint">
          <Text value={action.note} />
        </p>
      )}
    </div>
  );
}

/** The card lists practice and exam progress already; a note about anything else stays. */
function repeatsProgress(me: TrainingMe): boolean {
  return me.step === "practice" || me.step === "exam" || me.step === "paused";
}

export function TrainingCard({ me, projectId }: { me: TrainingMe; projectId: string | number }) {
  const states = pathStates(me);
  return (
    <section className="card training-card" aria-label="Your training">
      <h2>Your training</h2>
      {me.paused && (
        <div className="notice error" role="alert">
          <strong>Paused.</strong>{" "}
          <Text value={me.reason ?? "Your recent answers on check items were below the project's bar."} /> A
          refresher practice
          {me.focus_labels.length > 0 && (
            <>
              {" "}
              on <Text value={me.focus_labels.join(", ")} />
            </>
          )}{" "}
          and a new exam bring you back to labeling.
        </div>
      )}
      <ol className="training-path">
        {states.map((s) => (
          <li key={s.step} className={s.state} aria-current={s.state === "current" ? "step" : undefined}>
            <span className="marker" aria-hidden="true">
              {s.state === "done" ? "✓" : s.state === "current" ? "▶" : "○"}
            </span>
            {s.name}
            <span className="visually-hidden"> ({s.state === "todo" ? "to come" : s.state})</span>
          </li>
        ))}
      </ol>
      <dl className="training-progress">
        <dt>Practice</dt>
        <dd>
          {practiceSummary(me)}
          {me.practice.met ? " — target reached" : ""}
        </dd>
        <dt>Exam</dt>
        <dd>{me.certified ? "Passed: you are certified" : examSummary(me)}</dd>
        {me.guideline.version && (
          <>
            <dt>Guideline</dt>
            <dd>
              Version {me.guideline.version}
              {me.guideline.acknowledged ? ", acknowledged" : ", not acknowledged yet"}
            </dd>
          </>
        )}
      </dl>
      <NextStepButton me={me} projectId={projectId} hideNote={repeatsProgress(me)} />
    </section>
  );
}
