/**
 * A masks answer against a reference, for the read-only diff: which masks match (by IoU, the
 * image widgets' shared `matchRegions` rule, so the words agree with the server's score), and
 * where the pixels disagree — reference pixels no answer mask covers ("missed area") and answer
 * pixels no reference mask covers ("extra area").
 *
 * Everything is computed on the runs, never on decoded bitmaps: a 6000×4000 mask is a few
 * thousand runs, and IoU, union and difference of sorted runs are linear merges (as the server's
 * quality/geometry/masks.py does).
 */
import { matchRegions, type RegionMatch } from "../image/regionMatch";
import { countsToString, rleCounts, type CocoRle } from "./rle";

export interface Mask {
  id?: string;
  rle: CocoRle;
  label: string;
}

/** The set pixels of a mask as sorted, disjoint column-major intervals: [start, end, start, end…]. */
export type Runs = readonly number[];

export function onRuns(counts: readonly number[]): number[] {
  const out: number[] = [];
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    if (i % 2 === 1 && counts[i] > 0) out.push(pos, pos + counts[i]);
    pos += counts[i];
  }
  return out;
}

export function runsArea(runs: Runs): number {
  let area = 0;
  for (let i = 0; i < runs.length; i += 2) area += runs[i + 1] - runs[i];
  return area;
}

/** Pixels in both. */
export function intersectRuns(a: Runs, b: Runs): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i], b[j]);
    const end = Math.min(a[i + 1], b[j + 1]);
    if (start < end) out.push(start, end);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

/** Pixels in any of them. */
export function unionRuns(all: readonly Runs[]): number[] {
  const intervals: [number, number][] = [];
  for (const runs of all) for (let i = 0; i < runs.length; i += 2) intervals.push([runs[i], runs[i + 1]]);
  intervals.sort((p, q) => p[0] - q[0]);
  const out: number[] = [];
  for (const [start, end] of intervals) {
    const last = out.length - 1;
    if (last > 0 && start <= out[last]) out[last] = Math.max(out[last], end);
    else out.push(start, end);
  }
  return out;
}

/** Pixels of `a` not in `b`. */
export function subtractRuns(a: Runs, b: Runs): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let start = a[i];
    const end = a[i + 1];
    while (j < b.length && b[j + 1] <= start) j += 2;
    let k = j;
    while (k < b.length && b[k] < end) {
      if (b[k] > start) out.push(start, b[k]);
      start = Math.max(start, b[k + 1]);
      k += 2;
    }
    if (start < end) out.push(start, end);
  }
  return out;
}

/** COCO RLE (compact counts) of the intervals on an image of `size`. */
export function runsToRle(runs: Runs, size: [number, number]): CocoRle {
  const counts: number[] = [];
  let pos = 0;
  for (let i = 0; i < runs.length; i += 2) {
    counts.push(runs[i] - pos, runs[i + 1] - runs[i]);
    pos = runs[i + 1];
  }
  counts.push(size[0] * size[1] - pos);
  return { size, counts: countsToString(counts) };
}

/** Intersection over union of two masks' runs; 0 when both are empty (as pycocotools). */
export function runsIoU(a: Runs, b: Runs): number {
  const inter = runsArea(intersectRuns(a, b));
  const union = runsArea(a) + runsArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

export interface MaskDiff {
  /** Reference order first, then extra answer masks (see `matchRegions`). */
  matches: RegionMatch[];
  /** Reference pixels that no answer mask covers. */
  missed: CocoRle;
  missedArea: number;
  /** Answer pixels that no reference mask covers. */
  extra: CocoRle;
  extraArea: number;
}

/** The diff of an answer against a reference; both must be drawn on an image of `size`. */
export function diffMasks(
  answer: readonly Mask[],
  reference: readonly Mask[],
  size: [number, number],
  threshold: number,
): MaskDiff {
  const runsOf = (m: Mask) => onRuns(rleCounts(m.rle));
  const answerRuns = answer.map(runsOf);
  const referenceRuns = reference.map(runsOf);
  // Matched by index: the answer's i-th mask is [false, i], the reference's j-th is [true, j].
  const side = (fromReference: boolean, i: number) => (fromReference ? reference[i] : answer[i]);
  const matches = matchRegions<readonly [boolean, number]>(
    answer.map((_, i) => [false, i]),
    reference.map((_, j) => [true, j]),
    {
      overlap: ([, i], [, j]) => runsIoU(answerRuns[i], referenceRuns[j]),
      label: ([r, i]) => side(r, i).label,
      threshold,
    },
  );
  const answerAll = unionRuns(answerRuns);
  const referenceAll = unionRuns(referenceRuns);
  const missed = subtractRuns(referenceAll, answerAll);
  const extra = subtractRuns(answerAll, referenceAll);
  return {
    matches,
    missed: runsToRle(missed, size),
    missedArea: runsArea(missed),
    extra: runsToRle(extra, size),
    extraArea: runsArea(extra),
  };
}
