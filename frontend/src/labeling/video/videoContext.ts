/**
 * What the video surface gives its layers: the clip's geometry (frame rate, frame count, pixel
 * size, display scale), the player's controls, where the timeline takes rows, and the presented
 * frame. The frame lives in a small store read with `useSyncExternalStore`, so a frame step
 * re-renders only what draws the current frame (boxes, the playhead, the current-frame list),
 * never the surface, the timeline's rows or the layers' other parts.
 */
import { createContext, useContext, useSyncExternalStore } from "react";

export interface FrameStore {
  get: () => number;
  set: (frame: number) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createFrameStore(initial = 0): FrameStore {
  let frame = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => frame,
    set: (next) => {
      if (next === frame) return;
      frame = next;
      for (const l of listeners) l();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The presented frame of each video field, for side cards (outside the surface's tree). */
const fieldStores = new Map<string, FrameStore>();

export function frameStoreFor(field: string): FrameStore {
  let store = fieldStores.get(field);
  if (!store) {
    store = createFrameStore();
    fieldStores.set(field, store);
  }
  return store;
}

export function useFrame(store: FrameStore): number {
  return useSyncExternalStore(store.subscribe, store.get);
}

/** The presented frame of a video field, from anywhere (a side card). */
export function useFieldFrame(field: string): number {
  return useFrame(frameStoreFor(field));
}

export interface VideoPlayer {
  /** Show frame `n` (clamped to the clip). */
  seekFrame: (n: number) => void;
  /** Move by `delta` frames from the frame last asked for (so held keys add up). */
  step: (delta: number) => void;
  /** The surface's own keys (stepping, playing, speed, zoom); true when it used the key. */
  handleKey: (key: string) => boolean;
  togglePlay: () => void;
  /** Play from `start` to `end` seconds and stop there. */
  playRange: (start: number, end: number) => void;
  changeSpeed: (direction: 1 | -1) => void;
  changeZoom: (direction: 1 | -1) => void;
}

export interface VideoGeometry {
  field: string;
  fps: number;
  /** Frame count. */
  frames: number;
  /** The clip's pixel size (null until known). */
  width: number | null;
  height: number | null;
  /** Display pixels per video pixel. */
  scale: number;
  player: VideoPlayer;
  /** Where layers put their timeline rows (through a portal); null until mounted. */
  timeline: HTMLElement | null;
  frame: FrameStore;
  readOnly: boolean;
}

export const VideoContext = createContext<VideoGeometry | null>(null);

export function useVideo(): VideoGeometry {
  const v = useContext(VideoContext);
  if (!v) throw new Error("a video layer must be drawn inside the video surface");
  return v;
}

/** Percent of the timeline's width where frame `n` starts. */
export function timelinePercent(n: number, frames: number): string {
  return `${(100 * n) / Math.max(1, frames)}%`;
}
