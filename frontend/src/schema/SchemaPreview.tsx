/** The real labeling widgets on a sample item; keys work while the preview has focus. */
import { useCallback, useMemo, useState } from "react";
import type { ProjectSchema, Result } from "../api/types";
import { createHistory, pushHistory, redo, undo } from "../labeling/history";
import { DEFAULT_BINDINGS } from "../labeling/shortcuts";
import { Workspace, type WorkspaceAction } from "../labeling/Workspace";
import { Text } from "../render";
import { sampleItem } from "./sample";

export function SchemaPreview({ schema, stale }: { schema: ProjectSchema; stale: boolean }) {
  const data = useMemo(() => sampleItem(schema), [schema]);
  const [history, setHistory] = useState(() => createHistory<Result>({}));
  const [message, setMessage] = useState("Click the preview, then try the keys.");

  const onChange = useCallback((control: string, value: unknown, coalesce?: string) => {
    setHistory((h) => {
      const next = { ...h.present };
      if (value === undefined) delete next[control];
      else next[control] = value;
      return pushHistory(h, next, { coalesce });
    });
  }, []);

  const onAction = useCallback(
    (action: WorkspaceAction) => {
      if (action === "undo") setHistory(undo);
      else if (action === "redo") setHistory(redo);
      else if (action === "submit") setMessage(`Would submit: ${JSON.stringify(history.present)}`);
      else setMessage(`“${action}” works on the labeling page.`);
    },
    [history.present],
  );

  return (
    <div className={`preview${stale ? " stale" : ""}`} data-testid="schema-preview">
      <Workspace
        schema={schema}
        data={data}
        itemKey={JSON.stringify(schema)}
        result={history.present}
        onChange={onChange}
        bindings={DEFAULT_BINDINGS}
        onAction={onAction}
        keysEnabled
        keyScope="container"
        notify={setMessage}
      />
      <p className="hint mono preview-message">
        <Text value={message} />
      </p>
    </div>
  );
}
