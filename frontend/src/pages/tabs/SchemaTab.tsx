import { useCallback, useState } from "react";
import { api } from "../../api/endpoints";
import type { Project } from "../../api/types";
import { Text } from "../../render";
import { SchemaEditor, type Validity } from "../../schema/SchemaEditor";

export function SchemaTab({ project, onSaved }: { project: Project; onSaved: (p: Project) => void }) {
  const [text, setText] = useState(() => JSON.stringify(project.schema, null, 2));
  const [validity, setValidity] = useState<Validity>({ state: "checking" });
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const onValidity = useCallback((v: Validity) => setValidity(v), []);

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      if (validity.state !== "valid") return;
      const p = await api.updateProject(project.id, { schema: validity.schema });
      onSaved(p);
      setMessage({ kind: "ok", text: "Schema saved." });
    } catch (err) {
      setMessage({ kind: "error", text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <SchemaEditor text={text} onText={setText} onValidity={onValidity} />
      {message && (
        <p className={message.kind} role={message.kind === "error" ? "alert" : "status"}>
          <Text value={message.text} />
        </p>
      )}
      <footer>
        <button
          type="button"
          className="primary"
          onClick={() => void save()}
          disabled={busy || validity.state !== "valid"}
        >
          Save schema
        </button>
      </footer>
    </div>
  );
}
