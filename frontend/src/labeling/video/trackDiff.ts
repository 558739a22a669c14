/**
 * A tracks answer against a reference, for the read-only diff. Boxes are matched frame by frame
 * with the image widgets' rule (image/regionMatch.ts: label-aware one-to-one matching at the
 * control's IoU threshold, leftovers that still overlap shown as "low overlap"), as CLEAR MOT
 * matches per frame. Each track then gets a row: on each frame it is present, what its box was
 * (matched, wrong label, low overlap, extra; a reference track's uncovered frames are missed),
 * and the track on the other side it was paired with most often.
 */
import { boxIoU } from "../image/boxGeometry";
import { MATCH_TEXT, matchRegions, type RegionMatch, type RegionMatchKind } from "../image/regionMatch";
import type { Track, TrackBox } from "./trackModel";

export type FrameStatus = RegionMatchKind;

export interface FrameRun {
  start: number;
  /** Inclusive. */
  end: number;
  status: FrameStatus;
}

export interface TrackRow {
  side: "yours" | "reference";
  track: Track;
  runs: FrameRun[];
  counts: Record<FrameStatus, number>;
  /** The other side's track its boxes were paired with on most frames (null: never paired). */
  partner: Track | null;
}

/** One box of one track on a frame, with the track's index on its side. */
export interface FrameBox {
  track: number;
  id: number | string;
  label: string;
  box: TrackBox;
}

export interface FrameMatch extends RegionMatch {
  yours: FrameBox | null;
  ref: FrameBox | null;
}

export const STATUS_TEXT = MATCH_TEXT;

function boxesOn(tracks: readonly Track[], lookup: Map<number, TrackBox>[], frame: number): FrameBox[] {
  const out: FrameBox[] = [];
  tracks.forEach((t, i) => {
    const box = lookup[i].get(frame);
    if (box) out.push({ track: i, id: t.track_id, label: t.label, box });
  });
  return out;
}

/** Each track's boxes by frame (build once per answer: `matchFrame` runs on every step). */
export const lookups = (tracks: readonly Track[]) =>
  tracks.map((t) => new Map(t.frames.map((f) => [f.frame, f])));

/** The boxes of one frame matched (what the overlay draws for the current frame). */
export function matchFrame(
  yours: readonly Track[],
  reference: readonly Track[],
  frame: number,
  threshold: number,
  cache?: { yours: Map<number, TrackBox>[]; reference: Map<number, TrackBox>[] },
): FrameMatch[] {
  const a = boxesOn(yours, cache?.yours ?? lookups(yours), frame);
  const r = boxesOn(reference, cache?.reference ?? lookups(reference), frame);
  return matchRegions(a, r, {
    overlap: (p, q) => boxIoU(p.box, q.box),
    label: (b) => b.label,
    threshold,
  }).map((m) => ({
    ...m,
    yours: m.answer === null ? null : a[m.answer],
    ref: m.reference === null ? null : r[m.reference],
  }));
}

const zero = (): Record<FrameStatus, number> => ({
  matched: 0,
  wrong_label: 0,
  low_overlap: 0,
  missed: 0,
  extra: 0,
});

/** Every track's row; your tracks first, then the reference's. */
export function tracksDiff(
  yours: readonly Track[] | undefined,
  reference: readonly Track[] | undefined,
  threshold = 0.5,
): TrackRow[] {
  const pred = yours ?? [];
  const refs = reference ?? [];
  const cache = { yours: lookups(pred), reference: lookups(refs) };
  const frames = [...new Set([...pred, ...refs].flatMap((t) => t.frames.map((f) => f.frame)))].sort(
    (x, y) => x - y,
  );
  const rows: TrackRow[] = [
    ...pred.map((track) => ({ side: "yours" as const, track, runs: [], counts: zero(), partner: null })),
    ...refs.map((track) => ({ side: "reference" as const, track, runs: [], counts: zero(), partner: null })),
  ];
  const partners = rows.map(() => new Map<number, number>());
  const mark = (row: number, frame: number, status: FrameStatus) => {
    const r = rows[row];
    r.counts[status]++;
    const last = r.runs[r.runs.length - 1];
    if (last && last.status === status && last.end === frame - 1) last.end = frame;
    else r.runs.push({ start: frame, end: frame, status });
  };
  for (const f of frames) {
    for (const m of matchFrame(pred, refs, f, threshold, cache)) {
      if (m.yours) mark(m.yours.track, f, m.kind);
      if (m.ref) mark(pred.length + m.ref.track, f, m.kind);
      if (m.yours && m.ref) {
        const p = partners[m.yours.track];
        p.set(m.ref.track, (p.get(m.ref.track) ?? 0) + 1);
        const q = partners[pred.length + m.ref.track];
        q.set(m.yours.track, (q.get(m.yours.track) ?? 0) + 1);
      }
    }
  }
  rows.forEach((row, i) => {
    const best = [...partners[i]].sort((x, y) => y[1] - x[1])[0];
    if (best) row.partner = (row.side === "yours" ? refs : pred)[best[0]];
  });
  return rows;
}

const name = (t: Track) => `${t.label} #${t.track_id}`;

/** One line saying how a track fared, for the list beside the video (and screen readers). */
export function describeTrackRow(row: TrackRow): string {
  const c = row.counts;
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  if (row.side === "reference") {
    const covered = total - c.missed;
    if (c.missed === total) return `− Missed: reference ${name(row.track)} (${total} frames)`;
    return `Reference ${name(row.track)}: found on ${covered} of ${total} frames${c.missed ? `, missed on ${c.missed}` : ""}`;
  }
  if (c.extra === total) return `+ Extra: ${name(row.track)} (${total} frames) is not in the reference`;
  const parts = (
    [
      ["matched", "matched"],
      ["wrong_label", `with the wrong label (reference: ${row.partner?.label ?? "?"})`],
      ["low_overlap", "with low overlap"],
      ["extra", "extra"],
    ] as const
  )
    .filter(([k]) => c[k] > 0)
    .map(([k, words]) => `${c[k]} ${words}`);
  const mark =
    c.matched >= Math.max(c.wrong_label, c.low_overlap) ? "✓" : c.wrong_label >= c.low_overlap ? "≠" : "≈";
  return `${mark} ${name(row.track)} follows reference ${row.partner ? name(row.partner) : "?"}: ${parts.join(", ")} of ${total} frames`;
}

/** A frame's match in words, drawn beside its box. */
export function describeFrameMatch(m: FrameMatch): string {
  const box = (b: FrameBox) => `${b.label} #${b.id}`;
  const iou = m.overlap === null ? "" : ` (IoU ${m.overlap.toFixed(2)})`;
  switch (m.kind) {
    case "matched":
      return `✓ ${box(m.yours!)}`;
    case "wrong_label":
      return `≠ wrong label: ${box(m.yours!)}, reference ${m.ref!.label}`;
    case "low_overlap":
      return `≈ low overlap${iou}: ${box(m.yours!)}`;
    case "extra":
      return `+ extra: ${box(m.yours!)}`;
    case "missed":
      return `− missed: reference ${box(m.ref!)}`;
  }
}
