/**
 * What the image surface gives the layers drawn on it (boxes, polygons, keypoints, masks): the
 * image's size in pixels, the current zoom (for handles and lines that keep their size on
 * screen), pointer input in image coordinates for the ACTIVE layer, and the view keys. Layers
 * are Konva nodes inside the surface's stage; react-konva carries this context into it.
 */
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from "react";
import type { Point, Rect, Size } from "./boxGeometry";
import type { View } from "./viewport";

export interface PointerModifiers {
  shift: boolean;
  alt: boolean;
  ctrl: boolean;
}

/** Pointer input on the image's background (not on a shape), in image pixels, unclamped. */
export interface PointerHandler {
  /** A primary-button press on the background, or anywhere with Shift held (to draw over
   * shapes); other presses on shapes are the shapes' own. */
  down: (p: Point, mods: PointerModifiers) => void;
  /** While pressed (anywhere on the page, so a drag may leave the canvas). */
  move: (p: Point, mods: PointerModifiers) => void;
  up: (p: Point, mods: PointerModifiers) => void;
  /** Pointer over the image with no button pressed (a polygon's rubber band); null on leave. */
  hover?: (p: Point | null) => void;
}

/** A tiny store for the view, so only what depends on the zoom re-renders on a wheel tick. */
export interface ViewStore {
  get: () => View;
  subscribe: (listener: () => void) => () => void;
}

export interface ImageSurfaceApi {
  field: string;
  /** The image's size in pixels (server-measured, declared, or the loaded image's natural size);
   * null until known. */
  size: Size | null;
  image: HTMLImageElement | null;
  readOnly: boolean;
  view: ViewStore;
  /** The active layer takes the pointer; `null` gives it back. */
  setPointerHandler: (owner: string, handler: PointerHandler | null) => void;
  /** Zoom and pan keys (a layer's key handler passes on the keys it does not use). */
  viewKey: (key: string) => boolean;
  /** The part of the image on screen now, in image pixels. */
  visibleRect: () => Rect;
  /** Whether the surface owns the pointer (Space held, a pan, or the active layer drawing: a
   * Shift+press draws over shapes): shapes must not start dragging. */
  ownsPointer: () => boolean;
}

export const ImageSurfaceContext = createContext<ImageSurfaceApi | null>(null);

export function useImageSurface(): ImageSurfaceApi {
  const api = useContext(ImageSurfaceContext);
  if (!api) throw new Error("an image layer must be drawn inside the image surface");
  return api;
}

/** The current zoom (screen px per image px); re-renders the caller when it changes. */
export function useViewScale(): number {
  const { view } = useImageSurface();
  return useSyncExternalStore(view.subscribe, () => view.get().scale);
}

/**
 * Give the surface's pointer input to this layer while `enabled` (it is the active, editable
 * layer). The handler may change every render; the surface always calls the latest one.
 */
export function usePointerInput(owner: string, enabled: boolean, handler: PointerHandler): void {
  const surface = useImageSurface();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    surface.setPointerHandler(owner, {
      down: (p, m) => latest.current.down(p, m),
      move: (p, m) => latest.current.move(p, m),
      up: (p, m) => latest.current.up(p, m),
      hover: (p) => latest.current.hover?.(p),
    });
    return () => surface.setPointerHandler(owner, null);
  }, [surface, owner, enabled]);
}
