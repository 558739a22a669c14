/**
 * Waveform peaks the server computed when the media arrived (`GET` the media info's
 * `peaks_url` → `{duration, peaks_per_second, peaks}`), checked before wavesurfer draws them, so
 * a long file is drawn without the browser decoding it.
 */

export interface Peaks {
  duration: number;
  /** One array per channel, values in [-1, 1]. */
  channels: number[][];
}

/** Files without server peaks are decoded in the browser only up to this length (seconds); the
 * spectrogram, which needs the samples, has the same limit. */
export const DECODE_MAX_S = 10 * 60;

const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x));

/** The body of a peaks response, or null when it is not one (then the UI falls back). */
export function parsePeaks(body: unknown): Peaks | null {
  if (typeof body !== "object" || body === null) return null;
  const { duration, peaks } = body as { duration?: unknown; peaks?: unknown };
  if (typeof duration !== "number" || !(duration > 0) || !Number.isFinite(duration)) return null;
  if (isNumbers(peaks)) return { duration, channels: [peaks] };
  if (Array.isArray(peaks) && peaks.length > 0 && peaks.every(isNumbers))
    return { duration, channels: peaks };
  return null;
}

export async function fetchPeaks(url: string, signal: AbortSignal): Promise<Peaks | null> {
  try {
    const r = await fetch(url, { credentials: "same-origin", signal });
    return r.ok ? parsePeaks(await r.json()) : null;
  } catch {
    return null;
  }
}
