/**
 * Box arithmetic in image pixels (COCO's xywh from the top-left corner, like controls/boxes.py):
 * a drag to a box, keeping boxes inside the image (the server refuses one that leaves it),
 * keyboard moves and resizes, and IoU for the diff.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** A point kept on the image. */
export function clampPoint(p: Point, size: Size): Point {
  return { x: clamp(p.x, 0, size.width), y: clamp(p.y, 0, size.height) };
}

/** The box spanned by two corners of a drag, in any direction, cut to the image. */
export function rectFromDrag(a: Point, b: Point, size: Size): Rect {
  const p = clampPoint(a, size);
  const q = clampPoint(b, size);
  return {
    x: Math.min(p.x, q.x),
    y: Math.min(p.y, q.y),
    width: Math.abs(q.x - p.x),
    height: Math.abs(q.y - p.y),
  };
}

/** A box moved as a whole so it lies inside the image (its size kept where it fits). */
export function keepInside(r: Rect, size: Size): Rect {
  const width = Math.min(r.width, size.width);
  const height = Math.min(r.height, size.height);
  return {
    x: clamp(r.x, 0, size.width - width),
    y: clamp(r.y, 0, size.height - height),
    width,
    height,
  };
}

/** A box cut to the image (what is outside is dropped, as after a resize past an edge). */
export function cropToImage(r: Rect, size: Size): Rect {
  const x1 = clamp(Math.min(r.x, r.x + r.width), 0, size.width);
  const y1 = clamp(Math.min(r.y, r.y + r.height), 0, size.height);
  const x2 = clamp(Math.max(r.x, r.x + r.width), 0, size.width);
  const y2 = clamp(Math.max(r.y, r.y + r.height), 0, size.height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Pixel values the server stores: rounded to 1/100 px, no float noise like 12.000000001. */
export function tidy(r: Rect): Rect {
  const t = (v: number) => Math.round(v * 100) / 100;
  return { x: t(r.x), y: t(r.y), width: t(r.width), height: t(r.height) };
}

/** Arrow-key moves: `dx`, `dy` in pixels, kept inside the image. */
export function nudge(r: Rect, dx: number, dy: number, size: Size): Rect {
  return keepInside({ ...r, x: r.x + dx, y: r.y + dy }, size);
}

/** Alt+arrow resizes: the right and bottom edges move; never below `min` px, never off the image. */
export function resizeBy(r: Rect, dw: number, dh: number, size: Size, min = 1): Rect {
  return {
    ...r,
    width: clamp(r.width + dw, Math.min(min, size.width - r.x), size.width - r.x),
    height: clamp(r.height + dh, Math.min(min, size.height - r.y), size.height - r.y),
  };
}

/** Intersection over union of two boxes; 0 when the union has no area. */
export function boxIoU(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = w > 0 && h > 0 ? w * h : 0;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** A box centred in the visible part of the image, a third of its size (keyboard drawing). */
export function boxInView(view: Rect, size: Size): Rect {
  const visible = cropToImage(view, size);
  const base = visible.width > 0 && visible.height > 0 ? visible : { x: 0, y: 0, ...size };
  const width = base.width / 3;
  const height = base.height / 3;
  return tidy({ x: base.x + width, y: base.y + height, width, height });
}
