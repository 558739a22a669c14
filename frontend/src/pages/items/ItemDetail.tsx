/**
 * One item for managers and reviewers: its data, its meta (managers only: the reviewer's answer
 * has no such field), its model predictions (managers only), every annotation with its author,
 * status and times (and, when it began from a prediction, how far it moved from it), and who
 * skipped it. Managers can delete it from here, after a confirmation.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Annotation, ItemDetail as Detail, Prediction, ProjectSchema } from "../../api/types";
import { anchoringSummary, modelName } from "../../labeling/startingAnswer";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FieldView, Text, TextBlock } from "../../render";
import { GoldPanel } from "./GoldEditor";

interface SpanLike {
  start: number;
  end: number;
  label: string;
  text?: string;
}

function isSpanList(value: unknown): value is SpanLike[] {
  return (
    Array.isArray(value) &&
    value.every((v) => v && typeof v === "object" && "start" in v && "end" in v && "label" in v)
  );
}

/** One control's answer, readable: spans as labeled excerpts, lists joined, the rest as JSON. */
function AnswerView({ value }: { value: unknown }) {
  if (isSpanList(value)) {
    if (value.length === 0) return <span className="hint">none</span>;
    return (
      <ul className="answer-spans">
        {value.map((s) => (
          <li key={`${s.start}-${s.end}-${s.label}`}>
            <span className="chip lbl-9">
              <Text value={s.label} />
            </span>{" "}
            <Text value={s.text ?? `${s.start}–${s.end}`} max={80} />
          </li>
        ))}
      </ul>
    );
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "string"))
    return <Text value={value.join(", ")} />;
  if (value !== null && typeof value === "object") return <TextBlock value={value} className="mono" />;
  return <Text value={value} />;
}

function PredictionList({ predictions }: { predictions: Prediction[] }) {
  return (
    <table className="answers predictions" data-testid="item-predictions">
      <thead>
        <tr>
          <th>control</th>
          <th>prediction</th>
          <th>model</th>
          <th>score</th>
        </tr>
      </thead>
      <tbody>
        {predictions.map((p) => (
          <tr key={p.id}>
            <th>
              <Text value={p.control} />
            </th>
            <td>
              <AnswerView value={p.value} />
            </td>
            <td>
              <Text value={modelName(p.model, p.model_version)} />
            </td>
            <td>{p.score === null ? "" : p.score.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

function AnnotationCard({
  annotation,
  schema,
  onUseAsGold,
}: {
  annotation: Annotation;
  schema: ProjectSchema;
  onUseAsGold?: (annotation: Annotation) => void;
}) {
  const names = [
    ...schema.controls.map((c) => c.name),
    ...Object.keys(annotation.result).filter((k) => !schema.controls.some((c) => c.name === k)),
  ];
  return (
    <li className="annotation-card" data-author={annotation.author}>
      <header>
        <strong>
          <Text value={annotation.author} />
        </strong>
        <span className={`badge ${annotation.status}`}>{annotation.status}</span>
        <span className="hint">
          {when(annotation.created_at)}
          {annotation.updated_at !== annotation.created_at &&
            ` · updated ${when(annotation.updated_at)}`} · {(annotation.lead_time_ms / 1000).toFixed(1)} s · v
          {annotation.version}
          {annotation.guideline_version && ` · guideline ${annotation.guideline_version}`}
          {annotation.imported && " · imported"}
        </span>
        {annotation.from_prediction && (
          <span className="badge from-prediction" data-testid="from-prediction">
            from prediction{anchoringSummary(annotation.prediction_distance)}
          </span>
        )}
        {onUseAsGold && annotation.status === "submitted" && (
          <button type="button" className="small" onClick={() => onUseAsGold(annotation)}>
            Use this annotation as gold
          </button>
        )}
      </header>
      <table className="answers">
        <tbody>
          {names.map((name) => (
            <tr key={name}>
              <th>
                <Text value={name} />
              </th>
              <td>
                {name in annotation.result ? (
                  <AnswerView value={annotation.result[name]} />
                ) : (
                  <span className="hint">no answer</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}

export function ItemDetail({
  itemId,
  schema,
  canDelete,
  onClose,
  onDeleted,
  onGoldChanged,
}: {
  itemId: number;
  schema: ProjectSchema;
  canDelete: boolean;
  onClose: () => void;
  onDeleted: (itemId: number) => void;
  onGoldChanged?: () => void;
}) {
  const [promote, setPromote] = useState<Annotation | null>(null);
  const clearPromote = useCallback(() => setPromote(null), []);
  const [item, setItem] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    setItem(null);
    setError(null);
    api.item(itemId, ctrl.signal).then(setItem, (err: Error) => {
      if (err.name === "AbortError") return;
      setError(
        err instanceof ApiError && err.code === "not_found"
          ? "This item does not exist (any more)."
          : err.message,
      );
    });
    return () => ctrl.abort();
  }, [itemId]);

  const remove = async () => {
    setDeleting(true);
    try {
      await api.deleteItem(itemId);
      onDeleted(itemId);
    } catch (err) {
      if (err instanceof ApiError && err.code === "not_found")
        onDeleted(itemId); // gone already
      else setError((err as Error).message);
    } finally {
      setDeleting(false);
      setConfirming(false);
    }
  };

  const extraFields = item ? Object.keys(item.data).filter((k) => !(k in schema.fields)) : [];
  const submitted = item?.annotations.filter((a) => a.status === "submitted").length ?? 0;

  return (
    <div
      className="overlay"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !confirming) onClose();
      }}
    >
      <section className="dialog item-detail" role="dialog" aria-modal="true" aria-label={`Item ${itemId}`}>
        <header>
          <h2>Item {itemId}</h2>
          <button type="button" onClick={onClose} aria-label="Close" autoFocus>
            ×
          </button>
        </header>
        {error && (
          <p className="error" role="alert">
            <Text value={error} />
          </p>
        )}
        {!item && !error && <p className="hint">Loading…</p>}
        {item && (
          <>
            <p className="hint">
              created {when(item.created_at)}
              {item.external_id && (
                <>
                  {" "}
                  · external id <Text value={item.external_id} />
                </>
              )}{" "}
              · {item.annotation_count} submitted annotation{item.annotation_count === 1 ? "" : "s"}
            </p>
            <h3>Data</h3>
            {Object.entries(schema.fields).map(([name, kind]) => (
              <div key={name} className="detail-field" data-field={name}>
                <div className="hint">
                  <Text value={name} />
                </div>
                <FieldView kind={kind} value={item.data[name]} />
              </div>
            ))}
            {extraFields.map((name) => (
              <div key={name} className="detail-field" data-field={name}>
                <div className="hint">
                  <Text value={name} />
                </div>
                <TextBlock value={item.data[name]} />
              </div>
            ))}
            {"meta" in item && (
              <>
                <h3>Meta</h3>
                {Object.keys(item.meta).length === 0 ? (
                  <p className="hint">none</p>
                ) : (
                  <table className="answers meta" data-testid="item-meta">
                    <tbody>
                      {Object.entries(item.meta).map(([k, v]) => (
                        <tr key={k}>
                          <th>
                            <Text value={k} />
                          </th>
                          <td>
                            <AnswerView value={v} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
            {"meta" in item && (
              <GoldPanel
                itemId={itemId}
                schema={schema}
                data={item.data}
                goldSet={item.gold_set ?? null}
                promote={promote}
                onPromoted={clearPromote}
                onChanged={() => onGoldChanged?.()}
              />
            )}
            {"predictions" in item && (
              <>
                <h3>Predictions ({item.predictions.length})</h3>
                {item.predictions.length === 0 ? (
                  <p className="hint">No model predictions.</p>
                ) : (
                  <PredictionList predictions={item.predictions} />
                )}
              </>
            )}
            <h3>Annotations ({item.annotations.length})</h3>
            {item.annotations.length === 0 ? (
              <p className="hint">No annotations yet.</p>
            ) : (
              <ul className="annotation-list">
                {item.annotations.map((a) => (
                  <AnnotationCard
                    key={a.id}
                    annotation={a}
                    schema={schema}
                    onUseAsGold={"meta" in item ? setPromote : undefined}
                  />
                ))}
              </ul>
            )}
            {item.skips.length > 0 && (
              <>
                <h3>Skipped by</h3>
                <ul className="skips">
                  {item.skips.map((s) => (
                    <li key={s.annotator}>
                      <Text value={s.annotator} />: <Text value={s.reason} />
                    </li>
                  ))}
                </ul>
              </>
            )}
            {canDelete && (
              <footer>
                <button type="button" className="danger" onClick={() => setConfirming(true)}>
                  Delete item
                </button>
              </footer>
            )}
          </>
        )}
      </section>
      {confirming && item && (
        <ConfirmDialog
          title={`Delete item ${itemId}?`}
          confirmLabel="Delete"
          busy={deleting}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            The item and its {item.annotations.length} annotation{item.annotations.length === 1 ? "" : "s"} (
            {submitted} submitted) are deleted for good. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
