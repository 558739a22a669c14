import { describe, expect, it } from "vitest";
import { parsePeaks } from "./peaks";
import type { TimeSegment } from "./segments";
import { describeSegmentDiff, formatDelta, segmentsDiff, temporalIou } from "./segmentsDiff";

const seg = (id: string, start: number, end: number, label = "A"): TimeSegment => ({ id, start, end, label });

describe("segments diff", () => {
  it("measures temporal IoU", () => {
    expect(temporalIou(seg("a", 0, 2), seg("b", 1, 3))).toBeCloseTo(1 / 3);
    expect(temporalIou(seg("a", 0, 1), seg("b", 1, 2))).toBe(0);
    expect(temporalIou(seg("a", 0, 2), seg("b", 0, 2))).toBe(1);
  });

  it("classifies every segment with the offsets of its edges", () => {
    const answer = [seg("m", 0.3, 2.1), seg("w", 3, 5, "B"), seg("l", 6, 6.4), seg("x", 9, 9.5)];
    const reference = [seg("M", 0, 2), seg("W", 3, 5), seg("L", 6, 7.5), seg("Z", 8, 8.5)];
    const diff = segmentsDiff(answer, reference, 0.5);
    expect(diff.map((e) => [e.kind, e.answer?.id ?? null, e.reference?.id ?? null])).toEqual([
      ["matched", "m", "M"],
      ["wrong_label", "w", "W"],
      ["low_overlap", "l", "L"],
      ["missed", null, "Z"],
      ["extra", "x", null],
    ]);
    expect(diff[0]).toMatchObject({ startDelta: 0.3, endDelta: 0.1 });
    expect(describeSegmentDiff(diff[0], 0.5)).toBe("✓ matched A (IoU 0.81, start +0.30 s, end +0.10 s)");
    expect(describeSegmentDiff(diff[1], 0.5)).toBe("≠ wrong label: B → A (IoU 1.00, start ±0 s, end ±0 s)");
    expect(describeSegmentDiff(diff[2], 0.5)).toMatch(
      /^≈ low overlap < 0.5: A \(IoU 0.27, start ±0 s, end −1.10 s\)$/,
    );
    expect(describeSegmentDiff(diff[3], 0.5)).toBe("− missed: A");
    expect(describeSegmentDiff(diff[4], 0.5)).toBe("+ extra: A");
  });

  it("maps speaker names as the server's DER does before comparing", () => {
    const reference = [seg("r1", 0, 4, "A"), seg("r2", 4, 8, "B"), seg("r3", 8, 9, "A")];
    const answer = [seg("a1", 0, 4, "B"), seg("a2", 4, 8, "A"), seg("a3", 8, 9, "B"), seg("a4", 9, 10, "C")];
    const diff = segmentsDiff(answer, reference, 0.5, true);
    expect(diff.map((e) => [e.kind, e.answer?.id ?? null, e.mappedLabel ?? null])).toEqual([
      ["matched", "a1", "A"],
      ["matched", "a2", "B"],
      ["matched", "a3", "A"],
      ["extra", "a4", null],
    ]);
    expect(describeSegmentDiff(diff[0], 0.5)).toMatch(/^✓ matched B \(as A\) \(IoU 1.00/);
    // without `speakers`, names are compared as they are
    expect(segmentsDiff(answer, reference, 0.5).map((e) => e.kind)).toEqual([
      "wrong_label",
      "wrong_label",
      "wrong_label",
      "extra",
    ]);
    // a name with no counterpart in the reference is wrong wherever it is
    const lone = segmentsDiff(
      [seg("x", 0, 4, "C"), seg("y", 4, 8, "C")],
      [seg("r", 0, 4, "A"), seg("s", 4, 8, "B")],
      0.5,
      true,
    );
    expect(lone.map((e) => e.kind)).toEqual(["matched", "wrong_label"]);
  });

  it("diffs empty answers", () => {
    expect(segmentsDiff(undefined, undefined, 0.5)).toEqual([]);
    expect(segmentsDiff(undefined, [seg("r", 0, 1)], 0.5).map((e) => e.kind)).toEqual(["missed"]);
  });

  it("writes offsets with their sign", () => {
    expect(formatDelta(0.3)).toBe("+0.30 s");
    expect(formatDelta(-1.25)).toBe("−1.25 s");
    expect(formatDelta(0.0001)).toBe("±0 s");
  });
});

describe("server peaks", () => {
  it("accepts one channel or several and refuses anything else", () => {
    expect(parsePeaks({ duration: 3600, peaks_per_second: 20, peaks: [0, 0.5, -0.2] })).toEqual({
      duration: 3600,
      channels: [[0, 0.5, -0.2]],
    });
    expect(parsePeaks({ duration: 2, peaks: [[0.1], [0.2]] })?.channels).toEqual([[0.1], [0.2]]);
    for (const bad of [
      null,
      "x",
      { duration: 0, peaks: [1] },
      { duration: 2, peaks: [] },
      { duration: 2, peaks: ["1"] },
    ]) {
      expect(parsePeaks(bad)).toBeNull();
    }
  });
});
