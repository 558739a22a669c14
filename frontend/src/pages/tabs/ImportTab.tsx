/**
 * Import a file in any format the server reads (`GET /api/formats`): the format (told from the
 * file's name unless chosen), what the labels in the file become (annotations, predictions or
 * gold of a set), what to do with ids already imported; a progress bar for the upload, then the
 * counts, or the server's report of the bad row.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, upload } from "../../api/client";
import { api } from "../../api/endpoints";
import type { FileFormat, GoldSet, ImportResult, Project } from "../../api/types";
import { Text } from "../../render";
import { RadioChoices } from "./RadioChoices";
import {
  GOLD_SETS,
  LABELS_AS_CHOICES,
  acceptOf,
  formatFromName,
  groupByKind,
  importSummary,
  importUrl,
  type ImportCounts,
  type LabelsAs,
} from "./formats";

export { countOf } from "./formats";

const ROW_CODES = new Set(["invalid_import", "duplicate_id"]);

/** Row and reason of a refused import (code `invalid_import` or `duplicate_id` with a `row`), else null. */
export function rowError(err: unknown): { row: number | string; message: string } | null {
  if (!(err instanceof ApiError) || !ROW_CODES.has(err.code)) return null;
  const row = err.detail.row;
  if (row === undefined || row === null) return null;
  return { row: row as number | string, message: err.detail.message };
}

type State =
  | { kind: "idle" }
  | { kind: "uploading"; loaded: number; total: number }
  | { kind: "processing" }
  | { kind: "done"; counts: ImportCounts; name: string }
  | { kind: "failed"; message: string; duplicate: boolean; row?: { row: number | string; message: string } };

export function ImportTab({ project, onImported }: { project: Project; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [formats, setFormats] = useState<FileFormat[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [chosen, setChosen] = useState(""); // "": from the file's name
  const [labelsAs, setLabelsAs] = useState<LabelsAs>("annotations");
  const [goldSet, setGoldSet] = useState<GoldSet>("practice");
  const [state, setState] = useState<State>({ kind: "idle" });
  const [skipKnown, setSkipKnown] = useState(false);
  const abortRef = useRef<(() => void) | null>(null);

  useEffect(() => {
    let live = true;
    api.formats().then(
      (all) => live && setFormats(all),
      () => undefined, // the picker then offers "from the file's name" only; the server still decides
    );
    return () => {
      live = false;
    };
  }, []);

  const guessed = file ? formatFromName(file.name, formats) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append("file", file, file.name);
    setState({ kind: "uploading", loaded: 0, total: file.size });
    const url = importUrl(project.id, {
      format: chosen || null,
      labelsAs,
      goldSet,
      onDuplicate: skipKnown ? "skip" : "error",
    });
    const job = upload<ImportResult>(url, form, ({ loaded, total }) =>
      setState(loaded >= total ? { kind: "processing" } : { kind: "uploading", loaded, total }),
    );
    abortRef.current = job.abort;
    try {
      const res = await job.promise;
      const counts = {
        created: res?.created ?? 0,
        skipped: res?.skipped ?? 0,
        annotations: res?.annotations ?? 0,
        predictions: res?.predictions ?? 0,
      };
      setState({ kind: "done", counts, name: file.name });
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
        A file in any format below: goldlabel&apos;s JSON (a list of objects), JSON Lines or CSV with a header
        row, or another tool&apos;s. An import lands whole or not at all: if one row is bad, nothing is
        imported and the row is named below. A row&apos;s <code>id</code> is kept with its item, so sending
        the same file again adds nothing twice.
      </p>
      <label>
        File{" "}
        <input
          ref={input}
          type="file"
          name="file"
          aria-label="File"
          accept={acceptOf(formats) || undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setState({ kind: "idle" });
          }}
        />
      </label>
      <label>
        Format{" "}
        <select aria-label="Format" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">From the file&apos;s name</option>
          {groupByKind(formats, "imports").map((g) => (
            <optgroup key={g.kind} label={g.title}>
              {g.formats.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {file && !chosen && (
        <p className="hint" data-testid="import-format-guess">
          {guessed ? (
            <Text value={`Read as ${guessed.title} (from the name ${file.name}).`} />
          ) : (
            <Text value={`The name ${file.name} does not say its format: choose one.`} />
          )}
        </p>
      )}
      <fieldset>
        <legend>Labels in the file become</legend>
        <RadioChoices name="labels_as" choices={LABELS_AS_CHOICES} value={labelsAs} onChange={setLabelsAs} />
        {labelsAs === "gold" && (
          <label>
            Gold set{" "}
            <select
              aria-label="Gold set"
              value={goldSet}
              onChange={(e) => setGoldSet(e.target.value as GoldSet)}
            >
              {GOLD_SETS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
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
          <Text value={importSummary(state.counts, state.name)} />
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
