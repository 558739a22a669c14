/** Upload a .json/.jsonl/.csv file with a progress bar; show the server's report of a bad row. */
import { useRef, useState, type FormEvent } from "react";
import { ApiError, upload } from "../../api/client";
import { api } from "../../api/endpoints";
import type { ImportResult, Project } from "../../api/types";
import { Text } from "../../render";

const ACCEPT = ".json,.jsonl,.csv";

const ROW_CODES = new Set(["invalid_import", "duplicate_id"]);

/** Row and reason of a refused import (code `invalid_import` or `duplicate_id` with a `row`), else null. */
export function rowError(err: unknown): { row: number | string; message: string } | null {
  if (!(err instanceof ApiError) || !ROW_CODES.has(err.code)) return null;
  const row = err.detail.row;
  if (row === undefined || row === null) return null;
  return { row: row as number | string, message: err.detail.message };
}

/** "1 item", "1,200 items". */
export function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** What an import did, in one sentence. */
export function importSummary(created: number, skipped: number, name: string): string {
  const done = `Imported ${countOf(created, "item", "items")} from ${name}`;
  if (!skipped) return `${done}.`;
  return `${done}; skipped ${countOf(skipped, "row", "rows")} whose id was already imported.`;
}

type State =
  | { kind: "idle" }
  | { kind: "uploading"; loaded: number; total: number }
  | { kind: "processing" }
  | { kind: "done"; created: number; skipped: number; name: string }
  | { kind: "failed"; message: string; duplicate: boolean; row?: { row: number | string; message: string } };

export function ImportTab({ project, onImported }: { project: Project; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ kind: "idle" });
  const [skipKnown, setSkipKnown] = useState(false);
  const abortRef = useRef<(() => void) | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append("file", file, file.name);
    setState({ kind: "uploading", loaded: 0, total: file.size });
    const url = `${api.importUrl(project.id)}?on_duplicate=${skipKnown ? "skip" : "error"}`;
    const job = upload<ImportResult>(url, form, ({ loaded, total }) =>
      setState(loaded >= total ? { kind: "processing" } : { kind: "uploading", loaded, total }),
    );
    abortRef.current = job.abort;
    try {
      const res = await job.promise;
      setState({ kind: "done", created: res?.created ?? 0, skipped: res?.skipped ?? 0, name: file.name });
      setFile(null);
      if (input.current) input.current.value = "";
      onImported();
    } catch (err) {
      const row = rowError(err) ?? undefined;
      const duplicate = err instanceof ApiError && err.code === "duplicate_id";
      setState({ kind: "failed", message: (err as Error).message, duplicate, row });
    } finally {
      abortRef.current = null;
    }
  };

  const busy = state.kind === "uploading" || state.kind === "processing";
  return (
    <form className="card import" onSubmit={submit}>
      <p className="hint">
        JSON (a list of objects), JSON Lines, or CSV with a header row. An import lands whole or not at all:
        if one row is bad, nothing is imported and the row is named below. A row&apos;s <code>id</code> (a
        key, or a CSV column) is kept with its item, so sending the same file again adds nothing twice.
      </p>
      <input
        ref={input}
        type="file"
        name="file"
        accept={ACCEPT}
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          setState({ kind: "idle" });
        }}
      />
      <label>
        <input type="checkbox" checked={skipKnown} onChange={(e) => setSkipKnown(e.target.checked)} /> Skip
        rows whose id is already in the project
      </label>
      <button type="submit" className="primary" disabled={!file || busy}>
        Import
      </button>
      {busy && (
        <button type="button" onClick={() => abortRef.current?.()}>
          Cancel
        </button>
      )}
      {state.kind === "uploading" && (
        <div className="progress">
          <progress max={state.total || 1} value={state.loaded} aria-label="Upload progress" />
          <span>{Math.round((100 * state.loaded) / (state.total || 1))}%</span>
        </div>
      )}
      {state.kind === "processing" && (
        <div className="progress">
          <progress aria-label="Processing" />
          <span>Uploaded; the server is checking the rows…</span>
        </div>
      )}
      {state.kind === "done" && (
        <p className="ok" role="status" data-testid="import-result">
          <Text value={importSummary(state.created, state.skipped, state.name)} />
        </p>
      )}
      {state.kind === "failed" && (
        <div className="error import-error" role="alert" data-testid="import-error">
          {state.row ? (
            <>
              <strong>Nothing was imported.</strong> Row {String(state.row.row)}:{" "}
              <Text value={state.row.message} />
            </>
          ) : (
            <Text value={state.message} />
          )}
          {state.duplicate && !skipKnown && (
            <p>Tick “Skip rows whose id is already in the project” to import the rest.</p>
          )}
        </div>
      )}
    </form>
  );
}
