/**
 * A segments answer against a reference, for the read-only diff: the image widgets' matcher
 * (`matchRegions`, the server's one-to-one rule) with temporal IoU as the overlap and the
 * control's `iou_threshold`, each pair with its time offsets (answer − reference, seconds), so a
 * segment that starts 0.3 s late says so in words.
 *
 * Speaker labels (`speakers`) are each annotator's names for who speaks, which the server's DER
 * maps onto the reference's before comparing: `speakerMapping` does the same here (the one-to-one
 * mapping of names with the most time in common), so "spk1" over the reference's "A" is matched,
 * and says "as A".
 */
import { maxWeightAssignment } from "../image/assignment";
import { MATCH_TEXT, matchRegions, type RegionMatchKind } from "../image/regionMatch";
import type { TimeSegment } from "./segments";

/** Overlap of two half-open time ranges over their union, in [0, 1]. */
export function temporalIou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return overlap > 0 && union > 0 ? overlap / union : 0;
}

/** Answer speaker name → reference name, pairing the names that share the most time. */
export function speakerMapping(
  answer: readonly TimeSegment[],
  reference: readonly TimeSegment[],
): Map<string, string> {
  const mine = [...new Set(answer.map((s) => s.label))];
  const theirs = [...new Set(reference.map((s) => s.label))];
  const shared = mine.map((a) =>
    theirs.map((r) => {
      let total = 0;
      for (const x of answer) {
        if (x.label !== a) continue;
        for (const y of reference) {
          if (y.label === r) total += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
        }
      }
      return total;
    }),
  );
  const out = new Map<string, string>();
  for (const [i, j] of maxWeightAssignment(shared)) if (shared[i][j] > 0) out.set(mine[i], theirs[j]);
  return out;
}

export interface SegmentDiffEntry {
  kind: RegionMatchKind;
  answer: TimeSegment | null;
  reference: TimeSegment | null;
  iou: number | null;
  /** Answer minus reference, seconds (paired kinds only). */
  startDelta: number | null;
  endDelta: number | null;
  /** Speakers: the reference's name for the answer's speaker, when it differs. */
  mappedLabel?: string;
}

/** Reference order first (matched, wrong label, low overlap, missed), then the extras. */
export function segmentsDiff(
  answer: readonly TimeSegment[] | undefined,
  reference: readonly TimeSegment[] | undefined,
  threshold: number,
  speakers = false,
): SegmentDiffEntry[] {
  const a = answer ?? [];
  const r = reference ?? [];
  const names = speakers ? speakerMapping(a, r) : new Map<string, string>();
  // Speakers: the answer compared under the reference's names (a name with no counterpart
  // matches none of them).
  const compared = speakers ? a.map((s) => ({ ...s, label: names.get(s.label) ?? `\u0000${s.label}` })) : a;
  return matchRegions(compared, r, { overlap: temporalIou, label: (s) => s.label, threshold }).map((m) => {
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
      ...(mine && names.has(mine.label) && names.get(mine.label) !== mine.label
        ? { mappedLabel: names.get(mine.label) }
        : {}),
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
  const yours = e.answer ? `${e.answer.label}${e.mappedLabel ? ` (as ${e.mappedLabel})` : ""}` : "";
  switch (e.kind) {
    case "matched":
      return `${mark} matched ${yours}${iou}`;
    case "wrong_label":
      return `${mark} wrong label: ${yours} → ${e.reference!.label}${iou}`;
    case "low_overlap":
      return (e.mappedLabel ?? e.answer!.label) === e.reference!.label
        ? `${mark} low overlap < ${threshold}: ${yours}${iou}`
        : `${mark} low overlap < ${threshold}, wrong label: ${yours} → ${e.reference!.label}${iou}`;
    case "missed":
      return `${mark} missed: ${e.reference!.label}`;
    case "extra":
      return `${mark} extra: ${e.answer!.label}`;
  }
}
