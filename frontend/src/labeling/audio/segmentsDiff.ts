/**
 * A segments answer against a reference, for the read-only diff: the image widgets' matcher
 * (`matchRegions`, the server's one-to-one rule) with temporal IoU as the overlap and the
 * control's `iou_threshold`, each pair with its time offsets (answer − reference, seconds), so a
 * segment that starts 0.3 s late says so in words.
 */
import { MATCH_TEXT, matchRegions, type RegionMatchKind } from "../image/regionMatch";
import type { TimeSegment } from "./segments";

/** Overlap of two half-open time ranges over their union, in [0, 1]. */
export function temporalIou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return overlap > 0 && union > 0 ? overlap / union : 0;
}

export interface SegmentDiffEntry {
  kind: RegionMatchKind;
  answer: TimeSegment | null;
  reference: TimeSegment | null;
  iou: number | null;
  /** Answer minus reference, seconds (paired kinds only). */
  startDelta: number | null;
  endDelta: number | null;
}

/** Reference order first (matched, wrong label, low overlap, missed), then the extras. */
export function segmentsDiff(
  answer: readonly TimeSegment[] | undefined,
  reference: readonly TimeSegment[] | undefined,
  threshold: number,
): SegmentDiffEntry[] {
  const a = answer ?? [];
  const r = reference ?? [];
  return matchRegions(a, r, { overlap: temporalIou, label: (s) => s.label, threshold }).map((m) => {
    const mine = m.answer === null ? null : a[m.answer];
    const ref = m.reference === null ? null : r[m.reference];
    const paired = mine !== null && ref !== null;
    return {
      kind: m.kind,
      answer: mine,
      reference: ref,
      iou: m.overlap,
      startDelta: paired ? round3(mine.start - ref.start) : null,
      endDelta: paired ? round3(mine.end - ref.end) : null,
    };
  });
}

const round3 = (t: number) => Math.round(t * 1000) / 1000;

/** "+0.30 s", "−1.25 s", "±0 s". */
export function formatDelta(seconds: number): string {
  if (Math.abs(seconds) < 0.0005) return "±0 s";
  return `${seconds > 0 ? "+" : "−"}${Math.abs(seconds).toFixed(2)} s`;
}

/** The entry in words: what it is, the labels, the IoU and the offsets of its edges. */
export function describeSegmentDiff(e: SegmentDiffEntry, threshold: number): string {
  const mark = MATCH_TEXT[e.kind].mark;
  const offsets =
    e.startDelta !== null && e.endDelta !== null
      ? `, start ${formatDelta(e.startDelta)}, end ${formatDelta(e.endDelta)}`
      : "";
  const iou = e.iou === null ? "" : ` (IoU ${e.iou.toFixed(2)}${offsets})`;
  switch (e.kind) {
    case "matched":
      return `${mark} matched ${e.answer!.label}${iou}`;
    case "wrong_label":
      return `${mark} wrong label: ${e.answer!.label} → ${e.reference!.label}${iou}`;
    case "low_overlap":
      return e.answer!.label === e.reference!.label
        ? `${mark} low overlap < ${threshold}: ${e.answer!.label}${iou}`
        : `${mark} low overlap < ${threshold}, wrong label: ${e.answer!.label} → ${e.reference!.label}${iou}`;
    case "missed":
      return `${mark} missed: ${e.reference!.label}`;
    case "extra":
      return `${mark} extra: ${e.answer!.label}`;
  }
}
