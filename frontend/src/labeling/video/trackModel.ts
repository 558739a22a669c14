/**
 * Video tracks as the annotator edits them: keyframes, with the boxes between two keyframes
 * linearly interpolated. The stored value (the server's `tracks` control) lists a box for every
 * frame between a track's first and last keyframe, so scoring sees where the track is on each
 * frame without knowing about interpolation; keyframes carry `keyframe: true` so they come back
 * as keyframes when the answer is reloaded. A keyframe with `box: null` makes the track absent
 * from that frame until its next keyframe (a gap in the stored frames).
 */
import { newRegionId } from "../regionIds";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TrackBox extends Box {
  frame: number;
  keyframe?: boolean;
}

export interface Track {
  id?: string;
  track_id: number | string;
  label: string;
  frames: TrackBox[];
}

export interface Keyframe {
  frame: number;
  /** null: the track is absent from this frame until its next keyframe. */
  box: Box | null;
}

const round = (v: number) => Math.round(v * 100) / 100;
const boxOf = (b: Box): Box => ({ x: b.x, y: b.y, width: b.width, height: b.height });

/** The box `t` of the way from `a` to `b` (0 ≤ t ≤ 1). */
export function lerpBox(a: Box, b: Box, t: number): Box {
  const mix = (p: number, q: number) => round(p + (q - p) * t);
  return {
    x: mix(a.x, b.x),
    y: mix(a.y, b.y),
    width: mix(a.width, b.width),
    height: mix(a.height, b.height),
  };
}

/** Keyframes sorted, one per frame (the later entry wins), with absences that mean nothing
 * dropped: one before any box, or one right after another absence. */
export function normaliseKeyframes(keyframes: readonly Keyframe[]): Keyframe[] {
  const byFrame = new Map<number, Keyframe>();
  for (const k of keyframes) byFrame.set(k.frame, k);
  const sorted = [...byFrame.values()].sort((a, b) => a.frame - b.frame);
  const out: Keyframe[] = [];
  for (const k of sorted) {
    if (k.box === null && (out.length === 0 || out[out.length - 1].box === null)) continue;
    out.push(k);
  }
  return out;
}

/** A stored track's keyframes. Boxes flagged `keyframe` are keyframes; a track with no flag
 * (imported, or from another tool) has every box as a keyframe. A gap in the frames becomes an
 * absence right after the box before it. */
export function keyframesOf(track: Track): Keyframe[] {
  const frames = [...track.frames].sort((a, b) => a.frame - b.frame);
  const flagged = frames.some((f) => f.keyframe);
  const out: Keyframe[] = [];
  frames.forEach((f, i) => {
    const prev = frames[i - 1];
    const next = frames[i + 1];
    // Where a track (re)appears is always a keyframe.
    const isKey = !flagged || f.keyframe === true || !prev || prev.frame < f.frame - 1;
    if (isKey) out.push({ frame: f.frame, box: boxOf(f) });
    // A run cut short of its last keyframe (its box held), or followed by another run, ends in an
    // absence.
    const runEnds = !next || next.frame > f.frame + 1;
    if (runEnds && (next || !isKey)) out.push({ frame: f.frame + 1, box: null });
  });
  return normaliseKeyframes(out);
}

/** The stored frames of a track with these keyframes: every frame from the first keyframe to the
 * last, boxes interpolated between two keyframes with a box and held before an absence. */
export function framesOf(keyframes: readonly Keyframe[]): TrackBox[] {
  const out: TrackBox[] = [];
  keyframes.forEach((k, i) => {
    if (k.box === null) return;
    out.push({ frame: k.frame, ...boxOf(k.box), keyframe: true });
    const next = keyframes[i + 1];
    if (!next) return;
    for (let f = k.frame + 1; f < next.frame; f++) {
      const box =
        next.box === null ? boxOf(k.box) : lerpBox(k.box, next.box, (f - k.frame) / (next.frame - k.frame));
      out.push({ frame: f, ...box });
    }
  });
  return out;
}

/** Index of the last keyframe at or before `frame`, or -1 (binary search: this runs per track
 * on every frame step, so it must not walk a long track). */
function keyframeIndexAt(keyframes: readonly Keyframe[], frame: number): number {
  let lo = 0;
  let hi = keyframes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keyframes[mid].frame <= frame) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The track's box on `frame`, or null where it is absent (before it starts, after it ends, or
 * in a gap). Interpolated between keyframes exactly as `framesOf` stores it. */
export function boxAt(keyframes: readonly Keyframe[], frame: number): Box | null {
  const i = keyframeIndexAt(keyframes, frame);
  if (i < 0) return null;
  const k = keyframes[i];
  if (k.box === null) return null;
  if (k.frame === frame) return boxOf(k.box);
  const next = keyframes[i + 1];
  if (!next) return null;
  if (next.box === null) return boxOf(k.box);
  return lerpBox(k.box, next.box, (frame - k.frame) / (next.frame - k.frame));
}

/** Whether `frame` holds one of the track's keyframes with a box. */
export function isKeyframe(keyframes: readonly Keyframe[], frame: number): boolean {
  const i = keyframeIndexAt(keyframes, frame);
  return i >= 0 && keyframes[i].frame === frame && keyframes[i].box !== null;
}

/** The box to offer where the track is absent (to extend it by moving the box): the box of its
 * nearest keyframe before `frame` (the box it held there), else its first box. */
export function ghostBox(keyframes: readonly Keyframe[], frame: number): Box | null {
  for (let i = keyframeIndexAt(keyframes, frame); i >= 0; i--) {
    const box = keyframes[i].box;
    if (box !== null) return boxOf(box);
  }
  const first = keyframes.find((k) => k.box !== null);
  return first?.box ? boxOf(first.box) : null;
}

function withKeyframes(track: Track, keyframes: readonly Keyframe[]): Track | null {
  const frames = framesOf(normaliseKeyframes(keyframes));
  return frames.length > 0 ? { ...track, frames } : null;
}

/** The track with `box` on `frame` as a keyframe: a move or resize there, or an extension of
 * the track to a frame it did not reach (interpolated from its nearest keyframe). */
export function setBox(track: Track, frame: number, box: Box): Track {
  const rounded = { x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) };
  const keyframes = keyframesOf(track).filter((k) => k.frame !== frame);
  return withKeyframes(track, [...keyframes, { frame, box: rounded }])!;
}

/** The track absent from `frame` until its next keyframe, or for good when it has none (its
 * end): the box it had on the frame before becomes a keyframe there. Null when that leaves no
 * box at all (it would delete the track). */
export function absentFrom(track: Track, frame: number): Track | null {
  const keyframes = keyframesOf(track);
  const kept = keyframes.filter((k) => k.frame !== frame);
  const before = boxAt(keyframes, frame - 1);
  if (before && !isKeyframe(keyframes, frame - 1)) kept.push({ frame: frame - 1, box: before });
  return withKeyframes(track, [...kept, { frame, box: null }]);
}

/** The track without its keyframe on `frame` (the boxes around it re-interpolated); null when it
 * was the track's only box. */
export function deleteKeyframe(track: Track, frame: number): Track | null {
  return withKeyframes(
    track,
    keyframesOf(track).filter((k) => k.frame !== frame),
  );
}

export function relabelTrack(track: Track, label: string): Track {
  return { ...track, label };
}

/** A new track living on one frame, with the next free numeric identity. */
export function newTrack(tracks: readonly Track[], frame: number, box: Box, label: string): Track {
  const used = tracks.map((t) => (typeof t.track_id === "number" ? t.track_id : Number(t.track_id)));
  const trackId = Math.max(0, ...used.filter((n) => Number.isInteger(n))) + 1;
  return setBox({ id: newRegionId(), track_id: trackId, label, frames: [] }, frame, box);
}

/** Runs of consecutive stored frames, [first, last] inclusive (a track's bars on the timeline). */
export function frameRuns(track: Track): [number, number][] {
  const frames = track.frames.map((f) => f.frame).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const f of frames) {
    const last = runs[runs.length - 1];
    if (last && f === last[1] + 1) last[1] = f;
    else runs.push([f, f]);
  }
  return runs;
}
