import { describe, expect, it } from "vitest";
import { alphaLevel, barFrom, finite, intervalBar, linearScale, pointAt, ticks } from "./plot";

describe("plot geometry", () => {
  const s = linearScale([-1, 1], [100, 500]);

  it("maps the alpha domain linearly onto the plot range", () => {
    expect(s(-1)).toBe(100);
    expect(s(0)).toBe(300);
    expect(s(1)).toBe(500);
    expect(s(0.5)).toBe(400);
    expect(s(-0.25)).toBe(250);
    expect(s.domain).toEqual([-1, 1]);
    expect(s.range).toEqual([100, 500]);
  });

  it("clamps values outside the domain to its edges", () => {
    expect(s(-3)).toBe(100);
    expect(s(1.0001)).toBe(500);
  });

  it("handles reversed ranges and a zero-width domain", () => {
    const flipped = linearScale([0, 1], [200, 0]);
    expect(flipped(0)).toBe(200);
    expect(flipped(0.25)).toBe(150);
    expect(flipped(1)).toBe(0);
    const flat = linearScale([1, 1], [0, 10]);
    expect(flat(1)).toBe(5);
  });

  it("places the point of an estimate, or none for null / NaN / infinity", () => {
    expect(pointAt(0.8, s)).toEqual({ x: 460, clipped: false });
    expect(pointAt(-1.4, s)).toEqual({ x: 100, clipped: true });
    expect(pointAt(null, s)).toBeNull();
    expect(pointAt(undefined, s)).toBeNull();
    expect(pointAt(Number.NaN, s)).toBeNull();
    expect(pointAt(Number.POSITIVE_INFINITY, s)).toBeNull();
  });

  it("draws the interval as a bar from its low to its high end", () => {
    expect(intervalBar(0.2, 0.6, s)).toEqual({ x: 340, width: 80, clippedLow: false, clippedHigh: false });
    // a degenerate interval is a zero-width bar at the point
    expect(intervalBar(0.5, 0.5, s)).toEqual({ x: 400, width: 0, clippedLow: false, clippedHigh: false });
    // ends in the wrong order are swapped
    expect(intervalBar(0.6, 0.2, s)).toEqual({ x: 340, width: 80, clippedLow: false, clippedHigh: false });
  });

  it("cuts an interval at the axis ends and says which side was cut", () => {
    expect(intervalBar(-1.5, 0, s)).toEqual({ x: 100, width: 200, clippedLow: true, clippedHigh: false });
    expect(intervalBar(0.5, 2, s)).toEqual({ x: 400, width: 100, clippedLow: false, clippedHigh: true });
  });

  it("draws no interval when an end is missing or not a number", () => {
    expect(intervalBar(null, 0.5, s)).toBeNull();
    expect(intervalBar(0.1, null, s)).toBeNull();
    expect(intervalBar(Number.NaN, 0.5, s)).toBeNull();
    expect(intervalBar(0.1, Number.NEGATIVE_INFINITY, s)).toBeNull();
    expect(intervalBar(undefined, undefined, s)).toBeNull();
  });

  it("draws bars from a baseline for reliabilities", () => {
    const r = linearScale([0, 1], [0, 200]);
    expect(barFrom(0, 0.75, r)).toEqual({ x: 0, width: 150, clippedLow: false, clippedHigh: false });
    expect(barFrom(0, 0, r)!.width).toBe(0);
    expect(barFrom(0, null, r)).toBeNull();
    expect(barFrom(0, Number.NaN, r)).toBeNull();
  });

  it("makes ticks and reads alpha levels", () => {
    expect(ticks([-1, 1], 0.5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(ticks([0, 1], 0)).toEqual([]);
    expect(alphaLevel(0.85)).toBe("good");
    expect(alphaLevel(0.8)).toBe("good");
    expect(alphaLevel(0.7)).toBe("tentative");
    expect(alphaLevel(0.1)).toBe("poor");
    expect(alphaLevel(null)).toBeNull();
    expect(alphaLevel(Number.NaN)).toBeNull();
    expect(finite(0)).toBe(0);
    expect(finite(Number.NaN)).toBeNull();
  });
});
