/**
 * Adjudication of one item (route /projects/:id/adjudicate, `?item=` for a given one, else the
 * first waiting): every submitted answer drawn by the labeling widgets side by side, two of them
 * overlaid (AnswerView draws one over the other with each widget's diff, so regions and spans
 * line up), and the final label: the expert picks an answer (or the current final label) and may
 * edit it in the labeling Workspace, then saves; the page moves on to the next waiting item.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { api } from "../api/endpoints";
import { finalApi, type AdjudicationAnswer, type AdjudicationItem } from "../api/final";
import type { ItemData, Project, ProjectSchema, Result } from "../api/types";
import { percent } from "../final/FinalTab";
import "../final/final.css";
import { AnswerView } from "../labeling/AnswerView";
import { DEFAULT_BINDINGS } from "../labeling/shortcuts";
import { Workspace, type WorkspaceAction } from "../labeling/Workspace";
import { FieldView, Text } from "../render";

const BACKLOG_PAGE = 100;

interface Loaded {
  itemId: number;
  data: ItemData;
  answers: Pick<AdjudicationAnswer, "annotation_id" | "author" | "result">[];
  entry: AdjudicationItem | null;
  waiting: number;
}

export function AdjudicatePage() {
  const { projectId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const wanted = Number(params.get("item")) || null;
  const [project, setProject] = useState<Project | null>(null);
  const [loaded, setLoaded] = useState<Loaded | "done" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  // Items saved on this page: skipped when picking the next, should the backlog still list them.
  const [saved, setSaved] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    api.project(projectId).then(setProject, (err: Error) => setError(err.message));
  }, [projectId]);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    setError(null);
    (async () => {
      const backlog = await finalApi.adjudication(projectId, 1, BACKLOG_PAGE);
      const entry = wanted
        ? (backlog.items.find((e) => e.item_id === wanted) ?? null)
        : (backlog.items.find((e) => !saved.has(e.item_id)) ?? null);
      const itemId = wanted ?? entry?.item_id ?? null;
      if (itemId === null) {
        if (live) setLoaded("done");
        return;
      }
      // The backlog's entry when it lists the item; else the item with its submitted
      // annotations (an item opened from the Final labels tab to adjudicate again).
      const loaded: Loaded = entry
        ? { itemId, data: entry.data, answers: entry.answers, entry, waiting: backlog.total }
        : await api.item(itemId).then((item) => ({
            itemId,
            data: item.data,
            answers: item.annotations
              .filter((a) => a.status === "submitted")
              .map((a) => ({ annotation_id: a.id, author: a.author, result: a.result as Result })),
            entry: null,
            waiting: backlog.total,
          }));
      if (live) setLoaded(loaded);
    })().catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
    // `saved` is read when the item changes (after a save), not a reason to reload by itself.
  }, [projectId, wanted, reload]);

  const next = useCallback(
    (itemId: number) => {
      setSaved((s) => new Set([...s, itemId]));
      if (wanted) setParams({}, { replace: true });
      else setReload((r) => r + 1);
    },
    [wanted, setParams],
  );

  const back = `/projects/${projectId}/adjudication`;
  if (error)
    return (
      <div className="page">
        <p className="error" role="alert">
          <Text value={error} />
        </p>
        <Link to={back}>Back to the adjudication backlog</Link>
      </div>
    );
  if (!project || !project.schema || loaded === null)
    return (
      <div className="page">
        <p className="hint">Loading…</p>
      </div>
    );
  if (loaded === "done")
    return (
      <div className="page">
        <h1>Adjudication</h1>
        <p role="status">Nothing waits for adjudication.</p>
        <Link to={back}>Back to the project</Link>
      </div>
    );
  return (
    <div className="page adjudicate-page">
      <div className="page-title">
        <div>
          <h1>
            Adjudicate item #{loaded.itemId} · <Text value={project.name} />
          </h1>
          <p className="hint">
            {loaded.waiting.toLocaleString()} waiting · <Link to={back}>backlog</Link>
          </p>
        </div>
      </div>
      <Adjudication
        key={loaded.itemId}
        projectId={project.id}
        schema={project.schema}
        loaded={loaded}
        onSaved={next}
      />
    </div>
  );
}

function Adjudication({
  projectId,
  schema,
  loaded,
  onSaved,
}: {
  projectId: number;
  schema: ProjectSchema;
  loaded: Loaded;
  onSaved: (itemId: number) => void;
}) {
  const { itemId, data, answers, entry } = loaded;
  const final = entry?.final ?? null;
  // Every choice the expert can start from: each answer, then the current final label.
  const sources = useMemo(
    () => [
      ...answers.map((a, i) => ({ key: `answer-${i}`, label: `${a.author}`, result: a.result ?? {} })),
      ...(final ? [{ key: "final", label: "Current final label", result: final.result ?? {} }] : []),
    ],
    [answers, final],
  );
  const [picked, setPicked] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [over, setOver] = useState(0);
  const [under, setUnder] = useState(Math.min(1, sources.length - 1));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const pick = (key: string) => {
    const source = sources.find((s) => s.key === key);
    if (!source) return;
    setPicked(key);
    setResult(JSON.parse(JSON.stringify(source.result)) as Result);
    setMessage(null);
  };

  const save = async () => {
    if (!result) return;
    setBusy(true);
    setMessage(null);
    try {
      await finalApi.adjudicate(projectId, itemId, result);
      onSaved(itemId);
    } catch (err) {
      setMessage((err as Error).message);
      setBusy(false);
    }
  };

  const onAction = (action: WorkspaceAction) => {
    if (action === "submit") void save();
  };
  const fields = schema.fields as Record<string, string>;
  // The overlay's two pickers: which answer is drawn, and which it is compared against.
  const answerPicker = (words: string, label: string, value: number, onPick: (i: number) => void) => (
    <label>
      {words}{" "}
      <select aria-label={label} value={value} onChange={(e) => onPick(Number(e.target.value))}>
        {sources.map((s, i) => (
          <option key={s.key} value={i}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <>
      <section className="card adjudicate-data" aria-label="Item">
        {Object.entries(fields).map(([field, kind]) => (
          <div key={field} data-field={field}>
            <h3>
              <Text value={field} />
            </h3>
            <FieldView kind={kind} value={data[field]} />
          </div>
        ))}
        {final && (
          <p className="hint">
            Current final label: {final.provenance}, confidence {percent(final.confidence)}, agreement{" "}
            {percent(final.agreement)}.
          </p>
        )}
      </section>
      <h2>Answers ({answers.length})</h2>
      {answers.length === 0 && <p className="hint">This item has no submitted answers.</p>}
      <div className="adjudicate-answers">
        {sources.map((s) => (
          <section
            key={s.key}
            className={`adjudicate-answer${picked === s.key ? " picked" : ""}`}
            aria-label={s.label}
            data-answer={s.key}
          >
            <header>
              <h3>
                <Text value={s.label} />
              </h3>
              <button type="button" onClick={() => pick(s.key)} aria-pressed={picked === s.key}>
                {picked === s.key ? "Picked" : "Use this answer"}
              </button>
            </header>
            <AnswerView schema={schema} data={data} result={s.result} showData={false} />
          </section>
        ))}
      </div>
      {sources.length > 1 && (
        <section className="adjudicate-overlay" aria-label="Overlay">
          <header>
            <h2>Overlay</h2>
            {answerPicker("Answer", "Answer drawn", over, setOver)}
            {answerPicker("against", "Answer compared", under, setUnder)}
          </header>
          <AnswerView
            key={`${over}-${under}`}
            schema={schema}
            data={data}
            result={sources[over].result}
            reference={sources[under].result}
            labels={{ yours: sources[over].label, reference: sources[under].label }}
            showData={false}
          />
        </section>
      )}
      <section className="card adjudicate-edit" aria-label="Final label">
        <h2>Final label</h2>
        {result === null ? (
          <p className="hint">Pick an answer above to start from; you can edit it before saving.</p>
        ) : (
          <>
            <Workspace
              schema={schema}
              data={data}
              itemKey={`${itemId}-${picked}`}
              result={result}
              onChange={(control, value) => setResult((r) => ({ ...(r ?? {}), [control]: value }))}
              bindings={DEFAULT_BINDINGS}
              onAction={onAction}
              keysEnabled={!busy}
              keyScope="container"
              notify={setMessage}
            />
            {message && (
              <p className="error" role="alert">
                <Text value={message} />
              </p>
            )}
            <footer>
              <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
                Save as final label
              </button>
            </footer>
          </>
        )}
      </section>
    </>
  );
}
