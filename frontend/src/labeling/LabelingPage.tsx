/**
 * The labeling page: takes the next item from the queue, autosaves drafts, submits with the lead
 * time, and asks for the next item as soon as the submit lands. Before a submission it fills in
 * the empty answers (`[]` for region controls) and checks required controls locally; a project
 * with a control this UI cannot show is not offered for labeling at all.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { api, feedbackApi } from "../api/endpoints";
import type { NextItem, Project, Result } from "../api/types";
import { useAuth } from "../auth";
import { Text } from "../render";
import { AskDialog } from "../questions/AskDialog";
import { HelpOverlay, SkipDialog } from "./HelpOverlay";
import { canRedo, canUndo, createHistory, pushHistory, redo, undo, type History } from "./history";
import { DEFAULT_BINDINGS, displayKey, mergeBindings, type Bindings } from "./shortcuts";
import { AnnotationSync, StaleVersion } from "./sync";
import { unsupportedControls } from "./registry";
import { missingRequired, withEmptyAnswers } from "./submission";
import { Workspace, allLabelKeys, controlKeys, type WorkspaceAction } from "./Workspace";

export const AUTOSAVE_MS = 1000;
const NEXT_ATTEMPTS = 3;

type Phase =
  | { kind: "loading" }
  | { kind: "unsupported"; controls: { name: string; type: string }[] }
  | { kind: "item"; item: NextItem }
  | { kind: "done" }
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

  const sync = useRef<AnnotationSync | null>(null);
  const shownAt = useRef(0);
  const priorLeadTime = useRef(0);
  const autosaveTimer = useRef<number | undefined>(undefined);
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
    setHistory(createHistory((draft?.result as Result | undefined) ?? {}));
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
      s.save(result, "draft", leadTime()).then(
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
      await s.save(result, "submitted", leadTime());
      setDone((n) => n + 1);
      setStatus("Submitted");
      setNotice(null);
      await loadNext();
    } catch (err) {
      handleSaveError(err);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [loadNext, handleSaveError, notify]);

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
      }
    },
    [submit, updateHistory, phase.kind],
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
      {phase.kind === "error" && (
        <p className="error center">
          <Text value={phase.message} />
        </p>
      )}
      {phase.kind === "done" && (
        <div className="empty-state">
          <h2>No more items</h2>
          <p>Nothing is left for you in this project right now. Thank you!</p>
          <Link to="/">Back to projects</Link>
        </div>
      )}
      {phase.kind === "item" && schema && (
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
