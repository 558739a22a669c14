/**
 * Practice: a gold item drawn with the labeling page's workspace and widgets; Submit scores it at
 * once (the server answers the score per control, the reference and the explanations) and the
 * answer is drawn against the reference. Retry answers the same item again; Next draws another.
 * Practice answers never become annotations.
 */
import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api } from "../api/endpoints";
import type { Project, Result } from "../api/types";
import { useAuth } from "../auth";
import { HelpOverlay } from "../labeling/HelpOverlay";
import { canRedo, canUndo, createHistory, pushHistory, redo, undo, type History } from "../labeling/history";
import { unsupportedControls } from "../labeling/registry";
import { DEFAULT_BINDINGS, displayKey, mergeBindings, type Bindings } from "../labeling/shortcuts";
import { missingRequired, withEmptyAnswers } from "../labeling/submission";
import { Workspace, allLabelKeys, controlKeys, type WorkspaceAction } from "../labeling/Workspace";
import { Text } from "../render";
import { PracticeFeedback } from "./PracticeFeedback";
import { practiceSummary, routes } from "./path";
import type { PracticeFeedback as Feedback, TrainingItem, TrainingMe } from "./types";
import "./training.css";

type Phase =
  | { kind: "loading" }
  | { kind: "item"; item: TrainingItem }
  | { kind: "feedback"; item: TrainingItem; result: Result; feedback: Feedback }
  | { kind: "none" }
  | { kind: "error"; message: string };

export function PracticePage() {
  const { projectId = "" } = useParams();
  const { me: user, setMe: setUser } = useAuth();
  const [project, setProject] = useState<Project | null>(null);
  const [me, setMe] = useState<TrainingMe | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [history, setHistory] = useState<History<Result>>(createHistory({}));
  const [missing, setMissing] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [help, setHelp] = useState(false);
  const bindings = mergeBindings(user?.shortcuts);

  const refreshMe = useCallback(() => api.trainingMe(projectId).then(setMe, () => undefined), [projectId]);

  const show = useCallback((item: TrainingItem, start: Result = {}) => {
    setHistory(createHistory(start));
    setMissing([]);
    setNotice(null);
    setPhase({ kind: "item", item });
  }, []);

  const loadNext = useCallback(async () => {
    setPhase({ kind: "loading" });
    try {
      const item = await api.nextPractice(projectId);
      if (item) show(item);
      else setPhase({ kind: "none" });
    } catch (err) {
      setPhase({ kind: "error", message: (err as Error).message });
    }
  }, [projectId, show]);

  useEffect(() => {
    let cancelled = false;
    api.project(projectId).then(
      (p) => {
        if (cancelled) return;
        setProject(p);
        const unsupported = unsupportedControls(p.schema);
        if (unsupported.length > 0)
          setPhase({ kind: "error", message: "This project has controls this page cannot show yet." });
        else void loadNext();
      },
      (err: Error) => !cancelled && setPhase({ kind: "error", message: err.message }),
    );
    void refreshMe();
    return () => {
      cancelled = true;
    };
  }, [projectId, loadNext, refreshMe]);

  const submit = useCallback(async () => {
    if (phase.kind !== "item" || !project || busy) return;
    const result = withEmptyAnswers(project.schema, history.present);
    const unanswered = missingRequired(project.schema, result);
    if (unanswered.length > 0) {
      setMissing(unanswered);
      setNotice(
        `Answer the required control${unanswered.length > 1 ? "s" : ""} first: ${unanswered.join(", ")}`,
      );
      return;
    }
    setBusy(true);
    try {
      const feedback = await api.answerPractice(projectId, phase.item.id, result);
      setPhase({ kind: "feedback", item: phase.item, result, feedback });
      void refreshMe();
    } catch (err) {
      setNotice((err as Error).message);
    } finally {
      setBusy(false);
    }
  }, [phase, project, busy, history.present, projectId, refreshMe]);

  const onAction = useCallback(
    (action: WorkspaceAction) => {
      if (action === "submit") void submit();
      else if (action === "undo") setHistory((h) => (canUndo(h) ? undo(h) : h));
      else if (action === "redo") setHistory((h) => (canRedo(h) ? redo(h) : h));
      else if (action === "help") setHelp(true);
      else if (action === "skip") void loadNext();
    },
    [submit, loadNext],
  );

  const onChange = useCallback((control: string, value: unknown, coalesce?: string) => {
    setMissing((m) => m.filter((c) => c !== control));
    setHistory((h) => {
      const next = { ...h.present };
      if (value === undefined) delete next[control];
      else next[control] = value;
      return pushHistory(h, next, { coalesce });
    });
  }, []);

  /** Same as the labeling page: a changed shortcut is saved to the account. */
  const rebind = useCallback(
    async (next: Bindings) => {
      const changed = Object.fromEntries(
        Object.entries(next).filter(([a, k]) => DEFAULT_BINDINGS[a as keyof Bindings] !== k),
      );
      await api.saveShortcuts(changed);
      if (user) setUser({ ...user, shortcuts: changed });
    },
    [user, setUser],
  );

  const schema = project?.schema;
  const targetReached = me?.practice.met && !me.certified && me.step !== "acknowledge_guideline";

  return (
    <div className="labeling-page training-page practice-page">
      <header className="labeling-header">
        <Link to={routes.project(projectId)} className="back">
          ← <Text value={project?.name ?? "Project"} />
        </Link>
        <strong>{me?.paused ? "Refresher practice" : "Practice"}</strong>
        <span className="counter" data-testid="practice-progress">
          {me ? practiceSummary(me) : ""}
        </span>
        {phase.kind === "item" && (
          <div className="toolbar">
            <button type="button" onClick={() => setHelp(true)}>
              Shortcuts <kbd>{displayKey(bindings.help)}</kbd>
            </button>
            <button type="button" onClick={() => void loadNext()} disabled={busy}>
              Another item
            </button>
            <button type="button" className="primary" onClick={() => void submit()} disabled={busy}>
              Check my answer <kbd>{displayKey(bindings.submit)}</kbd>
            </button>
          </div>
        )}
      </header>
      {me?.paused && me.focus_labels.length > 0 && (
        <p className="notice" role="status">
          This refresher focuses on <Text value={me.focus_labels.join(", ")} />: the labels your recent
          answers missed most.
        </p>
      )}
      {targetReached && (
        <div className="notice target-reached" role="status">
          Practice target reached — you can take the exam now.{" "}
          <Link to={routes.exam(projectId)} className="button primary">
            Take the exam
          </Link>
        </div>
      )}
      {notice && (
        <div className="notice error" role="alert">
          <Text value={notice} />
        </div>
      )}
      {phase.kind === "loading" && <p className="hint center">Loading…</p>}
      {phase.kind === "error" && (
        <p className="error center">
          <Text value={phase.message} />
        </p>
      )}
      {phase.kind === "none" && (
        <div className="empty-state">
          <h2>No practice items</h2>
          <p>This project has no practice items yet. A project manager adds them.</p>
          <Link to={routes.project(projectId)}>Back to the project</Link>
        </div>
      )}
      {phase.kind === "item" && schema && (
        <Workspace
          schema={schema}
          data={phase.item.data}
          itemKey={`${phase.item.id}`}
          result={history.present}
          onChange={onChange}
          bindings={bindings}
          onAction={onAction}
          keysEnabled={!help && !busy}
          keyScope="window"
          notify={setNotice}
          missing={missing}
        />
      )}
      {phase.kind === "feedback" && schema && (
        <PracticeFeedback
          projectId={projectId}
          schema={schema}
          data={phase.item.data}
          result={phase.result}
          feedback={phase.feedback}
          target={me?.practice.target_accuracy ?? 0.8}
          onRetry={() => show(phase.item, phase.result)}
          onNext={() => void loadNext()}
        />
      )}
      {help && schema && (
        <HelpOverlay
          bindings={bindings}
          controls={controlKeys(schema)}
          labelKeys={allLabelKeys(schema)}
          onRebind={rebind}
          onClose={() => setHelp(false)}
        />
      )}
    </div>
  );
}
