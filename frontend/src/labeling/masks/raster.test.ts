import { describe, expect, it } from "vitest";
import { MaskRaster, type Point } from "./raster";
import { decodeMask, encodeMask } from "./rle";

/** Seeded generator (mulberry32): a failing case replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same shapes painted the slow, obvious way: every pixel's centre tested against the shape,
 * on a full row-major bitmap. */
class NaiveMask {
  readonly pixels: Uint8Array;
  constructor(
    readonly height: number,
    readonly width: number,
  ) {
    this.pixels = new Uint8Array(height * width);
  }
  paint(inside: (px: number, py: number) => boolean, value: number) {
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++)
        if (inside(x + 0.5, y + 0.5)) this.pixels[y * this.width + x] = value;
  }
  underPointer(cx: number, cy: number) {
    return (px: number, py: number) => Math.floor(px) === Math.floor(cx) && Math.floor(py) === Math.floor(cy);
  }
  disc(cx: number, cy: number, r: number, value: number) {
    const under = this.underPointer(cx, cy);
    this.paint((px, py) => (px - cx) ** 2 + (py - cy) ** 2 <= r * r || under(px, py), value);
  }
  segment(a: Point, b: Point, r: number, value: number) {
    const [ax, ay] = a;
    const [dx, dy] = [b[0] - ax, b[1] - ay];
    const len2 = dx * dx + dy * dy;
    const ua = this.underPointer(a[0], a[1]);
    const ub = this.underPointer(b[0], b[1]);
    this.paint((px, py) => {
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
      return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2 <= r * r || ua(px, py) || ub(px, py);
    }, value);
  }
  polygon(points: readonly Point[], value: number) {
    this.paint((px, py) => {
      let inside = false;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xa, ya] = points[j];
        const [xb, yb] = points[i];
        if (xa <= px !== xb <= px && py < ya + ((px - xa) * (yb - ya)) / (xb - xa)) inside = !inside;
      }
      return inside;
    }, value);
  }
}

const coord = (rand: () => number, max: number) => rand() * (max + 20) - 10; // may leave the image

describe("MaskRaster paints like the pixel-centre rule", () => {
  it("random brush, eraser and polygon operations match a naive full bitmap", () => {
    const rand = random(42);
    for (let trial = 0; trial < 60; trial++) {
      const height = 5 + Math.floor(rand() * 45);
      const width = 5 + Math.floor(rand() * 45);
      const raster = new MaskRaster(height, width);
      const naive = new NaiveMask(height, width);
      for (let op = 0; op < 8; op++) {
        const value = rand() < 0.7 ? 1 : 0;
        const kind = rand();
        const r = rand() * 8;
        const a: Point = [coord(rand, width), coord(rand, height)];
        const b: Point = [coord(rand, width), coord(rand, height)];
        if (kind < 0.3) {
          raster.paintDisc(a[0], a[1], r, value);
          naive.disc(a[0], a[1], r, value);
        } else if (kind < 0.7) {
          raster.paintSegment(a, b, r, value);
          naive.segment(a, b, r, value);
        } else {
          const n = 3 + Math.floor(rand() * 5);
          const pts = Array.from({ length: n }, (): Point => [coord(rand, width), coord(rand, height)]);
          raster.fillPolygon(pts, value);
          naive.polygon(pts, value);
        }
      }
      expect(decodeMask(raster.toRle())).toEqual(naive.pixels);
      expect(raster.area()).toBe(naive.pixels.reduce((s, v) => s + v, 0));
    }
  });

  it("the dirty rectangle covers every pixel a stroke changed", () => {
    const rand = random(5);
    for (let trial = 0; trial < 40; trial++) {
      const raster = new MaskRaster(40, 40);
      raster.paintDisc(20, 20, 10, 1);
      const before = decodeMask(raster.toRle());
      const value = rand() < 0.5 ? 1 : 0;
      const dirty = raster.paintSegment(
        [rand() * 40, rand() * 40],
        [rand() * 40, rand() * 40],
        rand() * 6,
        value,
      );
      const after = decodeMask(raster.toRle());
      for (let i = 0; i < after.length; i++) {
        if (after[i] === before[i]) continue;
        const x = i % 40;
        const y = Math.floor(i / 40);
        expect(x >= dirty.x && x < dirty.x + dirty.width && y >= dirty.y && y < dirty.y + dirty.height).toBe(
          true,
        );
      }
    }
  });

  it("a one-pixel brush paints the pixel under the pointer", () => {
    const raster = new MaskRaster(4, 4);
    raster.paintDisc(2.05, 1.95, 0.1, 1);
    expect(raster.get(2, 1)).toBe(1);
    expect(raster.area()).toBe(1);
  });

  it("a polygon fill covers exactly the pixels whose centres are inside", () => {
    const raster = new MaskRaster(10, 10);
    raster.fillPolygon(
      [
        [2, 3],
        [7, 3],
        [7, 6],
        [2, 6],
      ],
      1,
    );
    expect(raster.area()).toBe(15); // columns 2..6, rows 3..5
    expect(raster.get(2, 3)).toBe(1);
    expect(raster.get(6, 5)).toBe(1);
    expect(raster.get(7, 3)).toBe(0);
    expect(raster.get(2, 6)).toBe(0);
  });
});

describe("MaskRaster and COCO RLE", () => {
  it("fromRle(toRle()) keeps every pixel, and the window is the mask's extent", () => {
    const rand = random(9);
    for (let trial = 0; trial < 100; trial++) {
      const height = 1 + Math.floor(rand() * 30);
      const width = 1 + Math.floor(rand() * 30);
      const pixels = Uint8Array.from({ length: height * width }, () => (rand() < 0.1 ? 1 : 0));
      const raster = MaskRaster.fromRle(encodeMask(pixels, height, width));
      expect(decodeMask(raster.toRle())).toEqual(pixels);
      let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
      pixels.forEach((v, i) => {
        if (!v) return;
        const [x, y] = [i % width, Math.floor(i / width)];
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      });
      if (x1 >= 0) expect(raster.window).toEqual({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
      else expect(raster.window.width * raster.window.height).toBe(0);
    }
  });

  it("an empty mask encodes as one run of zeros", () => {
    expect(new MaskRaster(3, 4).toRle()).toEqual({ size: [3, 4], counts: "<" });
    expect(new MaskRaster(3, 4).counts()).toEqual([12]);
  });

  it("a small stroke on a 6000×4000 image keeps a small bitmap", () => {
    const raster = new MaskRaster(4000, 6000);
    raster.paintSegment([3000, 2000], [3100, 2050], 15, 1);
    const { width, height } = raster.window;
    expect(width * height).toBeLessThan(0.01 * 6000 * 4000);
    const counts = raster.counts();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(24_000_000);
    expect(MaskRaster.fromRle(raster.toRle()).area()).toBe(raster.area());
  });

  it("a long stroke in small steps reallocates its bitmap a few times, not at every step", () => {
    const raster = new MaskRaster(4000, 6000);
    const windows = new Set();
    for (let i = 0; i < 1000; i++) {
      raster.paintSegment([100 + i * 5, 2000 + (i % 7)], [105 + i * 5, 2000 + ((i + 1) % 7)], 10, 1);
      windows.add(raster.window);
    }
    expect(raster.window.width).toBeGreaterThanOrEqual(5000);
    expect(windows.size).toBeLessThan(15);
  });

  it("erasing outside the painted window changes nothing and allocates nothing", () => {
    const raster = new MaskRaster(100, 100);
    raster.paintDisc(10, 10, 3, 1);
    const before = raster.window;
    raster.paintDisc(80, 80, 10, 0);
    expect(raster.window).toEqual(before);
  });

  it("RGBA of a rectangle: the colour where set, transparent elsewhere", () => {
    const raster = new MaskRaster(3, 3);
    raster.paintDisc(1.5, 1.5, 0.2, 1); // the centre pixel
    const px = raster.rgba({ x: 0, y: 0, width: 3, height: 3 }, [10, 20, 30, 255]);
    expect(Array.from(px.slice(16, 20))).toEqual([10, 20, 30, 255]);
    expect(Array.from(px.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(px.reduce((s, v) => s + v, 0)).toBe(10 + 20 + 30 + 255);
  });

  it("RGBA with a pattern: the colour only where the mask is set and the pattern holds", () => {
    const raster = new MaskRaster(4, 4);
    raster.fillPolygon(
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
      ],
      1,
    );
    const px = raster.rgba({ x: 0, y: 0, width: 4, height: 4 }, [1, 2, 3, 255], (x, y) => (x + y) % 2 === 0);
    const opaque = [];
    for (let i = 0; i < 16; i++) if (px[i * 4 + 3] === 255) opaque.push([i % 4, Math.floor(i / 4)]);
    expect(opaque).toHaveLength(8);
    expect(opaque.every(([x, y]) => (x + y) % 2 === 0)).toBe(true);
  });
});
