/**
 * Segments edited on the video's timeline, frame by frame: the same segments and rules as on the
 * waveform (audio/segments.ts: `makeSegment`, `moveEdges`, …), with times on frame boundaries —
 * a segment made at the playhead covers whole frames, and its edges move by one frame. Pure: the
 * layer turns a key into a command here and carries it out.
 */
import type { SegmentCommand, TimeSegment } from "../audio/segments";
import { addSegment, makeSegment, moveEdges, neighbour, relabel, removeSegment } from "../audio/segments";

/** The segment keys on video, for the shortcut help. */
export const VIDEO_SEGMENT_KEYS = [
  { key: "[", does: "Mark a new segment's start at this frame (a segment selected: move its start here)" },
  {
    key: "]",
    does: "End the new segment with this frame, with the current label (selected: move its end here)",
  },
  {
    key: "Alt+← / Alt+→",
    does: "Move the selected segment's start one frame earlier / later",
  },
  {
    key: "Alt+Shift+← / Alt+Shift+→",
    does: "Move the selected segment's end one frame earlier / later",
  },
  { key: "↑ / ↓", does: "Select the previous / next segment" },
  { key: "1–9, 0", does: "Relabel the selected segment, or choose the next segment's label" },
  { key: "p", does: "Play the selected segment" },
  { key: "t", does: "Type the selected segment's transcript" },
  { key: "Delete", does: "Delete the selected segment" },
  { key: "Escape", does: "Deselect, or drop a marked start" },
] as const;

export interface VideoKeyState {
  value: readonly TimeSegment[] | undefined;
  selected: string | null;
  locked: ReadonlySet<string>;
  label: string;
  keys: ReadonlyMap<string, string>;
  /** A start marked with `[`, seconds. */
  mark: number | null;
  /** The presented frame. */
  frame: number;
  fps: number;
  /** Frame count. */
  frames: number;
}

export type VideoSegmentCommand =
  | Extract<SegmentCommand, { kind: "change" | "mark" | "label" | "notify" | "playSegment" | "focusText" }>
  | { kind: "select"; id: string | null; frame?: number };

/** The frame boundary nearest a time (segment edges sit on boundaries). */
export const edgeFrame = (t: number, fps: number) => Math.round(t * fps);

const NUDGES: Record<string, { edge: "start" | "end"; delta: 1 | -1 }> = {
  "alt+ArrowLeft": { edge: "start", delta: -1 },
  "alt+ArrowRight": { edge: "start", delta: 1 },
  "alt+shift+ArrowLeft": { edge: "end", delta: -1 },
  "alt+shift+ArrowRight": { edge: "end", delta: 1 },
};

export function videoSegmentCommand(key: string, s: VideoKeyState): VideoSegmentCommand | null {
  const duration = s.frames / s.fps;
  const selected = s.selected ? ((s.value ?? []).find((x) => x.id === s.selected) ?? null) : null;
  const editable = selected !== null && !s.locked.has(selected.id);
  const locked = { kind: "notify", message: "This segment is locked." } as const;
  const frameStart = s.frame / s.fps;
  const frameEnd = (s.frame + 1) / s.fps;

  const label = s.keys.get(key);
  if (label !== undefined) {
    if (!selected) return { kind: "label", label };
    return editable ? { kind: "change", value: relabel(s.value, selected.id, label) } : locked;
  }
  if (key === "[" || key === "]") {
    if (selected) {
      if (!editable) return locked;
      const next = moveEdges(
        s.value,
        selected.id,
        key === "[" ? { start: frameStart } : { end: frameEnd },
        duration,
      );
      return next
        ? { kind: "change", value: next }
        : {
            kind: "notify",
            message: `This frame is not ${key === "[" ? "before the end" : "after the start"} of the selected segment.`,
          };
    }
    if (key === "[") return { kind: "mark", time: frameStart };
    if (s.mark === null) return { kind: "notify", message: "Press [ on the segment's first frame first." };
    const made = makeSegment(s.mark, Math.max(s.mark, frameEnd), s.label, duration);
    if (!made)
      return { kind: "notify", message: "The segment would be too short: step on a few frames first." };
    return { kind: "change", value: addSegment(s.value, made), select: made.id };
  }
  const nudge = NUDGES[key];
  if (nudge) {
    if (!selected) return null;
    if (!editable) return locked;
    const edge = edgeFrame(selected[nudge.edge], s.fps) + nudge.delta;
    const next = moveEdges(s.value, selected.id, { [nudge.edge]: edge / s.fps }, duration);
    return next
      ? { kind: "change", value: next }
      : { kind: "notify", message: "The segment would be too short." };
  }
  switch (key) {
    case "ArrowUp":
    case "ArrowDown": {
      const next = neighbour(s.value, s.selected, key === "ArrowUp" ? -1 : 1);
      return next ? { kind: "select", id: next.id, frame: edgeFrame(next.start, s.fps) } : null;
    }
    case "Escape":
      if (s.mark !== null) return { kind: "mark", time: null };
      return selected ? { kind: "select", id: null } : null;
    case "p":
      return selected ? { kind: "playSegment", id: selected.id } : null;
    case "t":
      return selected ? { kind: "focusText" } : null;
    case "Delete":
    case "Backspace":
      if (!selected) return null;
      return editable ? { kind: "change", value: removeSegment(s.value, selected.id), select: null } : locked;
  }
  return null;
}

/** Lanes for segments that overlap in time: each segment takes the first lane free at its
 * start (segments sorted by start), so none hides another on the timeline. */
export function packLanes(segments: readonly TimeSegment[]): Map<string, number> {
  const ends: number[] = [];
  const lanes = new Map<string, number>();
  for (const s of [...segments].sort((a, b) => a.start - b.start || a.end - b.end)) {
    let lane = ends.findIndex((end) => end <= s.start);
    if (lane < 0) lane = ends.length;
    ends[lane] = s.end;
    lanes.set(s.id, lane);
  }
  return lanes;
}
