import { describe, expect, it } from "vitest";
import {
  MaskRasters,
  Stroke,
  fillPolygon,
  relabelSelected,
  type StoredMask,
  type Untouchable,
} from "./painting";
import { MaskRaster } from "./raster";
import { rleArea } from "./rle";

const SIZE: [number, number] = [50, 80];
const FREE: Untouchable = { hidden: new Set(), locked: new Set() };

function stroke(
  masks: StoredMask[],
  rasters: MaskRasters,
  tool: "brush" | "eraser",
  points: [number, number][],
  { label = "cat", selected = null as string | null, size = 10, untouchable = FREE } = {},
) {
  const s = Stroke.begin(
    masks,
    rasters,
    { tool, label, selected, untouchable, size, imageSize: SIZE },
    points[0],
  );
  if (!s) return null;
  for (const p of points) s.to(p);
  return s.end(masks, rasters);
}

const areaOf = (value: StoredMask[], id: string) => rleArea(value.find((m) => m.id === id)!.rle);
const pixel = (value: StoredMask[], id: string, x: number, y: number) =>
  MaskRaster.fromRle(value.find((m) => m.id === id)!.rle).get(x, y);

describe("brush strokes", () => {
  it("start a new mask with the current label and select it", () => {
    const rasters = new MaskRasters();
    const out = stroke([], rasters, "brush", [
      [10, 10],
      [30, 10],
    ])!;
    expect(out.value).toHaveLength(1);
    const [mask] = out.value;
    expect(mask.label).toBe("cat");
    expect(mask.id).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(out.select).toBe(mask.id);
    expect(mask.rle.size).toEqual(SIZE);
    expect(typeof mask.rle.counts).toBe("string");
    // A 10-pixel brush dragged 20 pixels: a capsule of about 20×10 + π·5² pixels.
    expect(rleArea(mask.rle)).toBeGreaterThan(200 + 60);
    expect(rleArea(mask.rle)).toBeLessThan(200 + 100);
    expect(pixel(out.value, mask.id, 20, 10)).toBe(1);
    expect(pixel(out.value, mask.id, 20, 17)).toBe(0);
  });

  it("paint into the selected mask of the current label", () => {
    const rasters = new MaskRasters();
    const first = stroke([], rasters, "brush", [[10, 10]])!;
    const id = first.select!;
    const second = stroke(first.value, rasters, "brush", [[40, 30]], { selected: id })!;
    expect(second.value.map((m) => m.id)).toEqual([id]);
    expect(pixel(second.value, id, 10, 10)).toBe(1);
    expect(pixel(second.value, id, 40, 30)).toBe(1);
  });

  it("start a new mask when the selected one has another label, is locked or hidden", () => {
    const rasters = new MaskRasters();
    const first = stroke([], rasters, "brush", [[10, 10]])!;
    const id = first.select!;
    const other = stroke(first.value, rasters, "brush", [[40, 30]], { selected: id, label: "dog" })!;
    expect(other.value.map((m) => m.label)).toEqual(["cat", "dog"]);
    expect(areaOf(other.value, id)).toBe(areaOf(first.value, id));
    for (const untouchable of [
      { hidden: new Set([id]), locked: new Set<string>() },
      { hidden: new Set<string>(), locked: new Set([id]) },
    ]) {
      const out = stroke(first.value, rasters, "brush", [[40, 30]], { selected: id, untouchable })!;
      expect(out.value).toHaveLength(2);
      expect(areaOf(out.value, id)).toBe(areaOf(first.value, id));
    }
  });
});

describe("eraser strokes", () => {
  it("erase from the selected mask and leave the others", () => {
    const rasters = new MaskRasters();
    const a = stroke([], rasters, "brush", [
      [10, 10],
      [60, 10],
    ])!;
    const b = stroke(a.value, rasters, "brush", [
      [10, 12],
      [60, 12],
    ])!;
    const [idA, idB] = b.value.map((m) => m.id);
    const erased = stroke(b.value, rasters, "eraser", [[35, 10]], { selected: idA, size: 8 })!;
    expect(pixel(erased.value, idA, 35, 10)).toBe(0);
    expect(pixel(erased.value, idA, 15, 10)).toBe(1);
    expect(pixel(erased.value, idB, 35, 10)).toBe(1);
    expect(erased.select).toBeNull();
  });

  it("with nothing selected, erase from every mask of the current label only", () => {
    const rasters = new MaskRasters();
    const a = stroke([], rasters, "brush", [[20, 20]])!;
    const b = stroke(a.value, rasters, "brush", [[22, 20]])!;
    const c = stroke(b.value, rasters, "brush", [[21, 20]], { label: "dog" })!;
    const out = stroke(c.value, rasters, "eraser", [[21, 20]], { size: 4 })!;
    const [idA, idB, idC] = c.value.map((m) => m.id);
    expect(pixel(out.value, idA, 21, 20)).toBe(0);
    expect(pixel(out.value, idB, 21, 20)).toBe(0);
    expect(pixel(out.value, idC, 21, 20)).toBe(1);
  });

  it("erasing a mask to nothing removes it; the old answer (an undo) decodes whole again", () => {
    const rasters = new MaskRasters();
    const painted = stroke([], rasters, "brush", [[20, 20]], { size: 6 })!;
    const id = painted.select!;
    const erased = stroke(painted.value, rasters, "eraser", [[20, 20]], { selected: id, size: 20 })!;
    expect(erased.value).toEqual([]);
    expect(rasters.get(painted.value[0])!.area()).toBe(areaOf(painted.value, id));
  });

  it("an eraser that touches nothing changes nothing (no undo step)", () => {
    const rasters = new MaskRasters();
    const painted = stroke([], rasters, "brush", [[20, 20]], { size: 6 })!;
    expect(stroke(painted.value, rasters, "eraser", [[70, 45]], { selected: painted.select })).toBeNull();
    expect(stroke(painted.value, rasters, "eraser", [[20, 20]], { label: "dog" })).toBeNull();
  });

  it("a locked mask is not erased", () => {
    const rasters = new MaskRasters();
    const painted = stroke([], rasters, "brush", [[20, 20]], { size: 6 })!;
    const locked = { hidden: new Set<string>(), locked: new Set([painted.select!]) };
    expect(stroke(painted.value, rasters, "eraser", [[20, 20]], { untouchable: locked })).toBeNull();
  });
});

describe("polygon fill and relabel", () => {
  it("fill a polygon into a new mask, then into the selected one", () => {
    const rasters = new MaskRasters();
    const options = { label: "cat", selected: null, untouchable: FREE, imageSize: SIZE };
    const square = fillPolygon([], rasters, options, [
      [10, 10],
      [20, 10],
      [20, 20],
      [10, 20],
    ])!;
    const id = square.select!;
    expect(areaOf(square.value, id)).toBe(100);
    const more = fillPolygon(square.value, rasters, { ...options, selected: id }, [
      [30, 10],
      [40, 10],
      [30, 20],
    ])!;
    expect(more.value).toHaveLength(1);
    expect(areaOf(more.value, id)).toBe(100 + 50 - 5); // the triangle's half-open diagonal
  });

  it("a polygon that covers no pixel centre changes nothing", () => {
    const rasters = new MaskRasters();
    const options = { label: "cat", selected: null, untouchable: FREE, imageSize: SIZE };
    expect(
      fillPolygon([], rasters, options, [
        [10.6, 10.6],
        [10.9, 10.6],
        [10.9, 10.9],
      ]),
    ).toBeNull();
  });

  it("picking a label relabels the selected mask only, unless locked or already so labelled", () => {
    const rasters = new MaskRasters();
    const a = stroke([], rasters, "brush", [[20, 20]])!;
    const b = stroke(a.value, rasters, "brush", [[40, 20]], { label: "dog" })!;
    const [idA] = b.value.map((m) => m.id);
    expect(relabelSelected(b.value, idA, new Set(), "dog")).toEqual([
      { ...b.value[0], label: "dog" },
      b.value[1],
    ]);
    expect(relabelSelected(b.value, idA, new Set([idA]), "dog")).toBeNull();
    expect(relabelSelected(b.value, idA, new Set(), "cat")).toBeNull();
    expect(relabelSelected(b.value, null, new Set(), "dog")).toBeNull();
  });
});
