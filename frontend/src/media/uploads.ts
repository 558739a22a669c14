/**
 * The Media tab's logic, apart from React: the upload queue (one XHR per dropped file, so each
 * has its own progress), the schema's media fields a file can fill, and the import rows for
 * "create one item per file".
 */
import type { MediaFile } from "../api/media";

export type UploadState =
  | { kind: "queued" }
  | { kind: "uploading"; loaded: number; total: number }
  /** Sent; the server is measuring it (peaks of an hour of audio take seconds). */
  | { kind: "processing" }
  | { kind: "done"; files: MediaFile[] }
  | { kind: "failed"; message: string };

export interface Upload {
  id: number;
  name: string;
  size: number;
  state: UploadState;
}

/** Progress of one upload as a whole percent (processing and done count as 100). */
export function percent(state: UploadState): number {
  if (state.kind === "uploading") return Math.min(100, Math.round((100 * state.loaded) / (state.total || 1)));
  return state.kind === "processing" || state.kind === "done" ? 100 : 0;
}

/** The state after an XHR progress event: once every byte is sent, the server is working. */
export function progressed(loaded: number, total: number): UploadState {
  return loaded >= total ? { kind: "processing" } : { kind: "uploading", loaded, total };
}

/** "12 KB", "3.4 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

const KINDS = ["image", "audio", "video"] as const;
export type MediaKind = (typeof KINDS)[number];

/** image/jpeg → image; anything else → null. */
export function kindOf(contentType: string): MediaKind | null {
  const head = contentType.split("/", 1)[0];
  return (KINDS as readonly string[]).includes(head) ? (head as MediaKind) : null;
}

/** The schema's media fields (name → kind), the one matching most of the files first. */
export function mediaFields(fields: Record<string, string>, files: MediaFile[]): string[] {
  const counts = new Map<string, number>();
  for (const f of files) {
    const k = kindOf(f.content_type);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return Object.entries(fields)
    .filter(([, kind]) => (KINDS as readonly string[]).includes(kind))
    .sort(([, a], [, b]) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))
    .map(([name]) => name);
}

/** The files a field of this kind can show (an image field: the images). */
export function filesFor(kind: string, files: MediaFile[]): MediaFile[] {
  return files.filter((f) => kindOf(f.content_type) === kind);
}

/** Import rows for "one item per file": the file's URL in `field`, its name as the item's id
 * (so creating them twice adds nothing twice: the import skips known ids). */
export function itemsForFiles(
  field: string,
  files: MediaFile[],
): { id: string; data: Record<string, string> }[] {
  return files.map((f) => ({ id: f.name, data: { [field]: f.url } }));
}

/** One line about a measured file: "1920×1080 · 12.5 s · 25 fps". */
export function describe(file: MediaFile): string {
  const parts: string[] = [];
  if (file.width && file.height) parts.push(`${file.width}×${file.height}`);
  if (file.duration) parts.push(`${file.duration.toFixed(1)} s`);
  if (file.fps) parts.push(`${Number(file.fps.toFixed(2))} fps`);
  return parts.join(" · ");
}
