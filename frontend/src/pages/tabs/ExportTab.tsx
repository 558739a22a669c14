/**
 * Export in any format the server writes (`GET /api/formats`, grouped by kind): which labels
 * (final / every annotation / both; the format's own default chosen), gold items only, drafts
 * (row formats). The file is fetched and then saved, so a refusal (e.g. COCO for a project with
 * no image regions) shows the server's message instead of saving the error as the file.
 */
import { useEffect, useRef, useState } from "react";
import { api } from "../../api/endpoints";
import type { FileFormat, Project } from "../../api/types";
import { formatBytes } from "../../media/uploads";
import { Text } from "../../render";
import { LABELS_CHOICES, downloadExport, exportUrl, groupByKind, type Labels } from "./formats";
import { RadioChoices } from "./RadioChoices";

type State =
  | { kind: "idle" }
  | { kind: "downloading"; received: number }
  | { kind: "done"; name: string; bytes: number }
  | { kind: "failed"; message: string };

export function ExportTab({ project }: { project: Project }) {
  const [formats, setFormats] = useState<FileFormat[] | null>(null);
  const [loadError, setLoadError] = useState("");
  const [name, setName] = useState("");
  const [labels, setLabels] = useState<Labels>("annotations");
  const [goldOnly, setGoldOnly] = useState(false);
  const [includeDrafts, setIncludeDrafts] = useState(false);
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  const choose = (format: FileFormat | undefined) => {
    if (!format) return;
    setName(format.name);
    setLabels(format.default_labels as Labels);
    setState({ kind: "idle" });
  };

  useEffect(() => {
    let live = true;
    api.formats().then(
      (all) => {
        if (!live) return;
        setFormats(all);
        choose(all.find((f) => f.exports));
      },
      (err: Error) => live && setLoadError(err.message),
    );
    return () => {
      live = false;
      abort.current?.abort();
    };
  }, []);

  if (loadError) return <p className="error">{loadError}</p>;
  if (!formats) return <p className="hint">Loading formats…</p>;
  const format = formats.find((f) => f.name === name);
  const groups = groupByKind(formats, "exports");

  const start = async () => {
    if (!format) return;
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "downloading", received: 0 });
    const url = exportUrl(project.id, { format, labels, goldOnly, includeDrafts });
    try {
      const saved = await downloadExport(
        url,
        `project-${project.id}${format.extension}`,
        (received) => setState({ kind: "downloading", received }),
        controller.signal,
      );
      setState({ kind: "done", ...saved });
    } catch (err) {
      const cancelled = err instanceof DOMException && err.name === "AbortError";
      setState(cancelled ? { kind: "idle" } : { kind: "failed", message: (err as Error).message });
    } finally {
      abort.current = null;
    }
  };

  return (
    <div className="card export">
      <label>
        Format{" "}
        <select
          aria-label="Format"
          value={name}
          onChange={(e) => choose(formats.find((f) => f.name === e.target.value))}
        >
          {groups.map((g) => (
            <optgroup key={g.kind} label={g.title}>
              {g.formats.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.title} ({f.extension})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <fieldset className="export-options">
        <legend>Labels</legend>
        <RadioChoices name="labels" choices={LABELS_CHOICES} value={labels} onChange={setLabels} />
      </fieldset>
      <div className="export-options">
        <label>
          <input type="checkbox" checked={goldOnly} onChange={(e) => setGoldOnly(e.target.checked)} /> Gold
          items only (each with its reference as its final label)
        </label>
        {format?.kind === "rows" && (
          <label>
            <input
              type="checkbox"
              checked={includeDrafts}
              disabled={goldOnly}
              onChange={(e) => setIncludeDrafts(e.target.checked)}
            />{" "}
            Include drafts
          </label>
        )}
      </div>
      <div className="export-buttons">
        <button
          type="button"
          className="primary"
          disabled={!format || state.kind === "downloading"}
          onClick={() => void start()}
        >
          Download {format ? format.title : ""}
        </button>
        {state.kind === "downloading" && (
          <>
            <span role="status">Downloading… {formatBytes(state.received)}</span>
            <button type="button" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          </>
        )}
      </div>
      {state.kind === "done" && (
        <p className="ok" role="status" data-testid="export-result">
          <Text value={`Saved ${state.name} (${formatBytes(state.bytes)}).`} />
        </p>
      )}
      {state.kind === "failed" && (
        <p className="error import-error" role="alert" data-testid="export-error">
          <Text value={state.message} />
        </p>
      )}
    </div>
  );
}
