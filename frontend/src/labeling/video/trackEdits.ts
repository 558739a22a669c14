/**
 * The edits an annotator makes to a tracks answer from the keyboard or the side card, on the
 * selected track at the current frame. Pure: each returns the next answer or a message saying why
 * nothing changed, so the layer's keys and the card's buttons do exactly the same thing.
 */
import { nudge, resizeBy, type Size } from "../image/boxGeometry";
import {
  absentFrom,
  boxAt,
  deleteKeyframe,
  ghostBox,
  isKeyframe,
  keyframesOf,
  relabelTrack,
  setBox,
  type Track,
} from "./trackModel";

export type TrackCommand = "keyframe" | "absent" | "delete_keyframe" | "delete_track" | "relabel";

export type EditOutcome = { value: Track[] | undefined } | { error: string };

/** A track's name in the answer (its region id; its track id for answers without ids). */
export const trackKey = (t: Track): string => t.id ?? `#${t.track_id}`;

/** The answer with track `i` replaced (or removed for null); empty is "no tracks" (undefined). */
export function replaceTrack(tracks: readonly Track[], i: number, next: Track | null): Track[] | undefined {
  const out = next ? tracks.map((t, j) => (j === i ? next : t)) : tracks.filter((_, j) => j !== i);
  return out.length > 0 ? out : undefined;
}

export function editTrack(
  tracks: readonly Track[],
  selected: string | null,
  frame: number,
  command: TrackCommand,
  label?: string,
): EditOutcome {
  const i = tracks.findIndex((t) => trackKey(t) === selected);
  if (i < 0) return { error: "Select a track first (click its box or its row on the timeline)." };
  const track = tracks[i];
  const keyframes = keyframesOf(track);
  switch (command) {
    case "keyframe": {
      const box = boxAt(keyframes, frame) ?? ghostBox(keyframes, frame);
      return { value: replaceTrack(tracks, i, setBox(track, frame, box!)) };
    }
    case "absent": {
      if (boxAt(keyframes, frame) === null)
        return { error: `Track #${track.track_id} is not on this frame.` };
      const next = absentFrom(track, frame);
      if (!next) return { error: "That would leave the track no box; delete the track instead." };
      return { value: replaceTrack(tracks, i, next) };
    }
    case "delete_keyframe":
      if (!isKeyframe(keyframes, frame))
        return { error: `Track #${track.track_id} has no keyframe on this frame.` };
      return { value: replaceTrack(tracks, i, deleteKeyframe(track, frame)) };
    case "delete_track":
      return { value: replaceTrack(tracks, i, null) };
    case "relabel":
      return { value: replaceTrack(tracks, i, relabelTrack(track, label!)) };
  }
}

/** Keys that move or resize the selected track's box on this frame (a keyframe there), the
 * image boxes' moves on other keys: the arrows step frames here. */
const BOX_KEYS: Record<string, { move?: [number, number]; grow?: [number, number] }> = {
  "ctrl+ArrowLeft": { move: [-1, 0] },
  "ctrl+ArrowRight": { move: [1, 0] },
  "ctrl+ArrowUp": { move: [0, -1] },
  "ctrl+ArrowDown": { move: [0, 1] },
  "alt+ArrowLeft": { grow: [-1, 0] },
  "alt+ArrowRight": { grow: [1, 0] },
  "alt+ArrowUp": { grow: [0, -1] },
  "alt+ArrowDown": { grow: [0, 1] },
};

/** The answer after a box key (Shift: ten pixels), or null when `key` is not one. On a frame the
 * track does not reach, the box offered to extend it moves, which extends it. */
export function boxKey(
  tracks: readonly Track[],
  selected: string | null,
  frame: number,
  key: string,
  size: Size,
): EditOutcome | null {
  const shifted = key.replace("+shift", "");
  const step = shifted === key ? 1 : 10;
  const action = BOX_KEYS[shifted];
  if (!action) return null;
  const i = tracks.findIndex((t) => trackKey(t) === selected);
  if (i < 0) return { error: "Select a track first (click its box or its row on the timeline)." };
  const keyframes = keyframesOf(tracks[i]);
  const box = boxAt(keyframes, frame) ?? ghostBox(keyframes, frame)!;
  const next = action.move
    ? nudge(box, action.move[0] * step, action.move[1] * step, size)
    : resizeBy(box, action.grow![0] * step, action.grow![1] * step, size);
  return { value: replaceTrack(tracks, i, setBox(tracks[i], frame, next)) };
}
