/**
 * Frame ↔ time arithmetic for frame-accurate video. Frame `n` is shown from `n / fps` to
 * `(n + 1) / fps`; seeking to the middle of that interval lands on it whatever rounding the
 * decoder applies to timestamps, so every seek here goes to `(n + 0.5) / fps`.
 */

/** Where to seek to show frame `n`: the middle of its display interval. */
export function frameTime(n: number, fps: number): number {
  return (n + 0.5) / fps;
}

/** The frame shown at media time `t` (a presentation timestamp or `currentTime`). A tiny
 * tolerance keeps an exact frame start (n / fps, stored in floating point) on frame n. */
export function frameAt(t: number, fps: number): number {
  return Math.max(0, Math.floor(t * fps + 1e-6));
}

/** The frame a stored time falls in, where times are kept to the millisecond (segment edges):
 * a frame boundary rounded down by up to half a millisecond still names the frame it starts. */
export function frameOfTime(t: number, fps: number): number {
  return Math.max(0, Math.floor(t * fps + 0.05));
}

/** The frame a presented frame's timestamp names (`requestVideoFrameCallback`'s `mediaTime` is
 * the frame's start, n / fps, give or take rounding in the container's time base). */
export function presentedFrame(mediaTime: number, fps: number): number {
  return Math.max(0, Math.round(mediaTime * fps));
}

/** How many frames a clip has: the file's count when known, else its duration × fps. */
export function frameCount(fps: number, duration: number | null, frames: number | null): number {
  if (frames !== null && frames > 0) return Math.floor(frames);
  if (duration === null || !(duration > 0)) return 1;
  return Math.max(1, Math.round(duration * fps));
}

export function clampFrame(n: number, count: number): number {
  return Math.min(Math.max(0, Math.round(n)), Math.max(0, count - 1));
}

/** `m:ss.ff` (minutes, seconds, frame within the second), for the timeline and the readout. */
export function formatFrame(n: number, fps: number): string {
  const perSecond = Math.max(1, Math.round(fps));
  const seconds = Math.floor(n / fps);
  const within = n - Math.round(seconds * fps);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}.${String(Math.max(0, within)).padStart(String(perSecond - 1).length, "0")}`;
}

/** Frames between timeline ticks at a zoom (pixels per second), so labels never crowd. */
export function tickStep(fps: number, pxPerSecond: number, minGapPx = 60): number {
  const steps = [1, 2, 5, 10].map((s) => s / fps).concat([0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600]);
  const seconds = steps.find((s) => s * pxPerSecond >= minGapPx) ?? 600;
  return Math.max(1, Math.round(seconds * fps));
}
