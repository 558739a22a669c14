/**
 * Editor for a project schema (JSON, or a Label Studio XML config the server converts), validated
 * live by the server (`POST /api/schema/validate`), beside a live preview of the labeling UI on a
 * sample item. What gets saved is the server's normalised schema, or the XML config itself (the
 * server keeps it beside the schema); what the conversion ignores is listed as warnings.
 */
import { useEffect, useState } from "react";
import { api } from "../api/endpoints";
import type { ProjectSchema, SchemaSource } from "../api/types";
import { Text } from "../render";
import { undrawableControls } from "./drawable";
import { SchemaPreview } from "./SchemaPreview";
import { TemplatePicker } from "./TemplatePicker";

export const VALIDATE_DELAY_MS = 400;

export type Validity =
  | { state: "checking" }
  | {
      state: "valid";
      schema: ProjectSchema;
      /** The Label Studio XML the schema came from, or null for a JSON schema. */
      labelConfig: string | null;
      /** What the conversion of a Label Studio config ignored (attributes per tag). */
      warnings: string[];
    }
  | { state: "invalid"; message: string };

/** The body that saves what was validated: the XML config itself, or the normalised schema. */
export function schemaBody(v: Extract<Validity, { state: "valid" }>): {
  schema?: ProjectSchema;
  label_config?: string;
} {
  return v.labelConfig !== null ? { label_config: v.labelConfig } : { schema: v.schema };
}

/**
 * What to send for validation: Label Studio XML (text starting with "<") as `label_config`,
 * anything else must be JSON and goes as `schema`.
 */
export function schemaRequest(text: string): SchemaSource | { error: string } {
  if (text.trimStart().startsWith("<")) return { label_config: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { error: `Not valid JSON: ${(err as Error).message}` };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { error: 'A schema is a JSON object: {"fields": {...}, "controls": [...]}' };
  }
  return { schema: parsed as Record<string, unknown> };
}

export function SchemaEditor({
  text,
  onText,
  onValidity,
}: {
  text: string;
  onText: (text: string) => void;
  onValidity?: (v: Validity) => void;
}) {
  const [validity, setValidity] = useState<Validity>({ state: "checking" });
  const [preview, setPreview] = useState<ProjectSchema | null>(null);

  useEffect(() => {
    const body = schemaRequest(text);
    if ("error" in body) {
      setValidity({ state: "invalid", message: body.error });
      return;
    }
    setValidity({ state: "checking" });
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => {
      api.validateSchema(body, ctrl.signal).then(
        (res) => {
          const labelConfig = "label_config" in body ? body.label_config : null;
          setValidity({ state: "valid", schema: res.schema, labelConfig, warnings: res.warnings ?? [] });
          setPreview(res.schema);
        },
        (err: Error) => {
          if (err.name !== "AbortError") setValidity({ state: "invalid", message: err.message });
        },
      );
    }, VALIDATE_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [text]);

  useEffect(() => onValidity?.(validity), [validity, onValidity]);

  return (
    <div className="schema-editor">
      <div className="schema-source">
        <TemplatePicker onChoose={onText} />
        <label htmlFor="schema-json">Schema (JSON, or Label Studio XML)</label>
        <textarea
          id="schema-json"
          className="mono"
          spellCheck={false}
          rows={20}
          value={text}
          onChange={(e) => onText(e.target.value)}
        />
        <p
          className={`validity ${validity.state}`}
          role={validity.state === "invalid" ? "alert" : "status"}
          data-testid="schema-validity"
        >
          {validity.state === "checking" && "Checking…"}
          {validity.state === "valid" && "✓ Valid schema"}
          {validity.state === "invalid" && validity.message}
        </p>
        {validity.state === "valid" && <UndrawableWarning schema={validity.schema} />}
        {validity.state === "valid" && validity.warnings.length > 0 && (
          <div className="warnings" data-testid="schema-warnings">
            <p>Imported from Label Studio; goldlabel does not use these attributes:</p>
            <ul>
              {validity.warnings.map((w) => (
                <li key={w}>
                  <Text value={w} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <div className="schema-preview">
        <h3>Live preview</h3>
        {preview ? (
          <SchemaPreview schema={preview} stale={validity.state !== "valid"} />
        ) : (
          <p className="hint">The preview appears once the schema is valid.</p>
        )}
      </div>
    </div>
  );
}

/** Controls the server accepts but this UI cannot draw, by name: the project could not be labeled
 * here until a widget for them exists. */
function UndrawableWarning({ schema }: { schema: ProjectSchema }) {
  const undrawable = undrawableControls(schema);
  if (undrawable.length === 0) return null;
  return (
    <div className="warnings" role="alert" data-testid="schema-undrawable">
      <p>This UI cannot label every control of this schema yet:</p>
      <ul>
        {undrawable.map((u) => (
          <li key={u.control}>
            <Text value={`${u.control} (${u.type}): ${u.reason}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}
