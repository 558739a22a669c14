/**
 * The exam: start (or resume) an attempt, answer its items one at a time with the labeling
 * widgets (progress 3 / 10), no feedback until Finish; then the report per control and per label
 * and what to do next. Refusals to start (403: guideline, practice target, attempts; 429: the
 * cool-down, with a countdown) say why and point at the right step.
 */
import { useCallback, useEffect, useReducer, useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { Project, Result } from "../api/types";
import { useAuth } from "../auth";
import { mergeBindings } from "../labeling/shortcuts";
import { missingRequired, withEmptyAnswers } from "../labeling/submission";
import { Workspace, type WorkspaceAction } from "../labeling/Workspace";
import { Text } from "../render";
import { ExamReport } from "./ExamReport";
import { examReducer, isLast, progressText, startExam, unanswered, type ExamState } from "./exam";
import { examRefusalAction, formatWait, routes, useNow } from "./path";
import { NextStepButton } from "./TrainingCard";
import type { ExamReport as Report, ExamStarted, TrainingMe } from "./types";
import "./training.css";

type Refusal = { message: string; code: string; retryAt: number | null };

/** What a refused start says: the message, and for the cool-down the time it ends. */
export function refusalOf(err: unknown): Refusal {
  if (err instanceof ApiError) {
    const at = typeof err.detail.retry_at === "string" ? Date.parse(err.detail.retry_at) : NaN;
    return { message: err.message, code: err.code, retryAt: Number.isNaN(at) ? null : at };
  }
  return { message: (err as Error).message, code: "unknown", retryAt: null };
}

/** A link to the exam from its own report (the next attempt) starts afresh: every navigation
 * here mounts a new session. */
export function ExamPage() {
  const location = useLocation();
  return <ExamSession key={location.key} />;
}

function ExamSession() {
  const { projectId = "" } = useParams();
  const { me: user } = useAuth();
  const [project, setProject] = useState<Project | null>(null);
  const [me, setMe] = useState<TrainingMe | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [state, dispatch] = useReducer(
    (s: ExamState | null, a: Parameters<typeof examReducer>[1] | { type: "start"; attempt: ExamStarted }) =>
      a.type === "start" ? startExam(a.attempt) : s && examReducer(s, a),
    null,
  );
  const now = useNow(refusal?.retryAt != null);
  const bindings = mergeBindings(user?.shortcuts);

  const refreshMe = useCallback(() => api.trainingMe(projectId).then(setMe, () => undefined), [projectId]);
  useEffect(() => {
    api.project(projectId).then(setProject, (err: Error) => setError(err.message));
    void refreshMe();
  }, [projectId, refreshMe]);

  const start = async () => {
    setBusy(true);
    setRefusal(null);
    setError(null);
    try {
      dispatch({ type: "start", attempt: await api.startExam(projectId) });
    } catch (err) {
      setRefusal(refusalOf(err));
      void refreshMe();
    } finally {
      setBusy(false);
    }
  };

  const item = state ? state.attempt.items[state.index] : null;
  const answer: Result = (item && state?.answers[item.id]) || {};

  /** Store the shown item's answer (if it has one), then move or finish; false when the answer
   * could not be stored (a required control unanswered, a server error). */
  const saveAnd = async (then: "next" | "previous" | "finish"): Promise<boolean> => {
    if (!state || !item || !project || busy) return false;
    setError(null);
    const touched = state.answers[item.id] !== undefined;
    if (touched || then === "next") {
      const result = withEmptyAnswers(project.schema, answer);
      const unanswered_ = missingRequired(project.schema, result);
      if (unanswered_.length > 0 && then !== "previous") {
        setMissing(unanswered_);
        setError(
          `Answer the required control${unanswered_.length > 1 ? "s" : ""} first: ${unanswered_.join(", ")}`,
        );
        return false;
      }
      if (unanswered_.length === 0) {
        setBusy(true);
        try {
          await api.answerExam(state.attempt.id, item.id, result);
          dispatch({ type: "saved", itemId: item.id });
        } catch (err) {
          setError((err as Error).message);
          setBusy(false);
          return false;
        }
        setBusy(false);
      }
    }
    setMissing([]);
    if (then === "next") dispatch({ type: "goto", index: state.index + 1 });
    if (then === "previous") dispatch({ type: "goto", index: state.index - 1 });
    return true;
  };

  /** `justSaved`: an item stored by this click (the state read here predates it). */
  const finish = async (justSaved: number | null) => {
    if (!state) return;
    const left = unanswered(
      justSaved === null ? state : examReducer(state, { type: "saved", itemId: justSaved }),
    );
    if (
      left > 0 &&
      !window.confirm(
        `${left} item${left > 1 ? "s are" : " is"} not answered and will count as wrong. Finish anyway?`,
      )
    )
      return;
    setBusy(true);
    try {
      setReport(await api.finishExam(state.attempt.id));
      void refreshMe();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const saveAndFinish = async () => {
    if (!state || !item) return;
    const touched = state.answers[item.id] !== undefined;
    if (touched && !(await saveAnd("finish"))) return;
    await finish(touched ? item.id : null);
  };

  const onAction = (action: WorkspaceAction) => {
    if (action === "submit") void (state && isLast(state) ? saveAndFinish() : saveAnd("next"));
  };

  const waiting = refusal?.retryAt != null && refusal.retryAt > now;
  const redirect = refusal ? examRefusalAction(refusal.code, projectId) : null;

  return (
    <div className="labeling-page training-page exam-page">
      <header className="labeling-header">
        <Link to={routes.project(projectId)} className="back">
          ← <Text value={project?.name ?? "Project"} />
        </Link>
        <strong>Exam</strong>
        {state && !report && (
          <span className="exam-progress" data-testid="exam-progress">
            Item {progressText(state)}
            <progress max={state.attempt.items.length} value={state.saved.length} aria-label="Answered" />
            {state.saved.length} answered
          </span>
        )}
        {state && !report && (
          <div className="toolbar">
            <button
              type="button"
              onClick={() => void saveAnd("previous")}
              disabled={busy || state.index === 0}
            >
              Previous
            </button>
            {!isLast(state) && (
              <button type="button" className="primary" onClick={() => void saveAnd("next")} disabled={busy}>
                Save and next
              </button>
            )}
            <button
              type="button"
              className={isLast(state) ? "primary" : undefined}
              onClick={() => void saveAndFinish()}
              disabled={busy}
            >
              {isLast(state) ? "Save and finish" : "Finish exam"}
            </button>
          </div>
        )}
      </header>
      {error && (
        <div className="notice error" role="alert">
          <Text value={error} />
        </div>
      )}
      {!state && !report && (
        <section className="card exam-intro">
          <h2>Qualification exam</h2>
          <p>
            Answer each item as you would in production. You get no feedback until you finish; then you see
            your score per control and per label (not the answers: exam items come back in later attempts).
          </p>
          {me && (
            <p className="hint" data-testid="exam-attempts">
              {me.exams.remaining} of {me.exams.max_attempts} attempts left.
              {me.exams.open_attempt_id !== null && " You have an attempt in progress: starting resumes it."}
            </p>
          )}
          {refusal && (
            <div className="notice error" role="alert" data-code={refusal.code}>
              <Text value={refusal.message} />
              {waiting && (
                <p role="timer" data-testid="cooldown">
                  The next attempt opens in {formatWait(refusal.retryAt! - now)}.
                </p>
              )}
            </div>
          )}
          {redirect ? (
            redirect.to ? (
              <Link to={redirect.to} className="button primary big">
                {redirect.label}
              </Link>
            ) : (
              <button type="button" className="primary big" disabled>
                {redirect.label}
              </button>
            )
          ) : (
            <button
              type="button"
              className="primary big"
              onClick={() => void start()}
              disabled={busy || waiting}
            >
              {me?.exams.open_attempt_id != null ? "Resume the exam" : "Start the exam"}
            </button>
          )}
        </section>
      )}
      {state && item && project && !report && (
        <Workspace
          schema={project.schema}
          data={item.data}
          itemKey={`${state.attempt.id}-${item.id}`}
          result={answer}
          onChange={(control, value) => {
            setMissing((m) => m.filter((c) => c !== control));
            dispatch({ type: "edit", itemId: item.id, control, value });
          }}
          bindings={bindings}
          onAction={onAction}
          keysEnabled={!busy}
          keyScope="window"
          notify={setError}
          missing={missing}
        />
      )}
      {report && (
        <section className="card">
          <h2>Exam result</h2>
          <ExamReport report={report} attemptsLeft={me ? me.exams.remaining : null} />
          {me && <NextStepButton me={me} projectId={projectId} />}
        </section>
      )}
    </div>
  );
}
