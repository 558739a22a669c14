/**
 * The Import and Export tabs' logic, apart from React: formats grouped by kind as the server lists
 * them (`GET /api/formats` is the only source: formats are added on the server, never here), the
 * format an import file's name says, the query strings of both routes, and the export download
 * (fetched, so a refusal shows the server's message instead of saving an error as the file).
 */
import { ApiError, csrfHeaders, errorDetail } from "../../api/client";
import { api } from "../../api/endpoints";
import type { FileFormat, GoldSet } from "../../api/types";

export type Labels = "final" | "annotations" | "both";
export type LabelsAs = "annotations" | "predictions" | "gold";
export type OnDuplicate = "error" | "skip";

const KIND_TITLES: Record<string, string> = {
  rows: "goldlabel rows",
  images: "Images",
  text: "Text",
  audio_video: "Audio and video",
  tables: "Tables",
  labelstudio: "Label Studio",
};

export const LABELS_CHOICES: { value: Labels; title: string }[] = [
  { value: "final", title: "Final labels (the consensus or reviewed label per item)" },
  { value: "annotations", title: "Every submitted annotation" },
  { value: "both", title: "Both" },
];

export const LABELS_AS_CHOICES: { value: LabelsAs; title: string }[] = [
  { value: "annotations", title: "Annotations" },
  { value: "predictions", title: "Predictions (suggestions shown to annotators)" },
  { value: "gold", title: "Gold" },
];

export const GOLD_SETS: GoldSet[] = ["practice", "exam", "honeypot", "example"];

/** A kind's heading in a picker; an unknown kind (a newer server) shows its own name. */
export function kindTitle(kind: string): string {
  return KIND_TITLES[kind] ?? kind.replace(/_/g, " ");
}

export interface FormatGroup {
  kind: string;
  title: string;
  formats: FileFormat[];
}

/** The formats that move the given way, grouped by kind in the server's order. */
export function groupByKind(formats: FileFormat[], way: "imports" | "exports"): FormatGroup[] {
  const groups = new Map<string, FormatGroup>();
  for (const f of formats) {
    if (!f[way]) continue;
    let group = groups.get(f.kind);
    if (!group) {
      group = { kind: f.kind, title: kindTitle(f.kind), formats: [] };
      groups.set(f.kind, group);
    }
    group.formats.push(f);
  }
  return [...groups.values()];
}

/** The format an import would be read as from the file's name, by the server's rule: the longest
 * matching suffix of a format that imports, the first listed on a tie; null when none matches. */
export function formatFromName(name: string, formats: FileFormat[]): FileFormat | null {
  const lower = name.toLowerCase();
  let best: FileFormat | null = null;
  let bestLength = 0;
  for (const f of formats) {
    if (!f.imports) continue;
    for (const suffix of f.suffixes ?? []) {
      if (suffix.length > bestLength && lower.endsWith(suffix.toLowerCase())) {
        best = f;
        bestLength = suffix.length;
      }
    }
  }
  return best;
}

/** What the file input accepts: every suffix and extension of the formats that import. */
export function acceptOf(formats: FileFormat[]): string {
  const all = new Set<string>();
  for (const f of formats) {
    if (!f.imports) continue;
    for (const s of [...(f.suffixes ?? []), f.extension]) if (s) all.add(s.toLowerCase());
  }
  return [...all].join(",");
}

export interface ExportOptions {
  format: FileFormat;
  labels: Labels;
  goldOnly: boolean;
  includeDrafts: boolean;
}

/** `GET /api/projects/{id}/export?…`; drafts are a row-format option only. */
export function exportUrl(projectId: number | string, o: ExportOptions): string {
  const q = new URLSearchParams({ format: o.format.name, labels: o.labels });
  if (o.goldOnly) q.set("gold", "only");
  if (o.format.kind === "rows" && o.includeDrafts && !o.goldOnly) q.set("include_drafts", "true");
  return `/api/projects/${encodeURIComponent(String(projectId))}/export?${q.toString()}`;
}

export interface ImportOptions {
  format: string | null; // null: the server tells it from the file's name
  labelsAs: LabelsAs;
  goldSet: GoldSet;
  onDuplicate: OnDuplicate;
}

/** `POST /api/projects/{id}/items?…` for a file upload. */
export function importUrl(projectId: number | string, o: ImportOptions): string {
  const q = new URLSearchParams({ on_duplicate: o.onDuplicate, labels_as: o.labelsAs });
  if (o.format) q.set("format", o.format);
  if (o.labelsAs === "gold") q.set("gold_set", o.goldSet);
  return `${api.importUrl(projectId)}?${q.toString()}`;
}

export interface ImportCounts {
  created: number;
  skipped: number;
  annotations: number;
  predictions: number;
}

/** "1 item", "1,200 items". */
export function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** What an import did, in one sentence: items, then the labels that came with them, then skips. */
export function importSummary(c: ImportCounts, name: string): string {
  const parts = [countOf(c.created, "item", "items")];
  if (c.annotations) parts.push(countOf(c.annotations, "annotation", "annotations"));
  if (c.predictions) parts.push(countOf(c.predictions, "prediction", "predictions"));
  const what = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0];
  const done = `Imported ${what} from ${name}`;
  if (!c.skipped) return `${done}.`;
  return `${done}; skipped ${countOf(c.skipped, "row", "rows")} whose id was already imported.`;
}

/** The file name a Content-Disposition header gives, else the fallback. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  if (!match) return fallback;
  try {
    const name = decodeURIComponent(match[1]).split(/[\\/]/).pop();
    return name || fallback;
  } catch {
    return fallback;
  }
}

/**
 * Fetch an export and hand it to the browser as a file. The server settles refusals (no control
 * the format holds, a role below manager …) before the body starts, so a 4xx arrives as a status
 * with the server's `{detail}`: it rejects with that `ApiError` and nothing is saved.
 */
export async function downloadExport(
  url: string,
  fallbackName: string,
  onProgress: (received: number) => void,
  signal?: AbortSignal,
): Promise<{ name: string; bytes: number }> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", headers: csrfHeaders(), signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, { code: "network", message: "Cannot reach the server; check your connection." });
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, errorDetail(response.status, body));
  }
  const chunks: BlobPart[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress(received);
    }
  } else {
    const whole = await response.blob();
    chunks.push(whole);
    received = whole.size;
  }
  const name = filenameOf(response.headers.get("Content-Disposition"), fallbackName);
  const blob = new Blob(chunks, { type: response.headers.get("Content-Type") ?? "application/octet-stream" });
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000); // the browser has started saving by then
  return { name, bytes: received };
}
