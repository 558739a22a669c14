import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api } from "../api/endpoints";
import type { ProjectSummary } from "../api/types";
import { useAuth } from "../auth";
import { Text } from "../render";
import { DEFAULT_SCHEMA } from "../schema/sample";
import { SchemaEditor, type Validity } from "../schema/SchemaEditor";
import { InvitationsPanel } from "./InvitationsPanel";

export function ProjectsPage() {
  const { me } = useAuth();
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    api.projects().then(setProjects, (err: Error) => setError(err.message));
  }, []);

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
      {projects && projects.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Your role</th>
              <th className="num">Items</th>
              <th>Created</th>
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
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CreateProject({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [schemaText, setSchemaText] = useState(() => JSON.stringify(DEFAULT_SCHEMA, null, 2));
  const [validity, setValidity] = useState<Validity>({ state: "checking" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onValidity = useCallback((v: Validity) => setValidity(v), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (validity.state !== "valid") return;
    setBusy(true);
    setError(null);
    try {
      const schema = validity.schema; // the server's normalised form (also of Label Studio XML)
      const p = await api.createProject({
        name: name.trim(),
        description: description.trim() || undefined,
        schema,
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
          disabled={busy || validity.state !== "valid" || !name.trim()}
        >
          Create project
        </button>
      </footer>
    </form>
  );
}
