/**
 * The Media tab (managers): drop files or zips (or pick them), each uploaded on its own XHR with
 * its progress and its own error; then "create one item per file" for a media field of the
 * schema (through the items import); and the project's files as the server measured them.
 */
import { useCallback, useRef, useState, type DragEvent } from "react";
import { upload } from "../../api/client";
import { api } from "../../api/endpoints";
import { mediaApi, type MediaFile } from "../../api/media";
import type { ImportResult, Project } from "../../api/types";
import { Pager, usePagedLoad } from "../../components/Pager";
import { MediaThumb } from "../../media/MediaThumb";
import {
  describe,
  filesFor,
  formatBytes,
  itemsForFiles,
  mediaFields,
  percent,
  progressed,
  type Upload,
  type UploadState,
} from "../../media/uploads";
import { Text } from "../../render";
import { countOf } from "./ImportTab";

const ACCEPT = "image/*,audio/*,video/*,.zip";

export function MediaTab({ project, onImported }: { project: Project; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const nextId = useRef(1);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const running = useRef(Promise.resolve());

  const setState = (id: number, state: UploadState) =>
    setUploads((all) => all.map((u) => (u.id === id ? { ...u, state } : u)));

  const send = useCallback(
    async (id: number, file: File) => {
      const form = new FormData();
      form.append("files", file, file.name);
      setState(id, { kind: "uploading", loaded: 0, total: file.size });
      const job = upload<MediaFile[]>(mediaApi.uploadUrl(project.id), form, ({ loaded, total }) =>
        setState(id, progressed(loaded, total)),
      );
      try {
        setState(id, { kind: "done", files: await job.promise });
        setRefresh((n) => n + 1);
      } catch (err) {
        setState(id, { kind: "failed", message: (err as Error).message });
      }
    },
    [project.id],
  );

  /** Queue the files; they go one after another (each its own request, progress and error). */
  const add = (files: FileList | File[]) => {
    const added = Array.from(files).map((file) => ({ file, id: nextId.current++ }));
    if (!added.length) return;
    setUploads((all) => [
      ...all,
      ...added.map(({ file, id }) => ({
        id,
        name: file.name,
        size: file.size,
        state: { kind: "queued" } as const,
      })),
    ]);
    for (const { file, id } of added) running.current = running.current.then(() => send(id, file));
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add(e.dataTransfer.files);
  };

  const uploaded = uploads.flatMap((u) => (u.state.kind === "done" ? u.state.files : []));
  return (
    <div className="media-tab">
      <div
        className={dragging ? "card dropzone dragging" : "card dropzone"}
        data-testid="media-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          Drop images, audio, video or a <code>.zip</code> of them here, or{" "}
          <button type="button" className="link" onClick={() => input.current?.click()}>
            choose files
          </button>
          .
        </p>
        <p className="hint">
          Each file is checked (only real images, audio and video are kept) and measured: its size, duration
          and frame rate bound the answers on items that show it. A file with a name already uploaded replaces
          it.
        </p>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          data-testid="media-input"
          hidden
          onChange={(e) => {
            if (e.target.files) add(e.target.files);
            e.target.value = "";
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul className="uploads" aria-label="Uploads">
          {uploads.map((u) => (
            <UploadRow key={u.id} upload={u} />
          ))}
        </ul>
      )}
      {uploaded.length > 0 && <CreateItems project={project} files={uploaded} onImported={onImported} />}
      <Library projectId={project.id} refresh={refresh} />
    </div>
  );
}

function UploadRow({ upload: u }: { upload: Upload }) {
  const s = u.state;
  return (
    <li className={`upload upload-${s.kind}`} data-testid="upload" data-state={s.kind}>
      <span className="upload-name">
        <Text value={u.name} /> <span className="hint">{formatBytes(u.size)}</span>
      </span>
      {(s.kind === "queued" || s.kind === "uploading") && (
        <progress max={100} value={percent(s)} aria-label={`Uploading ${u.name}`} />
      )}
      {s.kind === "uploading" && <span>{percent(s)}%</span>}
      {s.kind === "queued" && <span className="hint">waiting</span>}
      {s.kind === "processing" && (
        <>
          <progress aria-label={`Measuring ${u.name}`} />
          <span className="hint">uploaded; measuring…</span>
        </>
      )}
      {s.kind === "done" && (
        <span className="ok" role="status">
          {s.files.length === 1 ? "Stored" : `Stored ${countOf(s.files.length, "file", "files")}`}
        </span>
      )}
      {s.kind === "failed" && (
        <span className="error" role="alert">
          <Text value={s.message} />
        </span>
      )}
    </li>
  );
}

type ImportState =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "done"; result: ImportResult }
  | { kind: "failed"; message: string };

/** "Create one item per file" for one of the schema's media fields, through the items import. */
function CreateItems({
  project,
  files,
  onImported,
}: {
  project: Project;
  files: MediaFile[];
  onImported: () => void;
}) {
  const fields = mediaFields(project.schema?.fields ?? {}, files);
  const [field, setField] = useState<string | null>(null);
  const [state, setState] = useState<ImportState>({ kind: "idle" });
  const chosen = field ?? fields[0];
  if (!fields.length)
    return <p className="hint">The schema has no image, audio or video field to create items for.</p>;
  const fitting = filesFor(project.schema?.fields?.[chosen] ?? "", files);

  const create = async () => {
    const body = JSON.stringify(itemsForFiles(chosen, fitting));
    const form = new FormData();
    form.append("file", new Blob([body], { type: "application/json" }), "media-items.json");
    setState({ kind: "busy" });
    try {
      const result = await upload<ImportResult>(
        `${api.importUrl(project.id)}?on_duplicate=skip`,
        form,
        () => {},
      ).promise;
      setState({ kind: "done", result });
      onImported();
    } catch (err) {
      setState({ kind: "failed", message: (err as Error).message });
    }
  };

  return (
    <div className="card create-items">
      <label>
        Create one item per uploaded file that fits ({countOf(fitting.length, "file", "files")}) in the field{" "}
        <select value={chosen} onChange={(e) => setField(e.target.value)} aria-label="Media field">
          {fields.map((f) => (
            <option key={f} value={f}>
              {f} ({project.schema?.fields?.[f]})
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="primary"
        disabled={state.kind === "busy" || fitting.length === 0}
        onClick={create}
      >
        Create items
      </button>
      {state.kind === "done" && (
        <p className="ok" role="status" data-testid="media-items-created">
          Created {countOf(state.result.created, "item", "items")}
          {state.result.skipped ? `; ${countOf(state.result.skipped, "file", "files")} already had one` : ""}.
        </p>
      )}
      {state.kind === "failed" && (
        <p className="error" role="alert">
          <Text value={state.message} />
        </p>
      )}
    </div>
  );
}

/** The project's files as measured, by name, a page at a time. */
function Library({ projectId, refresh }: { projectId: number; refresh: number }) {
  const { data, error, pager } = usePagedLoad(
    (page, size, signal) => mediaApi.list(projectId, page, size, signal),
    [projectId, refresh],
    25,
  );
  if (error)
    return (
      <p className="error">
        <Text value={error} />
      </p>
    );
  if (!data || data.total === 0) return null;
  return (
    <div className="card">
      <h3>Files</h3>
      <table className="media-library">
        <thead>
          <tr>
            <th />
            <th>Name</th>
            <th>Type</th>
            <th>Size</th>
            <th>Measured</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((f) => (
            <tr key={f.name}>
              <td>{f.thumbnail_url && <MediaThumb url={f.url} />}</td>
              <td>
                <a href={f.url} target="_blank" rel="noreferrer">
                  <Text value={f.name} />
                </a>
              </td>
              <td className="hint">{f.content_type}</td>
              <td className="num">{formatBytes(f.bytes)}</td>
              <td>{describe(f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager {...pager} noun="files" />
    </div>
  );
}
