import { describe, expect, it } from "vitest";
import { describeTrackDiff, iou, tracksDiff } from "./trackDiff";
import type { Track } from "./trackModel";

function track(id: number | string, label: string, frames: number[], x = 0): Track {
  return { track_id: id, label, frames: frames.map((frame) => ({ frame, x, y: 0, width: 10, height: 10 })) };
}

describe("tracks diff", () => {
  it("computes IoU", () => {
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(
      50 / 150,
    );
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 10, height: 10 })).toBe(0);
  });

  it("pairs tracks by identity and says frame by frame where they matched, were missed or extra", () => {
    const ref = [track(1, "car", [0, 1, 2, 3, 4]), track(2, "person", [0, 1], 100)];
    const yours = [track("a", "car", [2, 3, 4, 5]), track("b", "car", [0], 100), track("c", "car", [9], 500)];
    const d = tracksDiff(yours, ref);
    const car = d.find((e) => e.yours?.track_id === "a")!;
    expect(car.kind).toBe("matched");
    expect(car.runs).toEqual([
      { start: 0, end: 1, status: "missed" },
      { start: 2, end: 4, status: "match" },
      { start: 5, end: 5, status: "extra" },
    ]);
    expect(describeTrackDiff(car)).toBe(
      "Matched: car #a follows reference car #1 (3 frames matched, 2 missed, 1 extra)",
    );
    const wrong = d.find((e) => e.yours?.track_id === "b")!;
    expect(wrong.kind).toBe("wrong_label");
    expect(describeTrackDiff(wrong)).toContain("which is person");
    expect(d.find((e) => e.yours?.track_id === "c")!.kind).toBe("extra");
    expect(d.filter((e) => e.kind === "missed")).toHaveLength(0);
  });

  it("reports low overlap per frame and an unmatched reference track as missed", () => {
    const d = tracksDiff(
      [track("a", "car", [0, 1], 7)],
      [track(1, "car", [0, 1], 0), track(2, "car", [3])],
      0.5,
    );
    // 7 px off: IoU 3/17, below the threshold on every frame, so no pair.
    expect(d.map((e) => e.kind).sort()).toEqual(["extra", "missed", "missed"]);
    const close = tracksDiff([track("a", "car", [0, 1, 2], 0)], [track(1, "car", [0, 1, 2], 0)]);
    expect(close[0].counts).toEqual({ match: 3, low_iou: 0, missed: 0, extra: 0 });
    const drift = tracksDiff(
      [
        {
          ...track("a", "car", [0, 1]),
          frames: [
            { frame: 0, x: 0, y: 0, width: 10, height: 10 },
            { frame: 1, x: 6, y: 0, width: 10, height: 10 },
          ],
        },
      ],
      [track(1, "car", [0, 1])],
    );
    expect(drift[0].runs.map((r) => r.status)).toEqual(["match", "low_iou"]);
  });
});
