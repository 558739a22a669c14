/**
 * An answer's regions against a reference's, for the read-only diff every region widget draws
 * (boxes, polygons, poses here; masks, segments and tracks reuse it): which regions matched,
 * matched with the wrong label, overlap too little, were missed or are extra.
 *
 * The rule mirrors the server's (src/goldlabel/quality/geometry/matching.py and scoring.py):
 * pairs whose overlap (IoU, or OKS for poses) is at least the threshold are matched one to one,
 * optimally, preferring first the most same-label pairs, then the most pairs, then the largest
 * total overlap; a matched pair with different labels is "wrong label". Where this differs:
 * the server counts a pair below the threshold as one missed and one extra region; here the
 * leftovers that still overlap are paired again (same preference, any overlap above zero) and
 * shown as "low overlap", because "your box is too loose" teaches more than "missed + extra".
 * The score is unchanged by that: a low-overlap pair is still no hit.
 */
import { maxWeightAssignment } from "./assignment";

export type RegionMatchKind = "matched" | "wrong_label" | "low_overlap" | "missed" | "extra";

export interface RegionMatch {
  kind: RegionMatchKind;
  /** Index in the answer (null for "missed"). */
  answer: number | null;
  /** Index in the reference (null for "extra"). */
  reference: number | null;
  /** The pair's overlap (null for "missed" and "extra"). */
  overlap: number | null;
}

export interface MatchOptions<T> {
  /** Similarity in [0, 1] of an answer region and a reference region (IoU, OKS…). */
  overlap: (answer: T, reference: T) => number;
  label: (region: T) => string;
  /** The control's `iou_threshold` (or `oks_threshold`): in (0, 1]. */
  threshold: number;
}

/**
 * One-to-one pairs among candidates accepted by `ok`, weighted as the server weighs them:
 * each tier outweighs everything below it (same label, then one more pair, then overlap).
 */
function assign(sim: number[][], same: boolean[][], ok: (s: number) => boolean): [number, number][] {
  const n = sim.length;
  const m = n > 0 ? sim[0].length : 0;
  if (!sim.some((row) => row.some(ok))) return [];
  const tier = Math.min(n, m) + 1;
  const weight = sim.map((row, i) =>
    row.map((s, j) => (ok(s) ? s + tier + (same[i][j] ? tier * tier : 0) : 0)),
  );
  return maxWeightAssignment(weight).filter(([i, j]) => ok(sim[i][j]));
}

/** Every answer and reference region, classified once; reference order first, then extras. */
export function matchRegions<T>(
  answer: readonly T[],
  reference: readonly T[],
  { overlap, label, threshold }: MatchOptions<T>,
): RegionMatch[] {
  if (!(threshold > 0 && threshold <= 1))
    throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  const sim = answer.map((a) => reference.map((r) => overlap(a, r)));
  const same = answer.map((a) => reference.map((r) => label(a) === label(r)));
  const byRef = new Map<number, RegionMatch>();
  const usedAnswers = new Set<number>();
  for (const [i, j] of assign(sim, same, (s) => s >= threshold)) {
    byRef.set(j, {
      kind: same[i][j] ? "matched" : "wrong_label",
      answer: i,
      reference: j,
      overlap: sim[i][j],
    });
    usedAnswers.add(i);
  }
  // Leftovers that still overlap: too loose or too tight, shown as a pair (see the module doc).
  const freeA = answer.map((_, i) => i).filter((i) => !usedAnswers.has(i));
  const freeR = reference.map((_, j) => j).filter((j) => !byRef.has(j));
  const rest = freeA.map((i) => freeR.map((j) => sim[i][j]));
  const restSame = freeA.map((i) => freeR.map((j) => same[i][j]));
  for (const [a, r] of assign(rest, restSame, (s) => s > 0)) {
    const i = freeA[a];
    const j = freeR[r];
    byRef.set(j, { kind: "low_overlap", answer: i, reference: j, overlap: sim[i][j] });
    usedAnswers.add(i);
  }
  const out: RegionMatch[] = reference.map(
    (_, j) => byRef.get(j) ?? { kind: "missed", answer: null, reference: j, overlap: null },
  );
  answer.forEach((_, i) => {
    if (!usedAnswers.has(i)) out.push({ kind: "extra", answer: i, reference: null, overlap: null });
  });
  return out;
}

/** Words for each kind and how it is drawn (line styles, not colour alone). */
export const MATCH_TEXT: Record<RegionMatchKind, { name: string; mark: string }> = {
  matched: { name: "Matched", mark: "✓" },
  wrong_label: { name: "Wrong label", mark: "≠" },
  low_overlap: { name: "Low overlap", mark: "≈" },
  missed: { name: "Missed", mark: "−" },
  extra: { name: "Extra", mark: "+" },
};

/**
 * One line of text for a match: "✓ matched car (IoU 0.87)", "≠ wrong label: dog → cat
 * (IoU 0.91)", "≈ low IoU 0.32 < 0.5: car", "− missed: car", "+ extra: car".
 * `measure` names the overlap ("IoU", "OKS").
 */
export function describeMatch(
  m: RegionMatch,
  answerLabel: string | null,
  referenceLabel: string | null,
  measure: string,
  threshold: number,
): string {
  const o = m.overlap === null ? "" : m.overlap.toFixed(2);
  switch (m.kind) {
    case "matched":
      return `✓ matched ${answerLabel} (${measure} ${o})`;
    case "wrong_label":
      return `≠ wrong label: ${answerLabel} → ${referenceLabel} (${measure} ${o})`;
    case "low_overlap":
      return answerLabel === referenceLabel
        ? `≈ low ${measure} ${o} < ${threshold}: ${answerLabel}`
        : `≈ low ${measure} ${o} < ${threshold}, wrong label: ${answerLabel} → ${referenceLabel}`;
    case "missed":
      return `− missed: ${referenceLabel}`;
    case "extra":
      return `+ extra: ${answerLabel}`;
  }
}
