import { useCallback, useState } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Project, SchemaChangeEffect } from "../../api/types";
import { Text } from "../../render";
import { SchemaEditor, schemaBody, type Validity } from "../../schema/SchemaEditor";
import {
  NO_RENAMES,
  describeEffect,
  renameTargets,
  renamesBody,
  withRename,
  type Renames,
} from "../../schema/schemaChange";

interface Pending {
  annotations: number;
  changes: SchemaChangeEffect[];
}

export function SchemaTab({ project, onSaved }: { project: Project; onSaved: (p: Project) => void }) {
  const [text, setText] = useState(() => JSON.stringify(project.schema, null, 2));
  const [validity, setValidity] = useState<Validity>({ state: "checking" });
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [renames, setRenames] = useState<Renames>(NO_RENAMES);
  const onValidity = useCallback((v: Validity) => {
    setValidity(v);
    setPending(null); // a different schema: counts and renames no longer apply
    setRenames(NO_RENAMES);
  }, []);
  const readOnly = Boolean(project.archived_at);

  const save = async (force: boolean, withRenames: Renames = renames) => {
    if (validity.state !== "valid") return;
    setBusy(true);
    setMessage(null);
    try {
      const p = await api.updateProject(project.id, {
        ...schemaBody(validity),
        ...renamesBody(withRenames),
        force,
      });
      onSaved(p);
      setPending(null);
      setRenames(NO_RENAMES);
      setMessage({ kind: "ok", text: force ? "Schema saved; annotations updated." : "Schema saved." });
    } catch (err) {
      if (err instanceof ApiError && err.code === "schema_change_affects_annotations") {
        setPending({
          annotations: Number(err.detail.annotations),
          changes: err.detail.changes as SchemaChangeEffect[],
        });
      } else {
        setMessage({ kind: "error", text: (err as Error).message });
      }
    } finally {
      setBusy(false);
    }
  };

  const rename = (e: SchemaChangeEffect, to: string | null) => {
    const next = withRename(renames, e, to);
    setRenames(next);
    void save(false, next); // recount with the rename
  };

  return (
    <div className="card">
      {readOnly && (
        <p className="notice">
          This project is archived: its schema cannot change. Unarchive it in Settings.
        </p>
      )}
      {project.label_config && (
        <details className="label-config">
          <summary>Label Studio config this schema was made from</summary>
          <pre className="mono" data-testid="label-config">
            {project.label_config}
          </pre>
          <button type="button" onClick={() => setText(project.label_config ?? "")}>
            Edit the config
          </button>
        </details>
      )}
      <SchemaEditor text={text} onText={setText} onValidity={onValidity} />
      {pending && validity.state === "valid" && (
        <SchemaChangeConfirmation
          pending={pending}
          before={project.schema}
          after={validity.schema}
          renames={renames}
          busy={busy}
          onRename={rename}
          onConfirm={() => void save(true)}
          onCancel={() => setPending(null)}
        />
      )}
      {message && (
        <p className={message.kind} role={message.kind === "error" ? "alert" : "status"}>
          <Text value={message.text} />
        </p>
      )}
      <footer>
        <button
          type="button"
          className="primary"
          onClick={() => void save(false)}
          disabled={busy || readOnly || validity.state !== "valid" || pending !== null}
        >
          Save schema
        </button>
      </footer>
    </div>
  );
}

function SchemaChangeConfirmation({
  pending,
  before,
  after,
  renames,
  busy,
  onRename,
  onConfirm,
  onCancel,
}: {
  pending: Pending;
  before: Project["schema"];
  after: Project["schema"];
  renames: Renames;
  busy: boolean;
  onRename: (e: SchemaChangeEffect, to: string | null) => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <section className="schema-change" aria-label="Annotations this change affects" role="alertdialog">
      <h3>
        This change affects {pending.annotations.toLocaleString()} annotation
        {pending.annotations === 1 ? "" : "s"}
      </h3>
      <p className="hint">
        Rename a removed option or control to move its answers to the new name instead of deleting them.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Change</th>
            <th className="num">Annotations</th>
            <th className="num">Submitted</th>
            <th className="num">Drafts</th>
            <th>Rename to</th>
          </tr>
        </thead>
        <tbody>
          {pending.changes.map((e) => {
            const targets = renameTargets(e, before, after, renames);
            const key = `${e.control}|${e.change}|${e.option ?? ""}`;
            return (
              <tr key={key} data-change={e.change}>
                <td>
                  <Text value={describeEffect(e)} />
                </td>
                <td className="num">{e.annotations.toLocaleString()}</td>
                <td className="num">{e.submitted.toLocaleString()}</td>
                <td className="num">{e.drafts.toLocaleString()}</td>
                <td>
                  {targets.length > 0 && (
                    <select
                      aria-label={`Rename ${e.option ?? e.control} to`}
                      value={e.to ?? ""}
                      disabled={busy}
                      onChange={(ev) => onRename(e, ev.target.value || null)}
                    >
                      <option value="">(delete)</option>
                      {targets.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <footer>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="primary danger" onClick={onConfirm} disabled={busy}>
          Save and update {pending.annotations.toLocaleString()} annotation
          {pending.annotations === 1 ? "" : "s"}
        </button>
      </footer>
    </section>
  );
}
