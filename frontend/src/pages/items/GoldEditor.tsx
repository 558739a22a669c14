/**
 * Gold on one item, for managers: the current reference (read-only, with its explanations and
 * set), "Mark as gold" / "Edit gold" (the reference entered with the labeling widgets, a set,
 * an explanation per control), "Remove gold", and "Use this annotation as gold" (an expert's
 * submitted answer, one click: the editor opens on it). The server validates the reference as a
 * submission; its message (naming the control) is shown as is.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Annotation, Gold, GoldSet, ItemData, ProjectSchema, Result } from "../../api/types";
import { DEFAULT_BINDINGS } from "../../labeling/shortcuts";
import { Workspace } from "../../labeling/Workspace";
import { Text } from "../../render";

export const GOLD_SETS: readonly GoldSet[] = ["practice", "exam", "honeypot", "example"];
const SET_HINTS: Record<GoldSet, string> = {
  practice: "answered with instant feedback",
  exam: "drawn into qualification exams",
  honeypot: "hidden among production items",
  example: "shown in the guideline",
};

/** What the editor starts from: the current gold, an annotation to promote, or nothing. */
export interface GoldDraft {
  result: Result;
  explanations: Record<string, string>;
  set: GoldSet;
  /** The annotation the result came from: saved in one click unless the result is edited. */
  fromAnnotation?: number;
}

export function GoldEditor({
  itemId,
  schema,
  data,
  initial,
  onSaved,
  onCancel,
}: {
  itemId: number;
  schema: ProjectSchema;
  data: ItemData;
  initial: GoldDraft;
  onSaved: (gold: Gold) => void;
  onCancel: () => void;
}) {
  const [result, setResult] = useState<Result>(initial.result);
  const [edited, setEdited] = useState(false);
  const [explanations, setExplanations] = useState<Record<string, string>>(initial.explanations);
  const [set, setSet] = useState<GoldSet>(initial.set);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");

  const onChange = useCallback((control: string, value: unknown) => {
    setEdited(true);
    setResult((r) => {
      const next = { ...r };
      if (value === undefined) delete next[control];
      else next[control] = value;
      return next;
    });
  }, []);

  const save = async () => {
    setBusy(true);
    setError(null);
    const texts = Object.fromEntries(Object.entries(explanations).filter(([, t]) => t.trim() !== ""));
    try {
      const gold =
        initial.fromAnnotation !== undefined && !edited
          ? await api.goldFromAnnotation(itemId, initial.fromAnnotation, set, texts)
          : await api.putGold(itemId, { result, explanations: texts, set });
      onSaved(gold);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gold-editor" data-testid="gold-editor">
      <p className="hint">
        Enter the reference answer with the labeling widgets (click them, then use the keys), choose the set
        and explain each answer.
        {initial.fromAnnotation !== undefined && " It starts from the chosen annotation."}
      </p>
      <Workspace
        schema={schema}
        data={data}
        itemKey={`gold-${itemId}`}
        result={result}
        onChange={onChange}
        bindings={DEFAULT_BINDINGS}
        onAction={() => undefined}
        keysEnabled
        keyScope="container"
        notify={setNotice}
      />
      {notice && (
        <p className="hint">
          <Text value={notice} />
        </p>
      )}
      <label className="field">
        Gold set{" "}
        <select aria-label="Gold set" value={set} onChange={(e) => setSet(e.target.value as GoldSet)}>
          {GOLD_SETS.map((s) => (
            <option key={s} value={s}>
              {s} — {SET_HINTS[s]}
            </option>
          ))}
        </select>
      </label>
      {schema.controls.map((c) => (
        <label key={c.name} className="field explanation">
          Explanation for <Text value={c.name} />
          <textarea
            aria-label={`Explanation for ${c.name}`}
            rows={2}
            value={explanations[c.name] ?? ""}
            onChange={(e) => setExplanations((x) => ({ ...x, [c.name]: e.target.value }))}
          />
        </label>
      ))}
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          Save gold
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The gold section of the item detail (managers), with the editor and removal. */
export function GoldPanel({
  itemId,
  schema,
  data,
  goldSet,
  promote,
  onPromoted,
  onChanged,
}: {
  itemId: number;
  schema: ProjectSchema;
  data: ItemData;
  goldSet: string | null;
  /** An annotation the manager chose to use as gold (opens the editor on it). */
  promote: Annotation | null;
  onPromoted: () => void;
  onChanged: () => void;
}) {
  const [gold, setGold] = useState<Gold | null>(null);
  // Focus comes back here when the editor closes, so the dialog's keys (Escape) keep working.
  const panel = useRef<HTMLElement>(null);
  const [editing, setEditing] = useState<GoldDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setGold(null);
    if (!goldSet) return;
    api.gold(itemId).then(setGold, (err: Error) => {
      if (!(err instanceof ApiError && err.code === "not_found")) setError(err.message);
    });
  }, [itemId, goldSet]);

  useEffect(() => {
    if (!promote) return;
    setEditing({
      result: promote.result,
      explanations: gold?.explanations ?? {},
      set: gold?.set ?? "practice",
      fromAnnotation: promote.id,
    });
    onPromoted();
  }, [promote, gold, onPromoted]);

  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteGold(itemId);
      setGold(null);
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gold-panel" data-testid="gold-panel" ref={panel} tabIndex={-1}>
      <h3>Gold</h3>
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {editing ? (
        <GoldEditor
          itemId={itemId}
          schema={schema}
          data={data}
          initial={editing}
          onCancel={() => {
            setEditing(null);
            panel.current?.focus();
          }}
          onSaved={(saved) => {
            setGold(saved);
            setEditing(null);
            panel.current?.focus();
            onChanged();
          }}
        />
      ) : gold ? (
        <>
          <p>
            <span className="badge gold" data-gold={gold.set}>
              gold · {gold.set}
            </span>{" "}
            <span className="hint">
              {gold.source === "annotation" ? "from an annotation" : gold.source} ·{" "}
              {gold.created_by ? <Text value={gold.created_by} /> : "unknown"} · out of production
            </span>
          </p>
          <table className="answers" data-testid="gold-reference">
            <tbody>
              {schema.controls.map((c) => (
                <tr key={c.name}>
                  <th>
                    <Text value={c.name} />
                  </th>
                  <td>
                    <Text value={JSON.stringify(gold.result[c.name] ?? null)} />
                    {gold.explanations[c.name] && (
                      <div className="hint">
                        <Text value={gold.explanations[c.name]} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button
              type="button"
              onClick={() =>
                setEditing({ result: gold.result, explanations: gold.explanations, set: gold.set })
              }
            >
              Edit gold
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              Remove gold
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="hint">A production item. Gold items leave the queue and the quality reports.</p>
          <button type="button" onClick={() => setEditing({ result: {}, explanations: {}, set: "practice" })}>
            Mark as gold
          </button>
        </>
      )}
    </section>
  );
}
