import { describe, expect, it } from "vitest";
import {
  boxAt,
  deleteKeyframe,
  absentFrom,
  frameRuns,
  framesOf,
  ghostBox,
  keyframesOf,
  newTrack,
  relabelTrack,
  setBox,
  type Track,
} from "./trackModel";

const A = { x: 0, y: 0, width: 10, height: 10 };
const B = { x: 100, y: 50, width: 20, height: 30 };

function oneFrame(frame = 0): Track {
  return newTrack([], frame, A, "car");
}

describe("tracks: keyframes and interpolation", () => {
  it("a new box lives on one frame until extended", () => {
    const t = oneFrame(5);
    expect(t.frames).toEqual([{ frame: 5, ...A, keyframe: true }]);
    expect(t.track_id).toBe(1);
    expect(t.id).toMatch(/^[A-Za-z0-9]{10}$/);
    const k = keyframesOf(t);
    expect(boxAt(k, 5)).toEqual(A);
    expect(boxAt(k, 6)).toBeNull();
    expect(boxAt(k, 4)).toBeNull();
    // Offered to extend it on a later frame.
    expect(ghostBox(k, 40)).toEqual(A);
  });

  it("moving the box on a later frame adds a keyframe and stores every frame between, interpolated", () => {
    const t = setBox(oneFrame(0), 10, B);
    expect(t.frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.frames.filter((f) => f.keyframe).map((f) => f.frame)).toEqual([0, 10]);
    expect(t.frames[5]).toEqual({ frame: 5, x: 50, y: 25, width: 15, height: 20 });
    const k = keyframesOf(t);
    expect(boxAt(k, 5)).toEqual({ x: 50, y: 25, width: 15, height: 20 });
    expect(boxAt(k, 10)).toEqual(B);
    expect(boxAt(k, 11)).toBeNull();
    // What is drawn on a frame is what is stored for it.
    for (const f of t.frames)
      expect(boxAt(k, f.frame)).toEqual({ x: f.x, y: f.y, width: f.width, height: f.height });
  });

  it("extends backwards too, and a move between keyframes re-interpolates both sides", () => {
    let t = setBox(oneFrame(10), 0, B);
    expect(t.frames[0]).toEqual({ frame: 0, ...B, keyframe: true });
    t = setBox(t, 5, { x: 0, y: 0, width: 50, height: 50 });
    const k = keyframesOf(t);
    expect(k.map((x) => x.frame)).toEqual([0, 5, 10]);
    expect(boxAt(k, 7)!.width).toBeCloseTo(50 + (10 - 50) * (2 / 5));
  });

  it("reloads keyframes from the stored flags, and treats unflagged tracks as all keyframes", () => {
    const t = setBox(setBox(oneFrame(0), 4, B), 8, A);
    expect(keyframesOf(t)).toEqual([
      { frame: 0, box: A },
      { frame: 4, box: B },
      { frame: 8, box: A },
    ]);
    const imported: Track = {
      track_id: "x",
      label: "car",
      frames: t.frames.map(({ keyframe: _, ...f }) => f),
    };
    expect(keyframesOf(imported)).toHaveLength(9);
    expect(framesOf(keyframesOf(imported))).toHaveLength(9);
  });

  it("ending a track pins the box it had on the frame before", () => {
    const t = setBox(oneFrame(0), 10, B);
    const ended = absentFrom(t, 6)!;
    // Absent until its keyframe on 10; absent for good after its last keyframe.
    expect(ended.frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4, 5, 10]);
    expect(ended.frames[5]).toEqual({ ...t.frames[5], keyframe: true });
    expect(absentFrom(ended, 10)!.frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(absentFrom(oneFrame(0), 0)).toBeNull();
  });

  it("a track absent for a while and back again keeps its gap through a reload", () => {
    // Absent from 4 until its keyframe on 8.
    const t = absentFrom(setBox(oneFrame(0), 8, B), 4)!;
    expect(frameRuns(t)).toEqual([
      [0, 3],
      [8, 8],
    ]);
    expect(t.frames.find((f) => f.frame === 6)).toBeUndefined();
    const k = keyframesOf(t);
    expect(boxAt(k, 5)).toBeNull();
    expect(framesOf(k)).toEqual(t.frames);
    expect(ghostBox(k, 5)).toEqual(
      t.frames[3] && {
        x: t.frames[3].x,
        y: t.frames[3].y,
        width: t.frames[3].width,
        height: t.frames[3].height,
      },
    );
  });

  it("deletes a keyframe (re-interpolating) and reports the last one's deletion as null", () => {
    const t = setBox(setBox(oneFrame(0), 5, B), 10, A);
    const without = deleteKeyframe(t, 5)!;
    expect(keyframesOf(without).map((k) => k.frame)).toEqual([0, 10]);
    expect(without.frames.every((f) => f.x === 0)).toBe(true);
    expect(deleteKeyframe(oneFrame(3), 3)).toBeNull();
  });

  it("relabels the whole track and keeps its identity", () => {
    const t = setBox(oneFrame(0), 3, B);
    const r = relabelTrack(t, "person");
    expect(r.label).toBe("person");
    expect(r.track_id).toBe(t.track_id);
    expect(r.id).toBe(t.id);
    expect(newTrack([t, { ...t, track_id: 7 }], 0, A, "car").track_id).toBe(8);
  });
});
