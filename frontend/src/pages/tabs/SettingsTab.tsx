/** Project settings (managers): rename, model predictions as the starting answer, training,
 * consensus (final labels, overlap, review sampling),
 * archive or unarchive, and delete after a preview. */
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { api } from "../../api/endpoints";
import type { DeletionPreview, Project } from "../../api/types";
import { ConsensusSettingsForm } from "../../final/ConsensusSettingsForm";
import { Text } from "../../render";
import { PausesPanel } from "../../training/PausesPanel";
import { TrainingSettingsForm } from "../../training/TrainingSettingsForm";

export function SettingsTab({ project, onSaved }: { project: Project; onSaved: (p: Project) => void }) {
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<DeletionPreview | null>(null);
  const archived = Boolean(project.archived_at);

  const run = async (action: () => Promise<Project>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      onSaved(await action());
      setMessage({ kind: "ok", text: done });
    } catch (err) {
      setMessage({ kind: "error", text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const rename = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => api.updateProject(project.id, { name: name.trim(), description: description.trim() }),
      "Saved.",
    );
  };

  const openDeletion = async () => {
    setMessage(null);
    try {
      setPreview(await api.deletionPreview(project.id));
    } catch (err) {
      setMessage({ kind: "error", text: (err as Error).message });
    }
  };

  return (
    <div className="settings">
      {message && (
        <p className={message.kind} role={message.kind === "error" ? "alert" : "status"}>
          <Text value={message.text} />
        </p>
      )}
      <form className="card" onSubmit={rename} aria-label="Name and description">
        <h2>Name and description</h2>
        <label>
          Name
          <input
            name="name"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          Description
          <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <footer>
          <button type="submit" className="primary" disabled={busy || archived || !name.trim()}>
            Save
          </button>
        </footer>
      </form>
      <section className="card" aria-labelledby="predictions-heading">
        <h2 id="predictions-heading">Model predictions</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            name="show_predictions"
            checked={project.show_predictions}
            disabled={busy || archived}
            onChange={(e) => {
              const show = e.target.checked;
              void run(
                () => api.updateProject(project.id, { show_predictions: show }),
                show
                  ? "Annotators now start from model predictions."
                  : "Annotators now start from an empty answer.",
              );
            }}
          />
          Show model predictions as the starting answer
        </label>
        <p className="hint">
          Annotators see the newest prediction per control already filled in, and the model&apos;s name. Each
          annotation records whether it began from a prediction and how far it moved from it.
        </p>
      </section>
      {project.training && (
        <TrainingSettingsForm
          key={project.id}
          settings={project.training}
          controls={project.schema.controls.map((c) => c.name)}
          disabled={archived}
          onSave={async (training) => {
            onSaved(await api.updateProject(project.id, { training }));
          }}
        />
      )}
      {project.training && <PausesPanel projectId={project.id} />}
      {project.consensus && (
        <ConsensusSettingsForm
          key={`consensus-${project.id}`}
          settings={project.consensus}
          controls={project.schema.controls}
          disabled={archived}
          onSave={async (consensus) => {
            onSaved(await api.updateProject(project.id, { consensus }));
          }}
        />
      )}
      <section className="card" aria-labelledby="archive-heading">
        <h2 id="archive-heading">{archived ? "Archived" : "Archive"}</h2>
        <p className="hint">
          {archived
            ? "This project is read-only: it serves no items and takes no imports or annotations. Its data stays readable and exportable."
            : "Archiving makes the project read-only: annotators get no more items, imports and annotations are refused. Everything stays readable and exportable, and you can unarchive it."}
        </p>
        <footer>
          {archived ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => api.unarchiveProject(project.id), "Unarchived.")}
            >
              Unarchive
            </button>
          ) : (
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => api.archiveProject(project.id), "Archived.")}
            >
              Archive project
            </button>
          )}
        </footer>
      </section>
      <section className="card danger-zone" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        <p className="hint">
          Deleting removes the project with its items, annotations, members and media files, for good.
        </p>
        <footer>
          <button type="button" className="danger" disabled={busy} onClick={() => void openDeletion()}>
            Delete project…
          </button>
        </footer>
      </section>
      {preview && <DeleteDialog project={project} preview={preview} onCancel={() => setPreview(null)} />}
    </div>
  );
}

function DeleteDialog({
  project,
  preview,
  onCancel,
}: {
  project: Project;
  preview: DeletionPreview;
  onCancel: () => void;
}) {
  const navigate = useNavigate();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.deleteProject(project.id, typed);
      navigate("/");
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  const rows: [string, string][] = [
    ["Items", preview.items.toLocaleString()],
    [
      "Annotations",
      `${preview.annotations.toLocaleString()} (${preview.submitted.toLocaleString()} submitted, ${preview.drafts.toLocaleString()} drafts)`,
    ],
    ["Members", preview.members.toLocaleString()],
    ["Pending invitations", preview.invitations.toLocaleString()],
    ["Media files", `${preview.media_files.toLocaleString()} (${formatBytes(preview.media_bytes)})`],
  ];
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Delete this project">
      <form
        className="dialog"
        onSubmit={remove}
        onKeyDown={(e) => {
          if (e.key === "Escape") onCancel();
        }}
      >
        <h2>
          Delete “<Text value={preview.name} />
          ”?
        </h2>
        <p>This removes, for good:</p>
        <table>
          <tbody>
            {rows.map(([what, count]) => (
              <tr key={what}>
                <td>{what}</td>
                <td className="num">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <label>
          Type the project's name to confirm
          <input autoFocus name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            <Text value={error} />
          </p>
        )}
        <footer>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy || typed.trim() !== preview.name}>
            Delete project
          </button>
        </footer>
      </form>
    </div>
  );
}

export function formatBytes(n: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
