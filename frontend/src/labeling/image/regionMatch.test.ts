import { describe, expect, it } from "vitest";
import { maxWeightAssignment } from "./assignment";
import { boxIoU } from "./boxGeometry";
import { describeMatch, matchRegions } from "./regionMatch";

interface R {
  id: string;
  label: string;
}

/** Regions whose overlaps are given by a table: `${answer.id}|${reference.id}` → overlap. */
function tableMatch(answer: R[], reference: R[], table: Record<string, number>, threshold = 0.5) {
  return matchRegions(answer, reference, {
    overlap: (a, r) => table[`${a.id}|${r.id}`] ?? 0,
    label: (r) => r.label,
    threshold,
  });
}

describe("matchRegions", () => {
  it("classifies matched, wrong label, low overlap, missed and extra regions", () => {
    const car = { x: 0, y: 0, width: 10, height: 10, label: "car" };
    const answer = [
      car, // exact
      { x: 100, y: 0, width: 10, height: 10, label: "dog" }, // right place, wrong label
      { x: 200, y: 0, width: 10, height: 10, label: "car" }, // too loose: IoU 0.25
      { x: 500, y: 500, width: 5, height: 5, label: "car" }, // nothing there
    ];
    const reference = [
      car,
      { x: 100, y: 0, width: 10, height: 10, label: "cat" },
      { x: 200, y: 0, width: 5, height: 5, label: "car" },
      { x: 300, y: 300, width: 10, height: 10, label: "car" },
    ];
    const got = matchRegions(answer, reference, { overlap: boxIoU, label: (b) => b.label, threshold: 0.5 });
    expect(got).toEqual([
      { kind: "matched", answer: 0, reference: 0, overlap: 1 },
      { kind: "wrong_label", answer: 1, reference: 1, overlap: 1 },
      { kind: "low_overlap", answer: 2, reference: 2, overlap: 0.25 },
      { kind: "missed", answer: null, reference: 3, overlap: null },
      { kind: "extra", answer: 3, reference: null, overlap: null },
    ]);
  });

  it("prefers a same-label pair to a tighter pair with another label, like the server", () => {
    const got = tableMatch(
      [{ id: "a", label: "car" }],
      [
        { id: "r1", label: "dog" },
        { id: "r2", label: "car" },
      ],
      { "a|r1": 0.9, "a|r2": 0.6 },
    );
    expect(got[1]).toEqual({ kind: "matched", answer: 0, reference: 1, overlap: 0.6 });
    expect(got[0].kind).toBe("missed"); // a is taken by its own label
  });

  it("prefers two matches to one tighter match (F1 at the threshold is well defined)", () => {
    const answer = [
      { id: "a", label: "x" },
      { id: "b", label: "x" },
    ];
    const reference = [
      { id: "r1", label: "x" },
      { id: "r2", label: "x" },
    ];
    // Max total IoU would take a–r1 alone (0.9 > 0.3 + 0.3); the server takes both pairs.
    const got = tableMatch(answer, reference, { "a|r1": 0.9, "a|r2": 0.3, "b|r1": 0.3 }, 0.3);
    expect(got.map((m) => [m.kind, m.answer, m.reference])).toEqual([
      ["matched", 1, 0],
      ["matched", 0, 1],
    ]);
  });

  it("handles empty sides", () => {
    expect(tableMatch([], [], {})).toEqual([]);
    expect(tableMatch([{ id: "a", label: "x" }], [], {})).toEqual([
      { kind: "extra", answer: 0, reference: null, overlap: null },
    ]);
    expect(tableMatch([], [{ id: "r", label: "x" }], {})).toEqual([
      { kind: "missed", answer: null, reference: 0, overlap: null },
    ]);
  });

  it("refuses a threshold outside (0, 1]", () => {
    expect(() => tableMatch([], [], {}, 0)).toThrow(RangeError);
    expect(() => tableMatch([], [], {}, 1.5)).toThrow(RangeError);
  });

  it("describes each kind in words", () => {
    expect(
      describeMatch({ kind: "matched", answer: 0, reference: 0, overlap: 0.873 }, "car", "car", "IoU", 0.5),
    ).toBe("✓ matched car (IoU 0.87)");
    expect(
      describeMatch({ kind: "wrong_label", answer: 0, reference: 0, overlap: 1 }, "dog", "cat", "IoU", 0.5),
    ).toBe("≠ wrong label: dog → cat (IoU 1.00)");
    expect(
      describeMatch(
        { kind: "low_overlap", answer: 0, reference: 0, overlap: 0.25 },
        "car",
        "car",
        "OKS",
        0.5,
      ),
    ).toBe("≈ low OKS 0.25 < 0.5: car");
    expect(
      describeMatch({ kind: "missed", answer: null, reference: 0, overlap: null }, null, "car", "IoU", 0.5),
    ).toBe("− missed: car");
  });
});

/** Every assignment of min(n, m) rows to distinct columns, best total weight. */
function bruteForce(w: number[][]): number {
  const n = w.length;
  const m = w[0].length;
  if (n > m) return bruteForce(w[0].map((_, j) => w.map((row) => row[j])));
  let best = -Infinity;
  const used = new Array<boolean>(m).fill(false);
  const go = (i: number, total: number) => {
    if (i === n) {
      best = Math.max(best, total);
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, total + w[i][j]);
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

describe("maxWeightAssignment", () => {
  it("finds the optimum of random matrices (checked by brute force)", () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 5);
      const m = 1 + Math.floor(random() * 5);
      const w = Array.from({ length: n }, () => Array.from({ length: m }, () => Math.round(random() * 20)));
      const pairs = maxWeightAssignment(w);
      expect(pairs).toHaveLength(Math.min(n, m));
      expect(new Set(pairs.map(([i]) => i)).size).toBe(pairs.length);
      expect(new Set(pairs.map(([, j]) => j)).size).toBe(pairs.length);
      expect(pairs.reduce((s, [i, j]) => s + w[i][j], 0)).toBe(bruteForce(w));
    }
  });
});
