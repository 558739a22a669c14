import { describe, expect, it } from "vitest";
import { boxKey, editTrack } from "./trackEdits";
import { newTrack, setBox } from "./trackModel";

const A = { x: 0, y: 0, width: 10, height: 10 };

describe("tracks: box keys", () => {
  it("moves and resizes the selected track's box on this frame as a keyframe, extending it", () => {
    const t = newTrack([], 0, A, "car");
    const size = { width: 320, height: 240 };
    const moved = boxKey([t], t.id!, 4, "ctrl+shift+ArrowRight", size);
    if (!moved || "error" in moved) throw new Error("expected a move");
    const track = moved.value![0];
    expect(track.frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4]);
    expect(track.frames[4]).toEqual({ frame: 4, x: 10, y: 0, width: 10, height: 10, keyframe: true });
    const grown = boxKey(moved.value!, t.id!, 4, "alt+ArrowDown", size);
    if (!grown || "error" in grown) throw new Error("expected a resize");
    expect(grown.value![0].frames[4].height).toBe(11);
    // Kept inside the picture; not a box key; no selection.
    const edge = boxKey([t], t.id!, 0, "ctrl+shift+ArrowLeft", size);
    expect(edge && "value" in edge && edge.value![0].frames[0].x).toBe(0);
    expect(boxKey([t], t.id!, 0, "ArrowLeft", size)).toBeNull();
    expect(boxKey([t], null, 0, "ctrl+ArrowLeft", size)).toMatchObject({
      error: expect.stringContaining("Select a track"),
    });
  });
});

describe("tracks: keyed edits", () => {
  const t = setBox(newTrack([], 0, A, "car"), 10, { x: 100, y: 0, width: 10, height: 10 });
  const other = newTrack([t], 0, A, "person");

  it("keyframes the selected track here, ends it here, deletes a keyframe or the track", () => {
    const keyed = editTrack([t, other], t.id!, 5, "keyframe");
    if ("error" in keyed) throw new Error(keyed.error);
    expect(keyed.value![0].frames.filter((f) => f.keyframe).map((f) => f.frame)).toEqual([0, 5, 10]);
    expect(keyed.value![1]).toBe(other);
    const ended = editTrack([t], t.id!, 6, "absent");
    expect("value" in ended && ended.value![0].frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4, 5, 10]);
    expect(editTrack([t], t.id!, 5, "delete_keyframe")).toEqual({
      error: "Track #1 has no keyframe on this frame.",
    });
    const unkeyed = editTrack([t], t.id!, 10, "delete_keyframe");
    expect("value" in unkeyed && unkeyed.value![0].frames).toHaveLength(1);
    expect(editTrack([t], t.id!, 3, "delete_track")).toEqual({ value: undefined });
    const relabelled = editTrack([t], t.id!, 3, "relabel", "person");
    expect("value" in relabelled && relabelled.value![0].label).toBe("person");
  });

  it("says why nothing changed", () => {
    expect(editTrack([t], null, 0, "keyframe")).toMatchObject({
      error: expect.stringContaining("Select a track"),
    });
    expect(editTrack([t], t.id!, 20, "absent")).toEqual({ error: "Track #1 is not on this frame." });
    const single = newTrack([], 3, A, "car");
    expect(editTrack([single], single.id!, 3, "absent")).toMatchObject({
      error: expect.stringContaining("delete the track"),
    });
  });
});
