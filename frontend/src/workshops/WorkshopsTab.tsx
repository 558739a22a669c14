/** The project's live workshops: every member sees them and joins an open one; reviewers and
 * managers start one on a gold set (they lead it as its trainer). */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { Project } from "../api/types";
import { workshopApi, type GoldSetName, type WorkshopSummary } from "../api/workshops";
import { useAuth } from "../auth";
import { Text } from "../render";
import "./workshops.css";

export const workshopPath = (projectId: number | string, id: number | string) =>
  `/projects/${projectId}/workshops/${id}`;

export function WorkshopsTab({ project }: { project: Project }) {
  const { me } = useAuth();
  const navigate = useNavigate();
  const [list, setList] = useState<WorkshopSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [goldSet, setGoldSet] = useState<GoldSetName>("practice");
  const [busy, setBusy] = useState(false);
  const leads = me?.is_admin || project.role === "manager" || project.role === "reviewer";

  const load = useCallback(
    () => workshopApi.list(project.id).then(setList, (e: Error) => setError(e.message)),
    [project.id],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const state = await workshopApi.create(project.id, title.trim() || "Workshop", goldSet);
      navigate(workshopPath(project.id, state.id));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const join = async (id: number) => {
    try {
      await workshopApi.join(id);
      navigate(workshopPath(project.id, id));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="workshops-tab">
      {leads && (
        <form className="card" onSubmit={start} aria-label="New workshop">
          <h2>Start a live workshop</h2>
          <p className="hint">
            Everyone labels the same gold item at once; you see the answers arrive, reveal the reference and
            its explanation, and move on. Honeypot items are never used (trainees would recognise them later).
          </p>
          <label>
            Title <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
          </label>{" "}
          <label>
            Gold set{" "}
            <select value={goldSet} onChange={(e) => setGoldSet(e.target.value as GoldSetName)}>
              <option value="practice">practice</option>
              <option value="example">example</option>
              <option value="exam">exam (its answers will be known)</option>
            </select>
          </label>{" "}
          <button type="submit" className="primary" disabled={busy}>
            Start workshop
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {list === null ? (
        <p className="hint">Loading…</p>
      ) : list.length === 0 ? (
        <p className="hint">No workshops yet.</p>
      ) : (
        <table className="workshops">
          <thead>
            <tr>
              <th>Workshop</th>
              <th>Trainer</th>
              <th>State</th>
              <th>Item</th>
              <th>Trainees</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((w) => (
              <tr key={w.id} data-testid={`workshop-${w.id}`}>
                <td>
                  <Link to={workshopPath(project.id, w.id)}>
                    <Text value={w.title} />
                  </Link>
                </td>
                <td>
                  <Text value={w.trainer ?? "—"} />
                </td>
                <td>{w.state}</td>
                <td>
                  {Math.min(w.position + 1, w.items)} of {w.items}
                </td>
                <td>{w.participants}</td>
                <td>
                  {w.state !== "closed" && !w.you_run_it && !w.joined && (
                    <button type="button" className="primary" onClick={() => void join(w.id)}>
                      Join
                    </button>
                  )}
                  {(w.you_run_it || w.joined) && <Link to={workshopPath(project.id, w.id)}>Open</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
