/**
 * The schema editor's templates (GET /api/templates): choosing one fills the editor with its
 * schema; "Try with sample data" creates a new project from it with sample items and media the
 * server generates, and opens it.
 */
import { useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api } from "../api/endpoints";
import type { SchemaTemplate } from "../api/types";
import { Text } from "../render";

export function TemplatePicker({ onChoose }: { onChoose: (schemaText: string) => void }) {
  const [templates, setTemplates] = useState<SchemaTemplate[] | null>(null);
  const [chosen, setChosen] = useState<SchemaTemplate | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const navigate = useNavigate();

  useEffect(() => {
    let live = true;
    api.templates().then(
      (list) => live && setTemplates(list),
      (err: Error) => live && setUnavailable(`Templates could not be loaded: ${err.message}`),
    );
    return () => {
      live = false;
    };
  }, []);

  const choose = (id: string) => {
    const t = templates?.find((x) => x.id === id) ?? null;
    setChosen(t);
    setError(null);
    if (t) onChoose(JSON.stringify(t.schema, null, 2));
  };

  const trySamples = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const project = await api.createSampleProject(chosen.id);
      navigate(`/projects/${project.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <div className="template-picker" data-testid="template-picker">
      <label>
        Start from a template
        <select
          value={chosen?.id ?? ""}
          onChange={(e) => choose(e.target.value)}
          disabled={templates === null || templates.length === 0}
          aria-describedby="template-description"
        >
          <option value="">{templates === null ? "Loading…" : "Choose a template…"}</option>
          {templates?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      </label>
      {chosen && (
        <p id="template-description" className="hint">
          <Text value={chosen.description} />{" "}
          <button type="button" onClick={trySamples} disabled={busy}>
            {busy ? "Creating…" : "Try with sample data"}
          </button>
        </p>
      )}
      {chosen && (
        <p className="hint">
          Creates a new project with this schema and generated sample items, and opens it.
        </p>
      )}
      {unavailable && (
        <p className="hint">
          <Text value={unavailable} />
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
    </div>
  );
}
