/** An answer edited in the labeling Workspace, outside the queue: the author correcting one of
 * their past items (My work) and a reviewer fixing an annotation (the review page). The answer is
 * checked like a submission (empty answers filled in, required controls asked for) before
 * `onSubmit` gets it; its keys work while the focus is inside it (Ctrl+Enter submits). */
import { useCallback, useMemo, useState } from "react";
import type { ItemData, ProjectSchema, Result } from "../api/types";
import { useAuth } from "../auth";
import { Text } from "../render";
import { mergeBindings } from "../labeling/shortcuts";
import { missingRequired, withEmptyAnswers } from "../labeling/submission";
import { Workspace, type WorkspaceAction } from "../labeling/Workspace";

export function AnswerEditor({
  schema,
  data,
  itemKey,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  schema: ProjectSchema;
  data: ItemData;
  itemKey: string;
  initial: Result;
  submitLabel: string;
  onSubmit: (result: Result) => Promise<void>;
  onCancel: () => void;
}) {
  const { me } = useAuth();
  const bindings = useMemo(() => mergeBindings(me?.shortcuts), [me?.shortcuts]);
  const [result, setResult] = useState<Result>(initial);
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onChange = useCallback((control: string, value: unknown) => {
    setMissing((m) => m.filter((c) => c !== control));
    setResult((r) => {
      const next = { ...r };
      if (value === undefined) delete next[control];
      else next[control] = value;
      return next;
    });
  }, []);

  const submit = useCallback(async () => {
    if (busy) return;
    const full = withEmptyAnswers(schema, result);
    const unanswered = missingRequired(schema, full);
    if (unanswered.length > 0) {
      setMissing(unanswered);
      setError(
        `Answer the required control${unanswered.length > 1 ? "s" : ""} first: ${unanswered.join(", ")}`,
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(full);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }, [busy, schema, result, onSubmit]);

  const onAction = useCallback(
    (action: WorkspaceAction) => {
      if (action === "submit") void submit();
    },
    [submit],
  );

  return (
    <div className="answer-editor">
      <Workspace
        schema={schema}
        data={data}
        itemKey={itemKey}
        result={result}
        onChange={onChange}
        bindings={bindings}
        onAction={onAction}
        keysEnabled={!busy}
        keyScope="container"
        notify={setError}
        missing={missing}
      />
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void submit()} disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
