import { describe, expect, it } from "vitest";
import {
  MAX_SEGMENT_TEXT_CHARS,
  addSegment,
  makeSegment,
  moveEdges,
  nextSpeed,
  segmentCommand,
  setText,
  shiftSegment,
  type KeyState,
  type TimeSegment,
} from "./segments";

const A: TimeSegment = { id: "a", start: 1, end: 2, label: "speech" };
const B: TimeSegment = { id: "b", start: 4, end: 6, label: "music", text: "la la" };
const KEYS = new Map([
  ["1", "speech"],
  ["2", "music"],
]);

function state(over: Partial<KeyState> = {}): KeyState {
  return {
    value: [A, B],
    selected: null,
    locked: new Set(),
    label: "speech",
    keys: KEYS,
    mark: null,
    time: 3,
    duration: 10,
    ...over,
  };
}

describe("segment edits", () => {
  it("makes a segment in either order, clamped to the media and rounded to the millisecond", () => {
    expect(makeSegment(9.5, 12, "speech", 10, "x")).toEqual({
      id: "x",
      start: 9.5,
      end: 10,
      label: "speech",
    });
    expect(makeSegment(2.00049, 1.1234567, "music", null, "y")).toEqual({
      id: "y",
      start: 1.123,
      end: 2,
      label: "music",
    });
    expect(makeSegment(1, 1.01, "speech", 10)).toBeNull();
  });

  it("keeps the list in time order", () => {
    const c = { id: "c", start: 0, end: 0.5, label: "speech" };
    expect(addSegment([A, B], c).map((s) => s.id)).toEqual(["c", "a", "b"]);
  });

  it("moves edges but refuses a segment that would be too short or inverted", () => {
    expect(moveEdges([A, B], "a", { end: 3.5 }, 10)).toEqual([{ ...A, end: 3.5 }, B]);
    expect(moveEdges([A, B], "a", { start: 2.5 }, 10)).toBeNull();
    expect(moveEdges([A, B], "zzz", { start: 0 }, 10)).toBeNull();
    expect(moveEdges([A, B], "b", { end: 42 }, 10)).toEqual([A, { ...B, end: 10 }]);
  });

  it("shifts a whole segment and stops at the media's edges", () => {
    expect(shiftSegment([A], "a", 0.1, 10)).toEqual([{ ...A, start: 1.1, end: 2.1 }]);
    expect(shiftSegment([A], "a", -5, 10)).toEqual([{ ...A, start: 0, end: 1 }]);
    expect(shiftSegment([B], "b", 10, 10)).toEqual([{ ...B, start: 8, end: 10 }]);
  });

  it("stores a transcript, drops an empty one and caps its length", () => {
    expect(setText([A], "a", "hello")).toEqual([{ ...A, text: "hello" }]);
    expect(setText([B], "b", "")).toEqual([{ id: "b", start: 4, end: 6, label: "music" }]);
    expect(setText([A], "a", "x".repeat(MAX_SEGMENT_TEXT_CHARS + 5))[0].text).toHaveLength(
      MAX_SEGMENT_TEXT_CHARS,
    );
  });

  it("steps the playback speed within its range", () => {
    expect(nextSpeed(1, 1)).toBe(1.25);
    expect(nextSpeed(1, -1)).toBe(0.75);
    expect(nextSpeed(2, 1)).toBe(2);
    expect(nextSpeed(0.5, -1)).toBe(0.5);
  });
});

describe("segment keys", () => {
  it("plays, seeks and changes speed and zoom whatever is selected", () => {
    expect(segmentCommand("Space", state())).toEqual({ kind: "playPause" });
    expect(segmentCommand("ArrowLeft", state())).toEqual({ kind: "seek", delta: -1 });
    expect(segmentCommand("shift+ArrowRight", state())).toEqual({ kind: "seek", delta: 5 });
    expect(segmentCommand("=", state())).toEqual({ kind: "speed", direction: 1 });
    expect(segmentCommand("-", state())).toEqual({ kind: "speed", direction: -1 });
    expect(segmentCommand("i", state())).toEqual({ kind: "zoom", direction: 1 });
    expect(segmentCommand("x", state())).toBeNull();
  });

  it("marks a start with [ and makes the segment with ] and the current label", () => {
    expect(segmentCommand("[", state({ time: 7.25 }))).toEqual({ kind: "mark", time: 7.25 });
    const made = segmentCommand("]", state({ mark: 7.25, time: 8.5, label: "music" }));
    expect(made?.kind).toBe("change");
    if (made?.kind !== "change") return;
    const added = made.value.find((s) => s.id === made.select)!;
    expect(added).toMatchObject({ start: 7.25, end: 8.5, label: "music" });
    expect(made.value).toHaveLength(3);
    expect(segmentCommand("]", state())).toEqual({
      kind: "notify",
      message: "Press [ at the segment's start first.",
    });
    expect(segmentCommand("]", state({ mark: 3, time: 3.01 }))?.kind).toBe("notify");
    expect(segmentCommand("Escape", state({ mark: 3 }))).toEqual({ kind: "mark", time: null });
  });

  it("with a segment selected, [ and ] move its edges to the playhead", () => {
    expect(segmentCommand("[", state({ selected: "b", time: 3.5 }))).toEqual({
      kind: "change",
      value: [A, { ...B, start: 3.5 }],
    });
    expect(segmentCommand("]", state({ selected: "a", time: 2.75 }))).toEqual({
      kind: "change",
      value: [{ ...A, end: 2.75 }, B],
    });
    expect(segmentCommand("]", state({ selected: "b", time: 3 }))?.kind).toBe("notify");
  });

  it("a label key relabels the selected segment, else picks the next segment's label", () => {
    expect(segmentCommand("2", state({ selected: "a" }))).toEqual({
      kind: "change",
      value: [{ ...A, label: "music" }, B],
    });
    expect(segmentCommand("2", state())).toEqual({ kind: "label", label: "music" });
  });

  it("selects neighbours, deletes, nudges, plays and focuses the transcript of the selection", () => {
    expect(segmentCommand("ArrowDown", state())).toEqual({ kind: "select", id: "a", seek: 1 });
    expect(segmentCommand("ArrowDown", state({ selected: "a" }))).toEqual({
      kind: "select",
      id: "b",
      seek: 4,
    });
    expect(segmentCommand("ArrowUp", state({ selected: "b" }))).toEqual({ kind: "select", id: "a", seek: 1 });
    expect(segmentCommand("Delete", state({ selected: "a" }))).toEqual({
      kind: "change",
      value: [B],
      select: null,
    });
    expect(segmentCommand("alt+ArrowRight", state({ selected: "a" }))).toEqual({
      kind: "change",
      value: [{ ...A, start: 1.1, end: 2.1 }, B],
    });
    expect(segmentCommand("p", state({ selected: "b" }))).toEqual({ kind: "playSegment", id: "b" });
    expect(segmentCommand("t", state({ selected: "b" }))).toEqual({ kind: "focusText" });
    expect(segmentCommand("Escape", state({ selected: "b" }))).toEqual({ kind: "select", id: null });
    expect(segmentCommand("Delete", state())).toBeNull();
  });

  it("leaves a locked segment as it is", () => {
    const locked = state({ selected: "a", locked: new Set(["a"]) });
    for (const key of ["Delete", "2", "[", "alt+ArrowLeft"]) {
      expect(segmentCommand(key, locked)).toEqual({ kind: "notify", message: "This segment is locked." });
    }
    expect(segmentCommand("p", locked)).toEqual({ kind: "playSegment", id: "a" });
  });
});
