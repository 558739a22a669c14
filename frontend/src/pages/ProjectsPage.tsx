import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api } from "../api/endpoints";
import type { ProjectSummary } from "../api/types";
import { useAuth } from "../auth";
import { Text } from "../render";
import { DEFAULT_SCHEMA } from "../schema/sample";
import { SchemaEditor, schemaBody, type Validity } from "../schema/SchemaEditor";
import { TrainingStatusCell } from "../training/TrainingStatusCell";
import { InvitationsPanel } from "./InvitationsPanel";

/** The server's bound on a project's overlap. */
const MAX_OVERLAP = 100;

export function ProjectsPage() {
  const { me } = useAuth();
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    api.projects().then(setProjects, (err: Error) => setError(err.message));
  }, []);
  const active = projects?.filter((p) => !p.archived_at) ?? [];
  const archived = projects?.filter((p) => p.archived_at) ?? [];

  return (
    <div className="page">
      <div className="page-title">
        <h1>Projects</h1>
        {!creating && me?.can_create_projects && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New project
          </button>
        )}
      </div>
      {creating && <CreateProject onCancel={() => setCreating(false)} />}
      <InvitationsPanel />
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
      {projects === null && !error && <p className="hint">Loading…</p>}
      {projects && projects.length === 0 && !creating && (
        <p className="hint">
          {me?.can_create_projects
            ? "No projects yet. Create one to start labeling."
            : "No projects yet. A project manager invites you; an admin can allow you to create projects."}
        </p>
      )}
      {active.length > 0 && <ProjectTable projects={active} label="Projects" />}
      {archived.length > 0 && (
        <section aria-labelledby="archived-projects">
          <h2 id="archived-projects">Archived</h2>
          <p className="hint">Read-only: they serve no items and take no imports or annotations.</p>
          <ProjectTable projects={archived} label="Archived projects" />
        </section>
      )}
    </div>
  );
}

function ProjectTable({ projects, label }: { projects: ProjectSummary[]; label: string }) {
  // Annotators see, per project, where they are on the training path and the next step.
  const training = projects.some((p) => p.role === "annotator" && !p.archived_at);
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Your role</th>
          <th className="num">Items</th>
          <th>Created</th>
          {training && <th>Next step</th>}
        </tr>
      </thead>
      <tbody>
        {projects.map((p) => (
          <tr key={p.id}>
            <td>
              <Link to={`/projects/${p.id}`}>
                <Text value={p.name} />
              </Link>
              {p.description && (
                <div className="hint">
                  <Text value={p.description} max={120} />
                </div>
              )}
            </td>
            <td>{p.role}</td>
            <td className="num">{p.item_count.toLocaleString()}</td>
            <td>{new Date(p.created_at).toLocaleDateString()}</td>
            {training && (
              <td className="training-status-cell">
                {p.role === "annotator" && !p.archived_at && <TrainingStatusCell projectId={p.id} />}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ORDERS = { sequential: "In import order", random: "Shuffled" } as const;
type Order = keyof typeof ORDERS;

function CreateProject({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [overlap, setOverlap] = useState("1");
  const [order, setOrder] = useState<Order>("sequential");
  const [schemaText, setSchemaText] = useState(() => JSON.stringify(DEFAULT_SCHEMA, null, 2));
  const [validity, setValidity] = useState<Validity>({ state: "checking" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onValidity = useCallback((v: Validity) => setValidity(v), []);
  const overlapValue = Number(overlap);
  const overlapValid = Number.isInteger(overlapValue) && overlapValue >= 1 && overlapValue <= MAX_OVERLAP;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (validity.state !== "valid" || !overlapValid) return;
    setBusy(true);
    setError(null);
    try {
      const p = await api.createProject({
        name: name.trim(),
        description: description.trim() || undefined,
        // the XML config itself when the schema came from one (the server keeps it), else
        // the server's normalised schema; overlap and order from the form override the schema's
        ...schemaBody(validity),
        overlap: overlapValue,
        order,
      });
      navigate(`/projects/${p.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form className="card create-project" onSubmit={submit} aria-label="New project">
      <h2>New project</h2>
      <label>
        Name
        <input name="name" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </label>
      <label>
        Description
        <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <div className="form-row">
        <label>
          Annotators per item (overlap)
          <input
            name="overlap"
            type="number"
            min={1}
            max={MAX_OVERLAP}
            required
            value={overlap}
            onChange={(e) => setOverlap(e.target.value)}
            aria-invalid={!overlapValid}
          />
        </label>
        <label>
          Order items are served in
          <select name="order" value={order} onChange={(e) => setOrder(e.target.value as Order)}>
            {(Object.keys(ORDERS) as Order[]).map((o) => (
              <option key={o} value={o}>
                {ORDERS[o]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!overlapValid && (
        <p className="error" role="alert">
          Overlap must be a whole number from 1 to {MAX_OVERLAP}.
        </p>
      )}
      <SchemaEditor text={schemaText} onText={setSchemaText} onValidity={onValidity} />
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      <footer>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="primary"
          disabled={busy || validity.state !== "valid" || !name.trim() || !overlapValid}
        >
          Create project
        </button>
      </footer>
    </form>
  );
}
