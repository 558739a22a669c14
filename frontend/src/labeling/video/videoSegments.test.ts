import { describe, expect, it } from "vitest";
import type { TimeSegment } from "../audio/segments";
import { packLanes, videoSegmentCommand, type VideoKeyState } from "./videoSegments";

const KEYS = new Map([
  ["1", "walk"],
  ["2", "run"],
]);

function state(over: Partial<VideoKeyState> = {}): VideoKeyState {
  return {
    value: [],
    selected: null,
    locked: new Set(),
    label: "walk",
    keys: KEYS,
    mark: null,
    frame: 0,
    fps: 30,
    frames: 300,
    ...over,
  };
}

const seg = (id: string, start: number, end: number, label = "walk"): TimeSegment => ({
  id,
  start,
  end,
  label,
});

describe("segments on the video timeline", () => {
  it("makes a segment of whole frames from a marked frame to the playhead's, with the current label", () => {
    expect(videoSegmentCommand("[", state({ frame: 30 }))).toEqual({ kind: "mark", time: 1 });
    const made = videoSegmentCommand("]", state({ frame: 59, mark: 1, label: "run" }));
    expect(made).toMatchObject({ kind: "change" });
    if (made?.kind !== "change") throw new Error();
    expect(made.value).toEqual([{ id: made.select, start: 1, end: 2, label: "run" }]);
    expect(videoSegmentCommand("]", state({ frame: 59 }))).toMatchObject({ kind: "notify" });
  });

  it("nudges the selected segment's edges by one frame", () => {
    const value = [seg("a", 1, 2)];
    const at = (key: string) => {
      const c = videoSegmentCommand(key, state({ value, selected: "a" }));
      if (c?.kind !== "change") throw new Error(key);
      return [c.value[0].start, c.value[0].end];
    };
    expect(at("alt+ArrowLeft")).toEqual([0.967, 2]);
    expect(at("alt+ArrowRight")).toEqual([1.033, 2]);
    expect(at("alt+shift+ArrowLeft")).toEqual([1, 1.967]);
    expect(at("alt+shift+ArrowRight")).toEqual([1, 2.033]);
    // Rounded to the millisecond, an edge still names its frame boundary: 31 frames then 32.
    const once = videoSegmentCommand("alt+ArrowRight", state({ value, selected: "a" }));
    if (once?.kind !== "change") throw new Error();
    const twice = videoSegmentCommand("alt+ArrowRight", state({ value: once.value, selected: "a" }));
    if (twice?.kind !== "change") throw new Error();
    expect(twice.value[0].start).toBe(1.067);
  });

  it("moves an edge to the playhead, relabels, deletes, and leaves locked segments alone", () => {
    const value = [seg("a", 1, 2), seg("b", 3, 4)];
    const moved = videoSegmentCommand("]", state({ value, selected: "a", frame: 74 }));
    expect(moved?.kind === "change" && moved.value[0].end).toBe(2.5);
    const relabelled = videoSegmentCommand("2", state({ value, selected: "b" }));
    expect(relabelled?.kind === "change" && relabelled.value[1].label).toBe("run");
    expect(videoSegmentCommand("2", state({ value }))).toEqual({ kind: "label", label: "run" });
    const deleted = videoSegmentCommand("Delete", state({ value, selected: "a" }));
    expect(deleted).toEqual({ kind: "change", value: [value[1]], select: null });
    expect(
      videoSegmentCommand("Delete", state({ value, selected: "a", locked: new Set(["a"]) })),
    ).toMatchObject({ kind: "notify" });
    expect(videoSegmentCommand("ArrowDown", state({ value, selected: "a" }))).toEqual({
      kind: "select",
      id: "b",
      frame: 90,
    });
    expect(videoSegmentCommand("p", state({ value, selected: "b" }))).toEqual({
      kind: "playSegment",
      id: "b",
    });
    expect(videoSegmentCommand("t", state({ value, selected: "b" }))).toEqual({ kind: "focusText" });
    expect(videoSegmentCommand("p", state({ value }))).toBeNull();
    expect(videoSegmentCommand("ArrowRight", state({ value }))).toBeNull(); // the player's key
  });

  it("packs overlapping segments into lanes", () => {
    const lanes = packLanes([
      seg("a", 0, 2),
      seg("b", 1, 3),
      seg("c", 2, 4),
      seg("d", 3, 5),
      seg("e", 3.5, 4),
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ a: 0, b: 1, c: 0, d: 1, e: 2 });
  });
});
