import { describe, expect, it } from "vitest";
import { describeFrameMatch, describeTrackRow, matchFrame, tracksDiff } from "./trackDiff";
import type { Track } from "./trackModel";

function track(id: number | string, label: string, frames: number[], x = 0): Track {
  return { track_id: id, label, frames: frames.map((frame) => ({ frame, x, y: 0, width: 10, height: 10 })) };
}

describe("tracks diff", () => {
  it("says frame by frame where each track matched, was missed, extra or wrongly labelled", () => {
    const ref = [track(1, "car", [0, 1, 2, 3, 4]), track(2, "person", [0, 1], 100)];
    const yours = [track("a", "car", [2, 3, 4, 5]), track("b", "car", [0], 100), track("c", "car", [9], 500)];
    const rows = tracksDiff(yours, ref);
    const [a, b, c, r1, r2] = rows;
    expect(a.runs).toEqual([
      { start: 2, end: 4, status: "matched" },
      { start: 5, end: 5, status: "extra" },
    ]);
    expect(a.partner).toBe(ref[0]);
    expect(describeTrackRow(a)).toBe("✓ car #a follows reference car #1: 3 matched, 1 extra of 4 frames");
    expect(b.runs).toEqual([{ start: 0, end: 0, status: "wrong_label" }]);
    expect(describeTrackRow(b)).toBe(
      "≠ car #b follows reference person #2: 1 with the wrong label (reference: person) of 1 frames",
    );
    expect(describeTrackRow(c)).toBe("+ Extra: car #c (1 frames) is not in the reference");
    expect(r1.runs).toEqual([
      { start: 0, end: 1, status: "missed" },
      { start: 2, end: 4, status: "matched" },
    ]);
    expect(describeTrackRow(r1)).toBe("Reference car #1: found on 3 of 5 frames, missed on 2");
    expect(r2.counts).toMatchObject({ wrong_label: 1, missed: 1 });
    expect(describeTrackRow({ ...r2, counts: { ...r2.counts, wrong_label: 0, missed: 2 } })).toBe(
      "− Missed: reference person #2 (2 frames)",
    );
  });

  it("shows a box that overlaps too little as low overlap, on the frame and in words", () => {
    const drift: Track = {
      track_id: "a",
      label: "car",
      frames: [
        { frame: 0, x: 0, y: 0, width: 10, height: 10 },
        { frame: 1, x: 6, y: 0, width: 10, height: 10 },
      ],
    };
    const ref = [track(1, "car", [0, 1])];
    expect(tracksDiff([drift], ref)[0].runs.map((r) => r.status)).toEqual(["matched", "low_overlap"]);
    const [m] = matchFrame([drift], ref, 1, 0.5);
    expect(m.kind).toBe("low_overlap");
    expect(describeFrameMatch(m)).toBe("≈ low overlap (IoU 0.25): car #a");
    expect(describeFrameMatch(matchFrame([], ref, 0, 0.5)[0])).toBe("− missed: reference car #1");
  });
});
