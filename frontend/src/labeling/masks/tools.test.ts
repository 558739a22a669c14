import { describe, expect, it } from "vitest";
import { MAX_SIZE, MIN_SIZE, stepSize } from "./tools";

describe("brush size keys", () => {
  it("step by about a fifth, at least a pixel, within the limits", () => {
    expect(stepSize(20, true)).toBe(24);
    expect(stepSize(24, false)).toBe(20);
    expect(stepSize(1, true)).toBe(2);
    expect(stepSize(2, false)).toBe(1);
    expect(stepSize(MIN_SIZE, false)).toBe(MIN_SIZE);
    expect(stepSize(MAX_SIZE, true)).toBe(MAX_SIZE);
  });

  it("] then [ comes back to where it started for every size", () => {
    for (let size = MIN_SIZE; size < MAX_SIZE; size++) {
      const up = stepSize(size, true);
      expect(up).toBeGreaterThan(size);
      expect(stepSize(up, false)).toBeLessThanOrEqual(size);
    }
  });
});
