/** Settings → Training: the annotators paused by their honeypot accuracy (why, since when, what
 * the refresher focuses on), with a button to lift a pause by hand; lifted pauses below. A pause
 * also lifts itself when the annotator passes the exam again. */
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/endpoints";
import type { PauseView } from "../api/types";
import { Text } from "../render";
import { pct } from "./PracticeFeedback";

export function PausesPanel({ projectId }: { projectId: number }) {
  const [pauses, setPauses] = useState<PauseView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.pauses(projectId).then(setPauses, (err: Error) => setError(err.message));
  }, [projectId]);
  useEffect(load, [load]);

  const lift = async (p: PauseView) => {
    if (
      !window.confirm(`Lift the pause of ${p.email}? They can label again without the refresher and re-exam.`)
    )
      return;
    setBusy(true);
    setError(null);
    try {
      await api.liftPause(projectId, p.user_id);
      load();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const open = pauses?.filter((p) => !p.lifted_at) ?? [];
  const lifted = pauses?.filter((p) => p.lifted_at) ?? [];
  return (
    <section className="card" aria-labelledby="pauses-heading">
      <h2 id="pauses-heading">Paused annotators</h2>
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {pauses === null && !error && <p className="hint">Loading…</p>}
      {pauses && open.length === 0 && <p className="hint">Nobody is paused.</p>}
      {open.length > 0 && (
        <table className="table" aria-label="Paused annotators">
          <thead>
            <tr>
              <th>Annotator</th>
              <th>Why</th>
              <th>Refresher focus</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {open.map((p) => (
              <tr key={p.id}>
                <td>
                  <Text value={p.email} />
                </td>
                <td>
                  <Text value={p.reason} />
                  {p.control && p.accuracy !== null && (
                    <div className="hint">
                      <Text value={p.control} />: {pct(p.accuracy)}
                    </div>
                  )}
                </td>
                <td>
                  <Text value={p.focus_labels.join(", ") || "—"} />
                </td>
                <td>{new Date(p.started_at).toLocaleString()}</td>
                <td>
                  <button type="button" disabled={busy} onClick={() => void lift(p)}>
                    Lift pause
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lifted.length > 0 && (
        <details>
          <summary>{lifted.length} lifted</summary>
          <ul>
            {lifted.map((p) => (
              <li key={p.id}>
                <Text value={p.email} />: paused {new Date(p.started_at).toLocaleDateString()}, lifted{" "}
                {new Date(p.lifted_at!).toLocaleDateString()}
                {p.lifted_by_attempt_id !== null ? " (passed the exam again)" : " (by a manager)"}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
