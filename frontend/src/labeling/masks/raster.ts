/**
 * One mask's pixels while it is painted: brush and eraser strokes, polygon fill, and its COCO
 * runs back out when a stroke ends.
 *
 * The bitmap covers only a window of the image (the mask's extent plus some slack, grown as
 * strokes reach further), so a small mask on a 6000×4000 image costs kilobytes, not 24 MB, and
 * the canvas that draws it is no larger. Inside the window the pixels are column-major, like
 * COCO's runs: every shape is painted as one vertical interval per column (a `fill` call), and
 * encoding walks each column with `indexOf`. A pixel belongs to a shape when its centre
 * (x + 0.5, y + 0.5) lies inside it.
 */
import { countsToString, rleCounts, type CocoRle } from "./rle";

/** A rectangle of whole pixels: columns [x, x + width), rows [y, y + height). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Point = readonly [number, number];

const EMPTY: Rect = { x: 0, y: 0, width: 0, height: 0 };

export function isEmptyRect(r: Rect): boolean {
  return r.width <= 0 || r.height <= 0;
}

export function unionRect(a: Rect, b: Rect): Rect {
  if (isEmptyRect(a)) return b;
  if (isEmptyRect(b)) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

export function intersectRect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const width = Math.min(a.x + a.width, b.x + b.width) - x;
  const height = Math.min(a.y + a.height, b.y + b.height) - y;
  return width > 0 && height > 0 ? { x, y, width, height } : EMPTY;
}

/** The rows [start, end) a shape covers in one column, possibly several intervals. */
type ColumnIntervals = (x: number) => readonly (readonly [number, number])[];

/** Rows whose centre lies in [top, bottom). */
function rowsBetween(top: number, bottom: number): [number, number] {
  return [Math.ceil(top - 0.5), Math.ceil(bottom - 0.5)];
}

function discShape(cx: number, cy: number, r: number): { bounds: Rect; column: ColumnIntervals } {
  const bounds = {
    x: Math.floor(cx - r),
    y: Math.floor(cy - r),
    width: Math.floor(cx + r) - Math.floor(cx - r) + 1,
    height: Math.floor(cy + r) - Math.floor(cy - r) + 1,
  };
  const column: ColumnIntervals = (x) => {
    const dx = x + 0.5 - cx;
    const out: [number, number][] = [];
    if (dx * dx <= r * r) {
      const half = Math.sqrt(r * r - dx * dx);
      out.push([Math.ceil(cy - half - 0.5), Math.floor(cy + half - 0.5) + 1]);
    }
    // The pixel under the pointer is always painted, however small the brush.
    if (x === Math.floor(cx)) out.push([Math.floor(cy), Math.floor(cy) + 1]);
    return out;
  };
  return { bounds, column };
}

/** Even-odd fill of a polygon (any vertex order, self-intersections allowed). */
function polygonShape(points: readonly Point[]): { bounds: Rect; column: ColumnIntervals } {
  if (points.length < 3) return { bounds: EMPTY, column: () => [] };
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.floor(Math.min(...xs));
  const y0 = Math.floor(Math.min(...ys));
  const bounds = {
    x: x0,
    y: y0,
    width: Math.ceil(Math.max(...xs)) - x0 + 1,
    height: Math.ceil(Math.max(...ys)) - y0 + 1,
  };
  const column: ColumnIntervals = (x) => {
    const c = x + 0.5;
    const hits: number[] = [];
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xa, ya] = points[j];
      const [xb, yb] = points[i];
      // Half-open on x, so a vertex on the scan line is counted once.
      if (xa <= c !== xb <= c) hits.push(ya + ((c - xa) * (yb - ya)) / (xb - xa));
    }
    hits.sort((a, b) => a - b);
    const out: [number, number][] = [];
    for (let k = 0; k + 1 < hits.length; k += 2) out.push(rowsBetween(hits[k], hits[k + 1]));
    return out;
  };
  return { bounds, column };
}

export class MaskRaster {
  /** The window's pixels, column-major: (x, y) is at `(x - win.x) * win.height + (y - win.y)`. */
  private data = new Uint8Array(0);
  private win: Rect = EMPTY;

  constructor(
    readonly height: number,
    readonly width: number,
  ) {}

  /** The mask of a COCO RLE; throws on a malformed one. */
  static fromRle(rle: CocoRle): MaskRaster {
    const [height, width] = rle.size;
    const raster = new MaskRaster(height, width);
    const counts = rleCounts(rle);
    const runs: [number, number][] = [];
    let bounds = EMPTY;
    let pos = 0;
    for (let i = 0; i < counts.length; i++) {
      const end = pos + counts[i];
      if (i % 2 === 1 && end > pos) {
        runs.push([pos, end]);
        const xa = Math.floor(pos / height);
        const xb = Math.floor((end - 1) / height);
        const ya = xa === xb ? pos % height : 0;
        const yb = xa === xb ? ((end - 1) % height) + 1 : height;
        bounds = unionRect(bounds, { x: xa, y: ya, width: xb - xa + 1, height: yb - ya });
      }
      pos = end;
    }
    raster.win = bounds;
    raster.data = new Uint8Array(bounds.width * bounds.height);
    for (const [start, end] of runs) {
      for (let p = start; p < end;) {
        const x = Math.floor(p / height);
        const y = p - x * height;
        const stop = Math.min(end, (x + 1) * height);
        raster.fillColumn(x, y, y + stop - p, 1);
        p = stop;
      }
    }
    return raster;
  }

  /** The part of the image the bitmap covers; nothing outside it is set. */
  get window(): Rect {
    return this.win;
  }

  get(x: number, y: number): number {
    const w = this.win;
    if (x < w.x || y < w.y || x >= w.x + w.width || y >= w.y + w.height) return 0;
    return this.data[(x - w.x) * w.height + (y - w.y)];
  }

  /** A round brush (or eraser, `value` 0) of radius `r` at (cx, cy). Returns the pixels that may
   * have changed. */
  paintDisc(cx: number, cy: number, r: number, value: 0 | 1): Rect {
    return this.paint(discShape(cx, cy, r), value);
  }

  /** One step of a stroke: everything within `r` of the segment a–b (a capsule), so a fast
   * pointer leaves no gaps between its events. */
  paintSegment(a: Point, b: Point, r: number, value: 0 | 1): Rect {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const length = Math.hypot(dx, dy);
    let dirty = this.paintDisc(b[0], b[1], r, value);
    if (length === 0) return dirty;
    dirty = unionRect(dirty, this.paintDisc(a[0], a[1], r, value));
    const nx = (-dy / length) * r;
    const ny = (dx / length) * r;
    const band: Point[] = [
      [a[0] + nx, a[1] + ny],
      [b[0] + nx, b[1] + ny],
      [b[0] - nx, b[1] - ny],
      [a[0] - nx, a[1] - ny],
    ];
    return unionRect(dirty, this.fillPolygon(band, value));
  }

  /** Fills (or, `value` 0, clears) the inside of a polygon given in image pixels. */
  fillPolygon(points: readonly Point[], value: 0 | 1): Rect {
    return this.paint(polygonShape(points), value);
  }

  /** Set pixels. */
  area(): number {
    let n = 0;
    for (let i = 0; i < this.data.length; i++) n += this.data[i];
    return n;
  }

  /** The run lengths of the whole image, column-major, zeros first (COCO). */
  counts(): number[] {
    const { height } = this;
    const w = this.win;
    const counts: number[] = [];
    let on = false;
    let run = 0;
    const push = (value: boolean, n: number) => {
      if (n === 0) return;
      if (value === on) run += n;
      else {
        counts.push(run);
        on = value;
        run = n;
      }
    };
    push(false, w.x * height);
    for (let c = 0; c < w.width; c++) {
      push(false, w.y);
      const col = this.data.subarray(c * w.height, (c + 1) * w.height);
      for (let p = 0; p < col.length;) {
        const set = col[p] === 1;
        let end = col.indexOf(set ? 0 : 1, p);
        if (end < 0) end = col.length;
        push(set, end - p);
        p = end;
      }
      push(false, height - w.y - w.height);
    }
    push(false, (this.width - w.x - w.width) * height);
    counts.push(run);
    return counts;
  }

  /** The mask as stored: COCO RLE with pycocotools' compact counts. */
  toRle(): CocoRle {
    return { size: [this.height, this.width], counts: countsToString(this.counts()) };
  }

  /** RGBA pixels of `rect` (row-major, for `ImageData`): `colour` where set (and, given a
   * `pattern`, where it holds: hatching), transparent elsewhere. */
  rgba(
    rect: Rect,
    colour: readonly [number, number, number, number],
    pattern?: (x: number, y: number) => boolean,
  ): Uint8ClampedArray<ArrayBuffer> {
    const out = new Uint8ClampedArray(rect.width * rect.height * 4);
    // One 32-bit write per pixel, in tiles: the bitmap is column-major and ImageData row-major,
    // so a tile keeps both sides of the copy in cache (a 24-megapixel mask in a fraction of the
    // time a straight column-by-column walk takes).
    const pixels = new Uint32Array(out.buffer);
    const packed = new Uint32Array(new Uint8ClampedArray(colour).buffer)[0];
    const inside = intersectRect(rect, this.win);
    const w = this.win;
    const TILE = 64;
    for (let tx = inside.x; tx < inside.x + inside.width; tx += TILE) {
      const xEnd = Math.min(tx + TILE, inside.x + inside.width);
      for (let ty = inside.y; ty < inside.y + inside.height; ty += TILE) {
        const yEnd = Math.min(ty + TILE, inside.y + inside.height);
        for (let x = tx; x < xEnd; x++) {
          const col = (x - w.x) * w.height - w.y;
          const base = x - rect.x - rect.y * rect.width;
          for (let y = ty; y < yEnd; y++) {
            if (this.data[col + y] !== 0 && (!pattern || pattern(x, y)))
              pixels[base + y * rect.width] = packed;
          }
        }
      }
    }
    return out;
  }

  private paint({ bounds, column }: { bounds: Rect; column: ColumnIntervals }, value: 0 | 1): Rect {
    const image = { x: 0, y: 0, width: this.width, height: this.height };
    let target = intersectRect(bounds, image);
    if (value === 1) this.grow(target);
    else target = intersectRect(target, this.win); // nothing to erase outside the window
    if (isEmptyRect(target)) return EMPTY;
    for (let x = target.x; x < target.x + target.width; x++) {
      for (const [top, bottom] of column(x)) this.fillColumn(x, top, bottom, value);
    }
    return target;
  }

  /** Sets rows [top, bottom) of column x, clipped to the window. */
  private fillColumn(x: number, top: number, bottom: number, value: 0 | 1): void {
    const w = this.win;
    const start = Math.max(top, w.y);
    const end = Math.min(bottom, w.y + w.height);
    if (end <= start || x < w.x || x >= w.x + w.width) return;
    const col = (x - w.x) * w.height - w.y;
    this.data.fill(value, col + start, col + end);
  }

  /** Makes the window cover `rect`, with slack around it (clamped to the image): 64 pixels, or
   * half the window's size once it is larger, so a stroke creeping outward reallocates a
   * logarithmic number of times, not every few pointer moves. */
  private grow(rect: Rect): void {
    if (isEmptyRect(rect)) return;
    const w = this.win;
    const inside = intersectRect(rect, w);
    if (inside.width === rect.width && inside.height === rect.height) return;
    const sx = Math.max(64, w.width >> 1);
    const sy = Math.max(64, w.height >> 1);
    const padded = {
      x: rect.x - sx,
      y: rect.y - sy,
      width: rect.width + 2 * sx,
      height: rect.height + 2 * sy,
    };
    const next = intersectRect(unionRect(w, padded), { x: 0, y: 0, width: this.width, height: this.height });
    const data = new Uint8Array(next.width * next.height);
    for (let c = 0; c < w.width; c++) {
      const from = this.data.subarray(c * w.height, (c + 1) * w.height);
      data.set(from, (w.x + c - next.x) * next.height + (w.y - next.y));
    }
    this.data = data;
    this.win = next;
  }
}
