/**
 * A tracks answer against a reference, for the read-only diff: tracks are paired by identity
 * (the pairing that keeps the most frames where both boxes overlap by the control's IoU
 * threshold, as IDF1 does), then every frame of a pair says whether the boxes matched, overlapped
 * too little, or only one side had a box. Unpaired tracks are extra (yours) or missed (the
 * reference's).
 */
import type { Box, Track } from "./trackModel";

export type TrackDiffKind = "matched" | "wrong_label" | "extra" | "missed";
export type FrameStatus = "match" | "low_iou" | "missed" | "extra";

export interface FrameRun {
  start: number;
  /** Inclusive. */
  end: number;
  status: FrameStatus;
}

export interface TrackDiffEntry {
  kind: TrackDiffKind;
  yours?: Track;
  reference?: Track;
  /** Frame by frame along the pair (or the lone track), as runs of one status. */
  runs: FrameRun[];
  counts: Record<FrameStatus, number>;
}

/** Words and marks for each kind, shown in the legend, list and overlay (never colour alone). */
export const TRACK_DIFF_TEXT: Record<TrackDiffKind, { name: string; mark: string }> = {
  matched: { name: "Matched", mark: "✓" },
  wrong_label: { name: "Wrong label", mark: "≠" },
  extra: { name: "Extra", mark: "+" },
  missed: { name: "Missed", mark: "−" },
};

export const FRAME_STATUS_TEXT: Record<FrameStatus, string> = {
  match: "matched",
  low_iou: "low overlap",
  missed: "missed",
  extra: "extra",
};

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

const byFrame = (t: Track) => new Map(t.frames.map((f) => [f.frame, f]));

function frameStatuses(
  yours: Track | undefined,
  reference: Track | undefined,
  threshold: number,
): FrameRun[] {
  const a = yours ? byFrame(yours) : new Map<number, Box>();
  const b = reference ? byFrame(reference) : new Map<number, Box>();
  const frames = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  const runs: FrameRun[] = [];
  for (const f of frames) {
    const p = a.get(f);
    const r = b.get(f);
    const status: FrameStatus =
      p && r ? (iou(p, r) >= threshold ? "match" : "low_iou") : p ? "extra" : "missed";
    const last = runs[runs.length - 1];
    if (last && last.status === status && last.end === f - 1) last.end = f;
    else runs.push({ start: f, end: f, status });
  }
  return runs;
}

function counted(runs: FrameRun[]): Record<FrameStatus, number> {
  const counts: Record<FrameStatus, number> = { match: 0, low_iou: 0, missed: 0, extra: 0 };
  for (const r of runs) counts[r.status] += r.end - r.start + 1;
  return counts;
}

/** Frames where both tracks have boxes overlapping by at least `threshold`. */
function overlapFrames(p: Track, r: Track, threshold: number): number {
  const ref = byFrame(r);
  let n = 0;
  for (const f of p.frames) {
    const other = ref.get(f.frame);
    if (other && iou(f, other) >= threshold) n++;
  }
  return n;
}

export function tracksDiff(
  yours: readonly Track[] | undefined,
  reference: readonly Track[] | undefined,
  threshold = 0.5,
): TrackDiffEntry[] {
  const pred = yours ?? [];
  const refs = reference ?? [];
  // Greedy pairing by shared frames (largest first): exact IDF1 pairing solves an assignment,
  // but a diff for a person to read needs only the obvious pairs.
  const pairs: { i: number; j: number; n: number }[] = [];
  pred.forEach((p, i) =>
    refs.forEach((r, j) => {
      const n = overlapFrames(p, r, threshold);
      if (n > 0) pairs.push({ i, j, n });
    }),
  );
  pairs.sort(
    (x, y) =>
      y.n - x.n || Number(pred[y.i].label === refs[y.j].label) - Number(pred[x.i].label === refs[x.j].label),
  );
  const usedP = new Set<number>();
  const usedR = new Set<number>();
  const out: TrackDiffEntry[] = [];
  for (const { i, j } of pairs) {
    if (usedP.has(i) || usedR.has(j)) continue;
    usedP.add(i);
    usedR.add(j);
    const runs = frameStatuses(pred[i], refs[j], threshold);
    const kind = pred[i].label === refs[j].label ? "matched" : "wrong_label";
    out.push({ kind, yours: pred[i], reference: refs[j], runs, counts: counted(runs) });
  }
  pred.forEach((p, i) => {
    if (usedP.has(i)) return;
    const runs = frameStatuses(p, undefined, threshold);
    out.push({ kind: "extra", yours: p, runs, counts: counted(runs) });
  });
  refs.forEach((r, j) => {
    if (usedR.has(j)) return;
    const runs = frameStatuses(undefined, r, threshold);
    out.push({ kind: "missed", reference: r, runs, counts: counted(runs) });
  });
  const first = (e: TrackDiffEntry) => e.runs[0]?.start ?? 0;
  return out.sort((a, b) => first(a) - first(b));
}

/** One line saying what an entry is, for the list beside the video (and screen readers). */
export function describeTrackDiff(e: TrackDiffEntry): string {
  const name = (t: Track) => `${t.label} #${t.track_id}`;
  const span = (t: Track) => {
    const frames = t.frames.map((f) => f.frame);
    return `frames ${Math.min(...frames)}–${Math.max(...frames)}`;
  };
  const c = e.counts;
  const detail = [
    c.match && `${c.match} frames matched`,
    c.low_iou && `${c.low_iou} with low overlap`,
    c.missed && `${c.missed} missed`,
    c.extra && `${c.extra} extra`,
  ]
    .filter(Boolean)
    .join(", ");
  switch (e.kind) {
    case "matched":
      return `Matched: ${name(e.yours!)} follows reference ${name(e.reference!)} (${detail})`;
    case "wrong_label":
      return `Wrong label: ${name(e.yours!)} follows reference ${name(e.reference!)}, which is ${e.reference!.label} (${detail})`;
    case "extra":
      return `Extra: ${name(e.yours!)}, ${span(e.yours!)}, is not in the reference`;
    case "missed":
      return `Missed: reference ${name(e.reference!)}, ${span(e.reference!)}`;
  }
}
