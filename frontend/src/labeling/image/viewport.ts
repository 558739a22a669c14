/**
 * The image surface's view: how image pixels land on screen (`screen = image × scale + (x, y)`),
 * fitting, zooming about a point that stays put, panning, and the keys that do it. Pure, so the
 * surface applies a view to the Konva stage imperatively (no React render per wheel tick).
 */
import type { Point, Rect, Size } from "./boxGeometry";

export interface View {
  scale: number;
  x: number;
  y: number;
}

/** The whole image, centred, as large as the container allows. */
export function fitView(container: Size, image: Size): View {
  if (image.width <= 0 || image.height <= 0 || container.width <= 0 || container.height <= 0) {
    return { scale: 1, x: 0, y: 0 };
  }
  const scale = Math.min(container.width / image.width, container.height / image.height);
  return {
    scale,
    x: (container.width - image.width * scale) / 2,
    y: (container.height - image.height * scale) / 2,
  };
}

/** How far one may zoom: out to a quarter of the fitted size, in to 32 screen px per pixel. */
export function scaleLimits(fitted: number): { min: number; max: number } {
  return { min: fitted / 4, max: Math.max(fitted * 4, 32) };
}

/** Zoom by `factor`, keeping the image point under `anchor` (screen px) where it is. */
export function zoomAt(
  view: View,
  factor: number,
  anchor: Point,
  limits: { min: number; max: number },
): View {
  const scale = Math.min(Math.max(view.scale * factor, limits.min), limits.max);
  const k = scale / view.scale;
  return { scale, x: anchor.x - (anchor.x - view.x) * k, y: anchor.y - (anchor.y - view.y) * k };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

export function toImage(view: View, screen: Point): Point {
  return { x: (screen.x - view.x) / view.scale, y: (screen.y - view.y) / view.scale };
}

/** The part of image space the container shows now. */
export function visibleRect(view: View, container: Size): Rect {
  const a = toImage(view, { x: 0, y: 0 });
  return { x: a.x, y: a.y, width: container.width / view.scale, height: container.height / view.scale };
}

/** One wheel event's zoom factor: smooth for trackpads (small deltas), bounded for mice. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-Math.max(-200, Math.min(200, px)) * 0.002);
}

export type ViewCommand =
  { kind: "zoom"; factor: number } | { kind: "fit" } | { kind: "pan"; dx: number; dy: number };

export const ZOOM_STEP = 1.25;

/**
 * Keys of the view (any image layer passes on what it does not use itself): + and − zoom about
 * the centre, F fits the image, the arrows pan by a tenth of the view (Shift: half).
 */
export function viewCommand(key: string): ViewCommand | null {
  switch (key) {
    case "+":
    case "=":
      return { kind: "zoom", factor: ZOOM_STEP };
    case "-":
    case "_":
      return { kind: "zoom", factor: 1 / ZOOM_STEP };
    case "f":
      return { kind: "fit" };
  }
  const m = /^(shift\+)?Arrow(Left|Right|Up|Down)$/.exec(key);
  if (!m) return null;
  const step = m[1] ? 0.5 : 0.1;
  // The image moves opposite to the arrow: → shows what lies to the right.
  const dir = { Left: [1, 0], Right: [-1, 0], Up: [0, 1], Down: [0, -1] }[m[2]]!;
  return { kind: "pan", dx: dir[0] * step, dy: dir[1] * step };
}

export const VIEW_HELP = [
  { key: "+ / −", does: "Zoom in / out (or the mouse wheel, at the cursor)" },
  { key: "F", does: "Fit the image" },
  {
    key: "←↑→↓",
    does: "Pan (nothing selected; Shift: further), or drag with Space held or the middle button",
  },
] as const;
