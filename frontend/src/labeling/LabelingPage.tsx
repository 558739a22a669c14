/**
 * The labeling page: takes the next item from the queue, autosaves drafts, submits with the lead
 * time, and asks for the next item as soon as the submit lands. Before a submission it fills in
 * the empty answers (`[]` for region controls) and checks required controls locally; a project
 * with a control this UI cannot show is not offered for labeling at all. When the submit's answer
 * carries feedback (a honeypot, in a project that shows honeypot feedback) the page shows it —
 * the practice page's feedback — until Continue (or Enter / the submit key) asks for the next item.
 * An item served with a model prediction starts from it, and says from which model.
 * Every save carries the active time since the previous one (`activeTime.ts`: visible tab and
 * input in the last 30 s). At the project's per-annotator cap the queue answers `cap_reached`,
 * shown as the end of this person's share, not as an error.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { api, feedbackApi } from "../api/endpoints";
import { guidelineApi, type PublishedGuideline } from "../api/guidelines";
import { DefinitionCard, GuidelinePanel, type DefinitionRequest } from "../guideline/LabelingGuide";
import { definitionOf, type Definition } from "../guideline/sections";
import type { NextItem, PracticeFeedback as Feedback, Project, Result } from "../api/types";
import { useAuth } from "../auth";
import { Text } from "../render";
import { PracticeFeedback } from "../training/PracticeFeedback";
import { isTrainingRefusal } from "../training/path";
import { TrainingRefusal } from "../training/TrainingRefusal";
import { AskDialog } from "../questions/AskDialog";
import { FEEDBACK_DUE, FeedbackDue } from "../review/FeedbackDue";
import { HelpOverlay, SkipDialog } from "./HelpOverlay";
import { canRedo, canUndo, createHistory, pushHistory, redo, undo, type History } from "./history";
import { DEFAULT_BINDINGS, displayKey, eventKey, mergeBindings, type Bindings } from "./shortcuts";
import { AnnotationSync, StaleVersion } from "./sync";
import { ActiveTimer, watchActivity } from "./activeTime";
import { unsupportedControls } from "./registry";
import { startingAnswer } from "./startingAnswer";
import { missingRequired, withEmptyAnswers } from "./submission";
import { Workspace, allLabelKeys, controlKeys, type WorkspaceAction } from "./Workspace";

export const AUTOSAVE_MS = 1000;
const NEXT_ATTEMPTS = 3;

type Phase =
  | { kind: "loading" }
  | { kind: "unsupported"; controls: { name: string; type: string }[] }
  | { kind: "item"; item: NextItem }
  | { kind: "feedback"; item: NextItem; result: Result; feedback: Feedback }
  | { kind: "done" }
  | { kind: "refused"; code: string; message: string }
  | { kind: "capped"; done: number; cap: number }
  | { kind: "error"; message: string };

export function LabelingPage() {
  const { projectId = "" } = useParams();
  const { me, setMe } = useAuth();
  const [project, setProject] = useState<Project | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [history, setHistory] = useState<History<Result>>(createHistory({}));
  const [bindings, setBindings] = useState<Bindings>(() => mergeBindings(me?.shortcuts));
  const [dialog, setDialog] = useState<"help" | "skip" | "ask" | null>(null);
  const [status, setStatus] = useState("");
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [done, setDone] = useState(0);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [startNote, setStartNote] = useState<string | null>(null);
  const [guideline, setGuideline] = useState<PublishedGuideline | null>(null);
  const [showGuide, setShowGuide] = useState(false);
  const [guideFocus, setGuideFocus] = useState<{ anchor: string } | null>(null);
  const [definition, setDefinition] = useState<DefinitionRequest | null>(null);
  const workspaceBox = useRef<HTMLDivElement>(null);
  const hoverTimer = useRef<number | undefined>(undefined);

  const sync = useRef<AnnotationSync | null>(null);
  const shownAt = useRef(0);
  const priorLeadTime = useRef(0);
  const autosaveTimer = useRef<number | undefined>(undefined);
  const activeTimer = useRef<ActiveTimer | null>(null);
  activeTimer.current ??= new ActiveTimer();
  useEffect(() => watchActivity(activeTimer.current!), []);
  const activeMs = () => activeTimer.current?.take() ?? 0;
  const busyRef = useRef(false);
  const historyRef = useRef(history);
  historyRef.current = history;
  const projectRef = useRef(project);
  projectRef.current = project;

  const notify = useCallback(
    (text: string, kind: "error" | "info" = "info") => setNotice({ kind, text }),
    [],
  );
  const leadTime = () => priorLeadTime.current + (performance.now() - shownAt.current);

  const show = useCallback((item: NextItem | null) => {
    window.clearTimeout(autosaveTimer.current);
    if (!item) {
      sync.current = null;
      setPhase({ kind: "done" });
      return;
    }
    const draft = item.draft ?? null;
    sync.current = new AnnotationSync(
      {
        create: (body) => api.createAnnotation(item.id, body),
        update: (id, body) => api.updateAnnotation(id, body),
      },
      draft,
    );
    priorLeadTime.current = draft?.lead_time_ms ?? 0;
    shownAt.current = performance.now();
    activeTimer.current?.take(); // time before this item is not its time
    activeTimer.current?.activity(); // the item was just asked for
    const start = startingAnswer(item);
    setHistory(createHistory(start.result));
    setStartNote(start.note);
    setStatus(draft ? "Draft restored" : "");
    setMissing([]);
    setPhase({ kind: "item", item });
  }, []);

  const loadNext = useCallback(async () => {
    setPhase((p) => (p.kind === "item" ? p : { kind: "loading" }));
    for (let attempt = 1; ; attempt++) {
      try {
        show(await api.next(projectId));
        return;
      } catch (err) {
        // Another request of ours claimed an item at the same moment; the server says retry.
        if (err instanceof ApiError && err.code === "queue_busy" && attempt < NEXT_ATTEMPTS) {
          await new Promise((r) => window.setTimeout(r, 250 * attempt));
          continue;
        }
        // The project's cap on one person's share: the end of their work here, not an error.
        if (err instanceof ApiError && err.code === "cap_reached") {
          sync.current = null;
          setPhase({ kind: "capped", done: Number(err.detail.done ?? 0), cap: Number(err.detail.cap ?? 0) });
          return;
        }
        // Training gates (certification, a new guideline, a pause): the way forward, not an error.
        // ... and review feedback the annotator has not opened yet (review/FeedbackDue).
        if (
          err instanceof ApiError &&
          err.status === 403 &&
          (isTrainingRefusal(err.code) || err.code === FEEDBACK_DUE)
        ) {
          sync.current = null;
          setPhase({ kind: "refused", code: err.code, message: err.detail.message });
          return;
        }
        setPhase({ kind: "error", message: (err as Error).message });
        return;
      }
    }
  }, [projectId, show]);

  useEffect(() => {
    let cancelled = false;
    api.project(projectId).then(
      (p) => {
        if (cancelled) return;
        setProject(p);
        // Never take an item from the queue that this page could not label completely.
        const unsupported = unsupportedControls(p.schema);
        if (unsupported.length > 0) setPhase({ kind: "unsupported", controls: unsupported });
        else void loadNext();
      },
      (err: Error) => !cancelled && setPhase({ kind: "error", message: err.message }),
    );
    return () => {
      cancelled = true;
      window.clearTimeout(autosaveTimer.current);
    };
  }, [projectId, loadNext]);

  useEffect(() => setBindings(mergeBindings(me?.shortcuts)), [me?.shortcuts]);

  // The published guideline, if any (none: no panel, no definitions).
  useEffect(() => {
    const abort = new AbortController();
    guidelineApi.published(projectId, abort.signal).then(setGuideline, () => setGuideline(null));
    return () => abort.abort();
  }, [projectId]);

  const definitionsOf = useCallback(
    (control: string, labels: readonly string[]): Definition[] => {
      if (!guideline) return [];
      return labels
        .map((l) => definitionOf(guideline, control, l))
        .filter((d): d is Definition => d !== null);
    },
    [guideline],
  );

  /** The pointer rests on a label (an option, a span label, a marked span): its definition. */
  const onLabelHover = useCallback(
    (e: React.MouseEvent) => {
      const target = (e.target as HTMLElement).closest<HTMLElement>("[data-option], [data-label]");
      const card = target?.closest<HTMLElement>("[data-control]");
      if (!target || !card || !guideline) return;
      const label = target.dataset.option ?? target.dataset.label ?? "";
      const control = card.dataset.control ?? "";
      const definitions = definitionsOf(control, [label]);
      if (definitions.length === 0) return;
      window.clearTimeout(hoverTimer.current);
      const r = target.getBoundingClientRect();
      setDefinition({ control, definitions, rect: { left: r.left, top: r.top, bottom: r.bottom } });
    },
    [guideline, definitionsOf],
  );
  const onLabelLeave = useCallback(() => {
    window.clearTimeout(hoverTimer.current);
    hoverTimer.current = window.setTimeout(() => setDefinition((d) => (d?.rect ? null : d)), 250);
  }, []);

  /** The key: every label of the active control with what the guideline says about it. */
  const showActiveDefinitions = useCallback(() => {
    const card = workspaceBox.current?.querySelector<HTMLElement>('.control-card[aria-current="true"]');
    const name = card?.dataset.control;
    const spec = projectRef.current?.schema.controls.find((c) => c.name === name);
    if (!spec || !name) return;
    const labels = "options" in spec ? spec.options : "labels" in spec ? spec.labels : [];
    setDefinition((d) =>
      d && !d.rect ? null : { control: name, definitions: definitionsOf(name, labels), rect: null },
    );
  }, [definitionsOf]);

  const handleSaveError = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError && err.code === "not_found") {
        // A manager deleted the item (and its draft) meanwhile: move on.
        notify("This item was deleted by a project manager; here is the next one.");
        void loadNext();
      } else if (err instanceof StaleVersion) {
        if (err.current) setHistory(createHistory(err.current.result ?? {}));
        notify(err.message, "error");
        setStatus("Reloaded the saved version");
      } else {
        notify((err as Error).message, "error");
        setStatus("Not saved");
      }
    },
    [notify, loadNext],
  );

  const scheduleAutosave = useCallback(() => {
    window.clearTimeout(autosaveTimer.current);
    autosaveTimer.current = window.setTimeout(() => {
      const s = sync.current;
      if (!s || busyRef.current) return;
      const result = historyRef.current.present;
      if (!s.current && Object.keys(result).length === 0) return;
      setStatus("Saving draft…");
      // A save that lands after the next item is shown must not touch the new item's state.
      s.save(result, "draft", leadTime(), activeMs()).then(
        () => sync.current === s && setStatus("Draft saved"),
        (err: unknown) => sync.current === s && handleSaveError(err),
      );
    }, AUTOSAVE_MS);
  }, [handleSaveError]);

  const updateHistory = useCallback(
    (f: (h: History<Result>) => History<Result>) => {
      setHistory(f);
      scheduleAutosave();
    },
    [scheduleAutosave],
  );

  const onChange = useCallback(
    (control: string, value: unknown, coalesce?: string) => {
      setNotice(null);
      setMissing((m) => (m.includes(control) ? m.filter((c) => c !== control) : m));
      updateHistory((h) => {
        const next = { ...h.present };
        if (value === undefined) delete next[control];
        else next[control] = value;
        return pushHistory(h, next, { coalesce });
      });
    },
    [updateHistory],
  );

  const submit = useCallback(async () => {
    const s = sync.current;
    const schema = projectRef.current?.schema;
    if (!s || !schema || busyRef.current) return;
    const result = withEmptyAnswers(schema, historyRef.current.present);
    const unanswered = missingRequired(schema, result);
    if (unanswered.length > 0) {
      setMissing(unanswered);
      notify(
        `Answer the required control${unanswered.length > 1 ? "s" : ""} first: ${unanswered.join(", ")}`,
        "error",
      );
      return;
    }
    busyRef.current = true;
    setBusy(true);
    window.clearTimeout(autosaveTimer.current);
    setStatus("Submitting…");
    try {
      const saved = await s.save(result, "submitted", leadTime(), activeMs());
      setDone((n) => n + 1);
      setStatus("Submitted");
      setNotice(null);
      const feedback = saved.feedback;
      if (feedback) {
        // Shown before the next item; nothing edits (or autosaves) the submitted answer meanwhile.
        sync.current = null;
        setHistory(createHistory(result));
        setPhase((p) => (p.kind === "item" ? { kind: "feedback", item: p.item, result, feedback } : p));
        return;
      }
      await loadNext();
    } catch (err) {
      handleSaveError(err);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [loadNext, handleSaveError, notify]);

  const continueAfterFeedback = useCallback(() => {
    if (busyRef.current) return;
    setStatus("");
    void loadNext();
  }, [loadNext]);

  // While the feedback shows, Enter (or the submit key) continues, as the focused button does.
  useEffect(() => {
    if (phase.kind !== "feedback" || dialog !== null) return;
    const onKey = (e: KeyboardEvent) => {
      const key = eventKey(e);
      if (key !== "Enter" && key !== bindings.submit) return;
      if (e.target instanceof Element && e.target.closest("a, input, textarea, select")) return;
      e.preventDefault(); // one continue, not the button's click as well
      continueAfterFeedback();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [phase.kind, dialog, bindings.submit, continueAfterFeedback]);

  const skip = useCallback(
    async (reason: string) => {
      setDialog(null);
      if (phase.kind !== "item" || busyRef.current) return;
      busyRef.current = true;
      setBusy(true);
      window.clearTimeout(autosaveTimer.current);
      try {
        await sync.current?.idle();
        await api.skip(phase.item.id, reason);
        setStatus("Skipped");
        await loadNext();
      } catch (err) {
        notify((err as Error).message, "error");
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [phase, loadNext, notify],
  );

  const onAction = useCallback(
    (action: WorkspaceAction) => {
      switch (action) {
        case "submit":
          void submit();
          break;
        case "skip":
          setDialog("skip");
          break;
        case "undo":
          if (canUndo(historyRef.current)) updateHistory(undo);
          break;
        case "redo":
          if (canRedo(historyRef.current)) updateHistory(redo);
          break;
        case "help":
          setDialog("help");
          break;
        case "ask":
          if (phase.kind === "item") setDialog("ask");
          break;
        case "guideline":
          setShowGuide((v) => !v);
          break;
        case "definition":
          showActiveDefinitions();
          break;
      }
    },
    [submit, updateHistory, phase.kind, showActiveDefinitions],
  );

  const rebind = useCallback(
    async (next: Bindings) => {
      const changed = Object.fromEntries(
        Object.entries(next).filter(([a, k]) => DEFAULT_BINDINGS[a as keyof Bindings] !== k),
      );
      await api.saveShortcuts(changed);
      setBindings(next);
      if (me) setMe({ ...me, shortcuts: changed });
    },
    [me, setMe],
  );

  const schema = project?.schema;
  const controls = useMemo(() => (schema ? controlKeys(schema) : []), [schema]);
  const labelKeys = useMemo(() => (schema ? allLabelKeys(schema) : new Set<string>()), [schema]);

  return (
    <div className="labeling-page">
      <header className="labeling-header">
        <Link to={`/projects/${projectId}`} className="back">
          ← <Text value={project?.name ?? "Project"} />
        </Link>
        <span className="status" aria-live="polite">
          {status}
        </span>
        <span className="counter">{done} submitted this session</span>
        <div className="toolbar">
          <button
            type="button"
            onClick={() => onAction("undo")}
            disabled={!canUndo(history)}
            title={displayKey(bindings.undo)}
          >
            Undo
          </button>
          <button
            type="button"
            onClick={() => onAction("redo")}
            disabled={!canRedo(history)}
            title={displayKey(bindings.redo)}
          >
            Redo
          </button>
          {guideline && (
            <button
              type="button"
              onClick={() => onAction("guideline")}
              aria-pressed={showGuide}
              title={displayKey(bindings.guideline)}
            >
              Guideline <kbd>{displayKey(bindings.guideline)}</kbd>
            </button>
          )}
          <button type="button" onClick={() => onAction("help")} title={displayKey(bindings.help)}>
            Shortcuts <kbd>{displayKey(bindings.help)}</kbd>
          </button>
          <button type="button" onClick={() => onAction("ask")} disabled={phase.kind !== "item"}>
            Flag / ask <kbd>{displayKey(bindings.ask)}</kbd>
          </button>
          <button type="button" onClick={() => onAction("skip")} disabled={phase.kind !== "item" || busy}>
            Skip <kbd>{displayKey(bindings.skip)}</kbd>
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => onAction("submit")}
            disabled={phase.kind !== "item" || busy}
          >
            Submit <kbd>{displayKey(bindings.submit)}</kbd>
          </button>
        </div>
      </header>
      {notice && (
        <div className={`notice ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
          <Text value={notice.text} />
          <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {phase.kind === "loading" && <p className="hint center">Loading…</p>}
      {phase.kind === "unsupported" && (
        <div className="empty-state unsupported" role="alert">
          <h2>This project cannot be labeled here yet</h2>
          <p>This labeling page cannot show these controls yet:</p>
          <ul>
            {phase.controls.map((c) => (
              <li key={c.name}>
                <strong>
                  <Text value={c.name} />
                </strong>{" "}
                (<Text value={c.type} />)
              </li>
            ))}
          </ul>
          <p>
            So that no item is submitted without their answers, labeling is not offered. Annotations for this
            project can be sent through the API.
          </p>
          <Link to={`/projects/${projectId}`}>Back to the project</Link>
        </div>
      )}
      {phase.kind === "refused" &&
        (phase.code === FEEDBACK_DUE ? (
          <FeedbackDue projectId={projectId} message={phase.message} />
        ) : (
          <TrainingRefusal projectId={projectId} code={phase.code} message={phase.message} />
        ))}
      {phase.kind === "error" && (
        <p className="error center">
          <Text value={phase.message} />
        </p>
      )}
      {phase.kind === "feedback" && schema && (
        <section className="honeypot-feedback" aria-label="Feedback on your answer">
          <p className="hint">This item has a reference answer: here is how yours compares.</p>
          <PracticeFeedback
            projectId={projectId}
            schema={schema}
            data={phase.item.data}
            result={phase.result}
            feedback={phase.feedback}
            target={project?.training?.practice_target.accuracy ?? 0.8}
            onNext={continueAfterFeedback}
            nextLabel="Continue"
          />
        </section>
      )}
      {phase.kind === "capped" && (
        <div className="empty-state" role="status" data-testid="cap-reached">
          <h2>You reached your share of this project</h2>
          <p>
            You labeled {phase.done} of the {phase.cap} items one person may take here, so that no few people
            shape the whole dataset. Thank you! A manager can raise the cap.
          </p>
          <Link to="/">Back to projects</Link>
        </div>
      )}
      {phase.kind === "done" && (
        <div className="empty-state">
          <h2>No more items</h2>
          <p>Nothing is left for you in this project right now. Thank you!</p>
          <Link to="/">Back to projects</Link>
        </div>
      )}
      {phase.kind === "item" && schema && (
        <div className={showGuide && guideline ? "labeling-body with-guideline" : "labeling-body"}>
          <div ref={workspaceBox} onMouseOver={onLabelHover} onMouseOut={onLabelLeave}>
            {startNote && (
              <p className="hint prediction-start" role="note">
                <Text value={startNote} /> — check it and change what is wrong.
              </p>
            )}
            <Workspace
              schema={schema}
              data={phase.item.data}
              itemKey={String(phase.item.id)}
              result={history.present}
              onChange={onChange}
              bindings={bindings}
              onAction={onAction}
              keysEnabled={dialog === null && !busy}
              keyScope="window"
              notify={notify}
              missing={missing}
            />
          </div>
          {showGuide && guideline && (
            <GuidelinePanel
              guideline={guideline}
              schema={schema}
              focus={guideFocus}
              onClose={() => setShowGuide(false)}
            />
          )}
        </div>
      )}
      {definition && (
        <DefinitionCard
          request={definition}
          onOpenSection={(anchor) => {
            setShowGuide(true);
            setGuideFocus({ anchor });
            setDefinition(null);
          }}
          onHoverChange={(inside) => (inside ? window.clearTimeout(hoverTimer.current) : onLabelLeave())}
          onClose={() => setDefinition(null)}
        />
      )}
      {phase.kind === "item" && <div className="item-id">item {String(phase.item.id)}</div>}
      {dialog === "help" && (
        <HelpOverlay
          bindings={bindings}
          controls={controls}
          labelKeys={labelKeys}
          onRebind={rebind}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "skip" && <SkipDialog onSkip={(r) => void skip(r)} onCancel={() => setDialog(null)} />}
      {dialog === "ask" && phase.kind === "item" && (
        <AskDialog
          onAsk={async (text, section) => {
            await feedbackApi.ask(phase.item.id, text, section);
            setDialog(null);
            notify("Question sent: the answer will come to your inbox.", "info");
          }}
          onCancel={() => setDialog(null)}
        />
      )}
    </div>
  );
}
