import { describe, expect, it } from "vitest";
import cases from "./fixtures/rle_cases.json";
import {
  countsToString,
  decodeColumnMajor,
  decodeMask,
  encodeColumnMajor,
  encodeMask,
  rleArea,
  rleCounts,
  stringToCounts,
} from "./rle";

function rowsToMask(rows: string[]): Uint8Array {
  return Uint8Array.from(rows.join(""), (c) => (c === "1" ? 1 : 0));
}

/** A small seeded generator (mulberry32), so a failing random case can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random masks of every texture: noise at a random density, and blocky masks with long runs. */
function randomMask(rand: () => number): { mask: Uint8Array; height: number; width: number } {
  const height = 1 + Math.floor(rand() * 40);
  const width = 1 + Math.floor(rand() * 40);
  const mask = new Uint8Array(height * width);
  const density = rand();
  if (rand() < 0.5) {
    for (let i = 0; i < mask.length; i++) mask[i] = rand() < density ? 1 : 0;
  } else {
    for (let k = Math.floor(rand() * 4); k >= 0; k--) {
      const x0 = Math.floor(rand() * width);
      const y0 = Math.floor(rand() * height);
      const x1 = x0 + Math.floor(rand() * (width - x0 + 1));
      const y1 = y0 + Math.floor(rand() * (height - y0 + 1));
      for (let y = y0; y < y1; y++) mask.fill(rand() < 0.8 ? 1 : 0, y * width + x0, y * width + x1);
    }
  }
  return { mask, height, width };
}

describe("COCO RLE against pycocotools (fixtures/rle_cases.json)", () => {
  it.each(cases.masks.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const [height, width] = c.size;
    const mask = rowsToMask(c.rows);
    expect(encodeMask(mask, height, width)).toEqual({ size: c.size, counts: c.string });
    expect(encodeMask(mask, height, width, { compressed: false })).toEqual({
      size: c.size,
      counts: c.counts,
    });
    expect(decodeMask({ size: [height, width], counts: c.string })).toEqual(mask);
    expect(decodeMask({ size: [height, width], counts: c.counts })).toEqual(mask);
    expect(rleArea({ size: [height, width], counts: c.string })).toBe(c.area);
  });

  it.each(cases.counts.map((c) => [c.name, c] as const))("counts only: %s", (_name, c) => {
    expect(countsToString(c.counts)).toBe(c.string);
    expect(stringToCounts(c.string)).toEqual(c.counts);
    expect(rleCounts({ size: c.size as [number, number], counts: c.string })).toEqual(c.counts);
  });
});

describe("COCO RLE round trips", () => {
  it("decode(encode(mask)) is the mask, for both counts forms", () => {
    const rand = random(7);
    for (let i = 0; i < 300; i++) {
      const { mask, height, width } = randomMask(rand);
      for (const compressed of [true, false]) {
        const rle = encodeMask(mask, height, width, { compressed });
        expect(decodeMask(rle)).toEqual(mask);
        expect(rleArea(rle)).toBe(mask.reduce((a, b) => a + b, 0));
      }
    }
  });

  it("the string form round-trips any run lengths, large and shrinking ones included", () => {
    const rand = random(11);
    for (let i = 0; i < 300; i++) {
      const counts = Array.from({ length: Math.floor(rand() * 12) }, () =>
        Math.floor(rand() ** 3 * 200_000_000),
      );
      expect(stringToCounts(countsToString(counts))).toEqual(counts);
    }
  });

  it("column-major runs start with zeros and skip nothing", () => {
    const mask = Uint8Array.from([1, 1, 0, 1]);
    expect(encodeColumnMajor(mask)).toEqual([0, 2, 1, 1]);
    expect(decodeColumnMajor([0, 2, 1, 1], 4)).toEqual(mask);
    expect(encodeColumnMajor(new Uint8Array(0))).toEqual([0]);
    // Values other than 0 count as set, like pycocotools' encode of a uint8 array.
    expect(encodeColumnMajor(Uint8Array.from([0, 255, 3, 0]))).toEqual([1, 2, 1]);
  });
});

describe("malformed RLE is refused", () => {
  it("counts that do not cover the size", () => {
    expect(() => rleCounts({ size: [2, 2], counts: [1, 2] })).toThrow(/cover 3 pixels/);
  });
  it("negative or fractional counts", () => {
    expect(() => rleCounts({ size: [1, 2], counts: [3, -1] })).toThrow(/non-negative/);
    expect(() => rleCounts({ size: [1, 2], counts: [0.5, 1.5] })).toThrow(/non-negative/);
  });
  it("a string outside the alphabet or cut in a number", () => {
    expect(() => stringToCounts("0 1")).toThrow(/alphabet/);
    expect(() => stringToCounts("0P")).toThrow(/middle of a number/);
  });
});
