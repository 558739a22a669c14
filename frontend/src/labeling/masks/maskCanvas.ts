/**
 * The masks of one layer as Konva images: one canvas per mask, the size of the mask's raster
 * window (not the image), drawn from its raster in the label's colour. Kept in step with the
 * answer imperatively (`sync`), so a stroke redraws only the rectangle under the brush
 * (`paint`) and an answer that comes back from `onChange` unchanged costs nothing. Thousands of
 * pixels, one node: Konva never sees a shape per pixel or per run.
 */
import Konva from "konva";
import type { Rgba } from "./colours";
import { MaskRaster, intersectRect, isEmptyRect, type Rect } from "./raster";

interface Entry {
  node: Konva.Image;
  canvas: HTMLCanvasElement;
  /** The raster and colour the canvas shows; null once the canvas may be out of date. */
  drawn: { raster: MaskRaster; colour: Rgba; window: Rect } | null;
}

export interface ShownMask {
  id: string;
  raster: MaskRaster;
  colour: Rgba;
  opacity: number;
  /** Hatching or dots (the diff's areas); plain fill without. */
  pattern?: (x: number, y: number) => boolean;
}

const sameColour = (a: Rgba, b: Rgba) => a.every((v, i) => v === b[i]);

export class MaskNodes {
  private entries = new Map<string, Entry>();

  constructor(private readonly group: Konva.Group) {}

  /** Shows exactly these masks, in this order, redrawing only those whose pixels or colour changed. */
  sync(shown: readonly ShownMask[]): void {
    const keep = new Set(shown.map((m) => m.id));
    for (const [id, entry] of this.entries) {
      if (keep.has(id)) continue;
      entry.node.destroy();
      this.entries.delete(id);
    }
    shown.forEach((m, z) => {
      const entry = this.entry(m.id);
      const d = entry.drawn;
      if (!d || d.raster !== m.raster || !sameColour(d.colour, m.colour)) this.drawAll(entry, m);
      entry.node.opacity(m.opacity);
      entry.node.zIndex(z);
    });
    this.group.getLayer()?.batchDraw();
  }

  /** Mid-stroke: the pixels of `rect` changed in `raster` (its window may have grown). */
  paint(m: ShownMask, rect: Rect): void {
    const entry = this.entry(m.id);
    entry.node.opacity(m.opacity);
    const d = entry.drawn;
    const win = m.raster.window;
    if (!d || d.raster !== m.raster || !sameColour(d.colour, m.colour)) {
      this.drawAll(entry, m);
    } else {
      if (d.window !== win) this.moveWindow(entry, d.window, win);
      d.window = win;
      const r = intersectRect(rect, win);
      if (!isEmptyRect(r)) this.putPixels(entry, m, r);
    }
    this.group.getLayer()?.batchDraw();
  }

  /** Forget what a mask's canvas shows: its raster was changed outside `paint` (a polygon fill). */
  invalidate(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.drawn = null;
  }

  private entry(id: string): Entry {
    let entry = this.entries.get(id);
    if (!entry) {
      const canvas = document.createElement("canvas");
      const node = new Konva.Image({ image: canvas, listening: false, perfectDrawEnabled: false });
      this.group.add(node);
      entry = { node, canvas, drawn: null };
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** The raster's window grew: a larger canvas, the old pixels copied over by the GPU (a
   * stroke's `rect` is drawn next), instead of redrawing the whole mask from its bitmap. */
  private moveWindow(entry: Entry, from: Rect, to: Rect): void {
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, to.width);
    canvas.height = Math.max(1, to.height);
    canvas.getContext("2d")?.drawImage(entry.canvas, from.x - to.x, from.y - to.y);
    entry.canvas = canvas;
    entry.node.setAttrs({
      image: canvas,
      x: to.x,
      y: to.y,
      width: to.width,
      height: to.height,
      visible: true,
    });
  }

  private drawAll(entry: Entry, m: ShownMask): void {
    const win = m.raster.window;
    entry.canvas.width = Math.max(1, win.width);
    entry.canvas.height = Math.max(1, win.height);
    entry.node.setAttrs({
      image: entry.canvas,
      x: win.x,
      y: win.y,
      width: win.width,
      height: win.height,
      visible: !isEmptyRect(win),
    });
    entry.drawn = { raster: m.raster, colour: m.colour, window: win };
    if (!isEmptyRect(win)) this.putPixels(entry, m, win);
  }

  private putPixels(entry: Entry, m: ShownMask, r: Rect): void {
    const ctx = entry.canvas.getContext("2d");
    if (!ctx) return;
    const win = m.raster.window;
    const pixels = new ImageData(m.raster.rgba(r, m.colour, m.pattern), r.width, r.height);
    ctx.putImageData(pixels, r.x - win.x, r.y - win.y);
  }
}
