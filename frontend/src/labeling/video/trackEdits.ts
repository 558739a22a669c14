/**
 * The edits an annotator makes to a tracks answer from the keyboard or the side card, on the
 * selected track at the current frame. Pure: each returns the next answer or a message saying why
 * nothing changed, so the layer's keys and the card's buttons do exactly the same thing.
 */
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
