import { describe, expect, it } from "vitest";
import { COST_BOX, costChart, formatMoney, niceStep } from "./costChart";

describe("costChart", () => {
  it("puts labeling and review cost side by side on one axis", () => {
    const g = costChart([
      { label: "a", annotation: 30, review: 0 },
      { label: "b", annotation: 4, review: 6 },
    ]);
    const span = COST_BOX.width - COST_BOX.right - COST_BOX.left;
    // Axis 0..30 (steps of 10): a's bar fills it, b's is a third, 40% labeling and 60% review.
    expect(g.bars[0].annotationWidth).toBeCloseTo(span);
    expect(g.bars[1].annotationWidth).toBeCloseTo((span * 4) / 30);
    expect(g.bars[1].reviewX).toBeCloseTo(COST_BOX.left + (span * 4) / 30);
    expect(g.bars[1].reviewWidth).toBeCloseTo((span * 6) / 30);
    expect(g.bars[1].y).toBeGreaterThan(g.bars[0].y);
    expect(g.ticks.map((t) => t.label)).toEqual(["0.00", "10.00", "20.00", "30.00"]);
  });

  it("draws nothing odd from zeros or broken figures", () => {
    const g = costChart([{ label: "x", annotation: Number.NaN, review: -3 }]);
    expect(g.bars[0].annotationWidth).toBe(0);
    expect(g.bars[0].reviewWidth).toBe(0);
    expect(g.ticks.every((t) => Number.isFinite(t.x))).toBe(true);
  });

  it("picks round steps and formats money", () => {
    expect(niceStep(37)).toBe(10);
    expect(niceStep(0.7)).toBe(0.2);
    expect(formatMoney(1234.5)).toBe("1,234.50");
    expect(formatMoney(null)).toBe("—");
  });
});
