import { describe, expect, it } from "vitest";
import cases from "./fixtures/rle_cases.json";
import {
  diffMasks,
  intersectRuns,
  onRuns,
  runsArea,
  runsIoU,
  runsToRle,
  subtractRuns,
  unionRuns,
  type Mask,
} from "./maskDiff";
import { MaskRaster } from "./raster";
import { decodeColumnMajor, rleCounts } from "./rle";

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs of a random column-major bitmap, and the bitmap. */
function randomRuns(rand: () => number, length: number): { runs: number[]; bits: Uint8Array } {
  const bits = new Uint8Array(length);
  const density = rand();
  let on = rand() < density;
  for (let i = 0; i < length; i++) {
    if (rand() < 0.2) on = rand() < density;
    bits[i] = on ? 1 : 0;
  }
  const runs: number[] = [];
  for (let i = 0; i < length; i++) {
    if (bits[i] && (i === 0 || !bits[i - 1])) runs.push(i);
    if (bits[i] && (i === length - 1 || !bits[i + 1])) runs.push(i + 1);
  }
  return { runs, bits };
}

const toBits = (runs: readonly number[], length: number) => {
  const bits = new Uint8Array(length);
  for (let i = 0; i < runs.length; i += 2) bits.fill(1, runs[i], runs[i + 1]);
  return bits;
};

describe("set operations on runs match the same operations on bitmaps", () => {
  it("intersection, union, difference, area and IoU", () => {
    const rand = random(3);
    for (let trial = 0; trial < 300; trial++) {
      const length = 1 + Math.floor(rand() * 200);
      const a = randomRuns(rand, length);
      const b = randomRuns(rand, length);
      const c = randomRuns(rand, length);
      const and = a.bits.map((v, i) => v & b.bits[i]);
      const or3 = a.bits.map((v, i) => v | b.bits[i] | c.bits[i]);
      const minus = a.bits.map((v, i) => v & (1 - b.bits[i]));
      expect(toBits(intersectRuns(a.runs, b.runs), length)).toEqual(and);
      expect(toBits(unionRuns([a.runs, b.runs, c.runs]), length)).toEqual(or3);
      expect(toBits(subtractRuns(a.runs, b.runs), length)).toEqual(minus);
      const sum = (bits: Uint8Array) => bits.reduce((s, v) => s + v, 0);
      expect(runsArea(a.runs)).toBe(sum(a.bits));
      const union = sum(a.bits.map((v, i) => v | b.bits[i]));
      expect(runsIoU(a.runs, b.runs)).toBeCloseTo(union ? sum(and) / union : 0, 12);
      // Results are sorted, disjoint and never empty intervals: runsToRle relies on it.
      const u = unionRuns([a.runs, b.runs]);
      for (let i = 0; i < u.length; i += 2) {
        expect(u[i]).toBeLessThan(u[i + 1]);
        if (i > 0) expect(u[i]).toBeGreaterThan(u[i - 1]);
      }
      expect(decodeColumnMajor(rleCounts(runsToRle(u, [1, length])), length)).toEqual(toBits(u, length));
    }
  });

  it("IoU equals pycocotools' maskUtils.iou on the fixture pairs", () => {
    const byName = new Map(cases.masks.map((c) => [c.name, c]));
    expect(cases.ious.length).toBeGreaterThan(3);
    for (const { a, b, iou } of cases.ious) {
      const ra = onRuns(byName.get(a)!.counts);
      const rb = onRuns(byName.get(b)!.counts);
      expect(runsIoU(ra, rb)).toBeCloseTo(iou, 12);
    }
  });
});

describe("diffMasks", () => {
  const size: [number, number] = [40, 60];
  const disc = (cx: number, cy: number, r: number, label: string, id: string): Mask => {
    const raster = new MaskRaster(...size);
    raster.paintDisc(cx, cy, r, 1);
    return { id, label, rle: raster.toRle() };
  };

  it("classifies masks and measures missed and extra pixels", () => {
    const reference = [
      disc(15, 15, 8, "cat", "r1"),
      disc(45, 20, 6, "dog", "r2"),
      disc(30, 34, 4, "cat", "r3"),
    ];
    const answer = [
      disc(15.5, 15, 8, "cat", "a1"), // same place: matched
      disc(45, 20, 6, "cat", "a2"), // same pixels, other label: wrong label
      disc(5, 35, 3, "dog", "a3"), // nowhere in the reference: extra
    ];
    const diff = diffMasks(answer, reference, size, 0.5);
    const kinds = diff.matches.map((m) => [m.kind, m.answer, m.reference]);
    expect(kinds).toEqual([
      ["matched", 0, 0],
      ["wrong_label", 1, 1],
      ["missed", null, 2],
      ["extra", 2, null],
    ]);
    expect(diff.matches[1].overlap).toBe(1);
    const pixels = (m: Mask) => MaskRaster.fromRle(m.rle).area();
    // The missed area is r3 whole plus the sliver of r1 the shifted answer leaves uncovered.
    const r1Uncovered = runsArea(
      subtractRuns(onRuns(rleCounts(reference[0].rle)), onRuns(rleCounts(answer[0].rle))),
    );
    expect(r1Uncovered).toBeGreaterThan(0);
    expect(diff.missedArea).toBe(pixels(reference[2]) + r1Uncovered);
    expect(MaskRaster.fromRle(diff.missed).area()).toBe(diff.missedArea);
    expect(diff.extraArea).toBeGreaterThanOrEqual(pixels(answer[2]));
    expect(MaskRaster.fromRle(diff.extra).get(5, 35)).toBe(1);
    expect(MaskRaster.fromRle(diff.extra).get(45, 20)).toBe(0); // wrong label is not extra area
  });

  it("an empty answer misses every reference pixel", () => {
    const reference = [disc(15, 15, 5, "cat", "r1")];
    const diff = diffMasks([], reference, size, 0.5);
    expect(diff.matches.map((m) => m.kind)).toEqual(["missed"]);
    expect(diff.missedArea).toBe(MaskRaster.fromRle(reference[0].rle).area());
    expect(diff.extraArea).toBe(0);
  });
});
