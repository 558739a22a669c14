/**
 * Time segments as the server stores them (`controls/segments.py`: `{id, start, end, label,
 * text?}` in seconds, half-open) and the edits an annotator makes to them, as pure functions so
 * the waveform layer, the side card and the keyboard share one set of rules: times rounded to the
 * millisecond, kept inside the media, a segment at least `MIN_SEGMENT_S` long, the list in time
 * order. `segmentCommand` turns a key press into what it does, without touching a player.
 */
import { newRegionId } from "../regionIds";

export interface TimeSegment {
  id: string;
  start: number;
  end: number;
  label: string;
  /** What is said in the segment (audio-text alignment); absent when empty. */
  text?: string;
}

/** Shorter segments are not made by a drag or by keys (a click is not a segment). */
export const MIN_SEGMENT_S = 0.05;
/** Alt+arrow moves the selected segment by this much. */
export const NUDGE_S = 0.1;
/** Arrows seek by 1 s, Shift+arrows by 5 s. */
export const SEEK_S = 1;
export const SEEK_FAR_S = 5;
export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
/** Same as the server's MAX_SEGMENT_TEXT_CHARS (core/limits.py). */
export const MAX_SEGMENT_TEXT_CHARS = 10_000;

export const round = (t: number) => Math.round(t * 1000) / 1000;

function clamp(t: number, duration: number | null): number {
  const upper = duration ?? Number.POSITIVE_INFINITY;
  return round(Math.min(Math.max(t, 0), upper));
}

const byTime = (a: TimeSegment, b: TimeSegment) => a.start - b.start || a.end - b.end;

/** A new segment between two times (either order), or null when it would be too short. */
export function makeSegment(
  a: number,
  b: number,
  label: string,
  duration: number | null,
  id: string = newRegionId(),
): TimeSegment | null {
  const start = clamp(Math.min(a, b), duration);
  const end = clamp(Math.max(a, b), duration);
  return end - start >= MIN_SEGMENT_S ? { id, start, end, label } : null;
}

export function addSegment(value: readonly TimeSegment[] | undefined, segment: TimeSegment): TimeSegment[] {
  return [...(value ?? []), segment].sort(byTime);
}

export function removeSegment(value: readonly TimeSegment[] | undefined, id: string): TimeSegment[] {
  return (value ?? []).filter((s) => s.id !== id);
}

/** New bounds for a segment, clamped to the media; refused (null) when the result is too short. */
export function moveEdges(
  value: readonly TimeSegment[] | undefined,
  id: string,
  bounds: { start?: number; end?: number },
  duration: number | null,
): TimeSegment[] | null {
  const current = (value ?? []).find((s) => s.id === id);
  if (!current) return null;
  const start = clamp(bounds.start ?? current.start, duration);
  const end = clamp(bounds.end ?? current.end, duration);
  if (end - start < MIN_SEGMENT_S) return null;
  return (value ?? []).map((s) => (s.id === id ? { ...s, start, end } : s)).sort(byTime);
}

/** The whole segment shifted by `delta` seconds, stopping at the media's edges. */
export function shiftSegment(
  value: readonly TimeSegment[] | undefined,
  id: string,
  delta: number,
  duration: number | null,
): TimeSegment[] | null {
  const current = (value ?? []).find((s) => s.id === id);
  if (!current) return null;
  const length = current.end - current.start;
  const upper = duration === null ? Number.POSITIVE_INFINITY : duration - length;
  const start = Math.min(Math.max(current.start + delta, 0), upper);
  return moveEdges(value, id, { start, end: start + length }, duration);
}

export function relabel(value: readonly TimeSegment[] | undefined, id: string, label: string): TimeSegment[] {
  return (value ?? []).map((s) => (s.id === id ? { ...s, label } : s));
}

/** The segment's transcript; an empty one is left out, as the server stores it. */
export function setText(value: readonly TimeSegment[] | undefined, id: string, text: string): TimeSegment[] {
  return (value ?? []).map((s) => {
    if (s.id !== id) return s;
    const { text: _old, ...rest } = s;
    return text ? { ...rest, text: text.slice(0, MAX_SEGMENT_TEXT_CHARS) } : rest;
  });
}

/** The segment before or after the selected one in time (the first or last with none). */
export function neighbour(
  value: readonly TimeSegment[] | undefined,
  selected: string | null,
  direction: 1 | -1,
): TimeSegment | null {
  const sorted = [...(value ?? [])].sort(byTime);
  if (sorted.length === 0) return null;
  const at = sorted.findIndex((s) => s.id === selected);
  if (at < 0) return direction === 1 ? sorted[0] : sorted[sorted.length - 1];
  return sorted[Math.min(Math.max(at + direction, 0), sorted.length - 1)];
}

export function nextSpeed(rate: number, direction: 1 | -1): number {
  const at = SPEEDS.findIndex((s) => s >= rate - 1e-9);
  const here = at < 0 ? SPEEDS.length - 1 : at;
  return SPEEDS[Math.min(Math.max(here + direction, 0), SPEEDS.length - 1)];
}

/** Seconds as the UI writes them: "83.25 s" → "1:23.25". */
export function formatTime(t: number): string {
  const sign = t < 0 ? "−" : "";
  const abs = Math.abs(t);
  const minutes = Math.floor(abs / 60);
  const seconds = (abs - minutes * 60).toFixed(2).padStart(5, "0");
  return `${sign}${minutes}:${seconds}`;
}

/** What the segments layer knows when a key arrives. */
export interface KeyState {
  value: readonly TimeSegment[] | undefined;
  selected: string | null;
  /** Segments that cannot be edited (the shell's locked regions). */
  locked: ReadonlySet<string>;
  /** The label the next segment gets. */
  label: string;
  /** Label keys of the control: key → label. */
  keys: ReadonlyMap<string, string>;
  /** Where a new segment starts, after `[`. */
  mark: number | null;
  time: number;
  duration: number | null;
}

export type SegmentCommand =
  | { kind: "playPause" }
  | { kind: "seek"; delta: number }
  | { kind: "speed"; direction: 1 | -1 }
  | { kind: "zoom"; direction: 1 | -1 }
  | { kind: "playSegment"; id: string }
  | { kind: "change"; value: TimeSegment[]; select?: string | null }
  | { kind: "select"; id: string | null; seek?: number }
  | { kind: "mark"; time: number | null }
  | { kind: "label"; label: string }
  | { kind: "focusText" }
  | { kind: "notify"; message: string };

/** The keys `segmentCommand` answers, for the shortcut help (the def's `help`). */
export const SEGMENT_KEYS: readonly { key: string; does: string }[] = [
  { key: "Space", does: "Play or pause" },
  { key: "← / →", does: "Seek 1 s back / forward (Shift: 5 s)" },
  { key: "- / =", does: "Slower / faster playback (0.5× to 2×)" },
  { key: "i / o", does: "Zoom the waveform in / out" },
  { key: "[", does: "Mark a new segment's start at the playhead (a segment selected: move its start there)" },
  { key: "]", does: "End the new segment at the playhead with the current label (selected: move its end)" },
  { key: "1–9, 0", does: "Relabel the selected segment, or choose the next segment's label" },
  { key: "↑ / ↓", does: "Select the previous / next segment" },
  { key: "Alt+← / Alt+→", does: "Move the selected segment by 0.1 s" },
  { key: "p", does: "Play the selected segment" },
  { key: "t", does: "Type the selected segment's transcript" },
  { key: "Delete", does: "Delete the selected segment" },
  { key: "Escape", does: "Deselect, or drop a marked start" },
];

/** What `key` does to the segments and the player, or null when it is not a segments key. */
export function segmentCommand(key: string, s: KeyState): SegmentCommand | null {
  const selected = s.selected ? ((s.value ?? []).find((x) => x.id === s.selected) ?? null) : null;
  const editable = selected !== null && !s.locked.has(selected.id);
  const locked = { kind: "notify", message: "This segment is locked." } as const;
  switch (key) {
    case "Space":
      return { kind: "playPause" };
    case "ArrowLeft":
    case "ArrowRight":
      return { kind: "seek", delta: key === "ArrowLeft" ? -SEEK_S : SEEK_S };
    case "shift+ArrowLeft":
    case "shift+ArrowRight":
      return { kind: "seek", delta: key === "shift+ArrowLeft" ? -SEEK_FAR_S : SEEK_FAR_S };
    case "-":
    case "=":
    case "+":
      return { kind: "speed", direction: key === "-" ? -1 : 1 };
    case "i":
    case "o":
      return { kind: "zoom", direction: key === "i" ? 1 : -1 };
    case "ArrowUp":
    case "ArrowDown": {
      const next = neighbour(s.value, s.selected, key === "ArrowUp" ? -1 : 1);
      return next ? { kind: "select", id: next.id, seek: next.start } : null;
    }
    case "Escape":
      if (s.mark !== null) return { kind: "mark", time: null };
      return selected ? { kind: "select", id: null } : null;
  }
  if (key === "[" || key === "]") {
    if (selected) {
      if (!editable) return locked;
      const bounds = key === "[" ? { start: s.time } : { end: s.time };
      const next = moveEdges(s.value, selected.id, bounds, s.duration);
      return next
        ? { kind: "change", value: next }
        : {
            kind: "notify",
            message: `The playhead is not ${key === "[" ? "before the end" : "after the start"} of the selected segment.`,
          };
    }
    if (key === "[") return { kind: "mark", time: round(s.time) };
    if (s.mark === null) return { kind: "notify", message: "Press [ at the segment's start first." };
    const made = makeSegment(s.mark, s.time, s.label, s.duration);
    if (!made) return { kind: "notify", message: "The segment would be too short: move the playhead first." };
    return { kind: "change", value: addSegment(s.value, made), select: made.id };
  }
  const label = s.keys.get(key);
  if (label !== undefined) {
    if (!selected) return { kind: "label", label };
    if (!editable) return locked;
    return { kind: "change", value: relabel(s.value, selected.id, label) };
  }
  if (!selected) return null;
  switch (key) {
    case "p":
      return { kind: "playSegment", id: selected.id };
    case "t":
      return { kind: "focusText" };
    case "Delete":
    case "Backspace":
      return editable ? { kind: "change", value: removeSegment(s.value, selected.id), select: null } : locked;
    case "alt+ArrowLeft":
    case "alt+ArrowRight": {
      if (!editable) return locked;
      const next = shiftSegment(
        s.value,
        selected.id,
        key === "alt+ArrowLeft" ? -NUDGE_S : NUDGE_S,
        s.duration,
      );
      return next ? { kind: "change", value: next } : null;
    }
  }
  return null;
}
