/** What the audio surface gives the layers drawn on it: the player and the media's duration. */
import { createContext, useContext } from "react";
import type WaveSurfer from "wavesurfer.js";

export interface AudioSurfaceApi {
  /** The waveform and player; null until the media is loaded. */
  ws: WaveSurfer | null;
  /** Seconds, once known. */
  duration: number | null;
  /** True once the waveform is drawn and takes input. */
  ready: boolean;
  readOnly: boolean;
  playPause: () => void;
  /** Move the playhead by `delta` seconds (kept inside the media). */
  seek: (delta: number) => void;
  seekTo: (time: number) => void;
  /** Play from `start` and stop at `end`. */
  playRange: (start: number, end: number) => void;
  speed: (direction: 1 | -1) => void;
  zoom: (direction: 1 | -1) => void;
  time: () => number;
}

export const AudioSurfaceContext = createContext<AudioSurfaceApi | null>(null);

export function useAudioSurface(): AudioSurfaceApi | null {
  return useContext(AudioSurfaceContext);
}
