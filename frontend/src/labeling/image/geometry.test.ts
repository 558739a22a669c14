import { describe, expect, it } from "vitest";
import { boxInView, boxIoU, cropToImage, keepInside, nudge, rectFromDrag, resizeBy } from "./boxGeometry";
import {
  deleteVertex,
  insertVertex,
  nearestEdge,
  polygonArea,
  polygonIoU,
  translateInside,
  type Vertex,
} from "./polygonGeometry";
import { fitView, toImage, viewCommand, zoomAt } from "./viewport";

const IMAGE = { width: 800, height: 600 };

describe("boxes", () => {
  it("makes a box from a drag in any direction, cut to the image", () => {
    expect(rectFromDrag({ x: 300, y: 250 }, { x: 100, y: 100 }, IMAGE)).toEqual({
      x: 100,
      y: 100,
      width: 200,
      height: 150,
    });
    expect(rectFromDrag({ x: 700, y: 500 }, { x: 900, y: 650 }, IMAGE)).toEqual({
      x: 700,
      y: 500,
      width: 100,
      height: 100,
    });
    expect(rectFromDrag({ x: 10, y: 10 }, { x: -50, y: -5 }, IMAGE)).toEqual({
      x: 0,
      y: 0,
      width: 10,
      height: 10,
    });
  });

  it("keeps moved boxes whole and inside; crops resized ones", () => {
    expect(keepInside({ x: 750, y: -20, width: 100, height: 50 }, IMAGE)).toEqual({
      x: 700,
      y: 0,
      width: 100,
      height: 50,
    });
    expect(nudge({ x: 5, y: 5, width: 10, height: 10 }, -10, 3, IMAGE)).toEqual({
      x: 0,
      y: 8,
      width: 10,
      height: 10,
    });
    expect(cropToImage({ x: 750, y: -20, width: 100, height: 50 }, IMAGE)).toEqual({
      x: 750,
      y: 0,
      width: 50,
      height: 30,
    });
  });

  it("resizes by the right and bottom edges, never below a pixel nor past the image", () => {
    const box = { x: 700, y: 0, width: 50, height: 20 };
    expect(resizeBy(box, 80, 5, IMAGE)).toEqual({ x: 700, y: 0, width: 100, height: 25 });
    expect(resizeBy(box, -80, -30, IMAGE)).toEqual({ x: 700, y: 0, width: 1, height: 1 });
  });

  it("computes IoU", () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(boxIoU(a, a)).toBe(1);
    expect(boxIoU(a, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
    expect(boxIoU(a, { x: 10, y: 0, width: 10, height: 10 })).toBe(0);
  });

  it("puts a keyboard box in the middle third of what is visible", () => {
    expect(boxInView({ x: 100, y: 100, width: 300, height: 300 }, IMAGE)).toEqual({
      x: 200,
      y: 200,
      width: 100,
      height: 100,
    });
    // a view larger than the image (letterboxed): the image's middle third
    expect(boxInView({ x: -100, y: -100, width: 1000, height: 800 }, IMAGE)).toEqual({
      x: 266.67,
      y: 200,
      width: 266.67,
      height: 200,
    });
  });
});

const SQUARE: Vertex[] = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
];

describe("polygons", () => {
  it("measures areas and IoU exactly, concave and self-intersecting outlines too", () => {
    expect(polygonArea(SQUARE)).toBeCloseTo(100);
    const shifted = SQUARE.map(([x, y]) => [x + 5, y] as Vertex);
    expect(polygonIoU(SQUARE, shifted)).toBeCloseTo(50 / 150);
    expect(polygonIoU(SQUARE, [...SQUARE].reverse())).toBeCloseTo(1); // orientation does not matter
    // an L (concave) against its bounding square: 75 / 100
    const ell: Vertex[] = [
      [0, 0],
      [10, 0],
      [10, 5],
      [5, 5],
      [5, 10],
      [0, 10],
    ];
    expect(polygonArea(ell)).toBeCloseTo(75);
    expect(polygonIoU(ell, SQUARE)).toBeCloseTo(0.75);
    // a bow-tie encloses two triangles of 25 each (as shapely's make_valid measures it)
    const bowtie: Vertex[] = [
      [0, 0],
      [10, 10],
      [10, 0],
      [0, 10],
    ];
    expect(polygonArea(bowtie)).toBeCloseTo(50);
    expect(polygonIoU(bowtie, SQUARE)).toBeCloseTo(0.5);
    // a triangle against a rotated square: shapely says 25 / 75
    const tri: Vertex[] = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const diamond: Vertex[] = [
      [5, 0],
      [10, 5],
      [5, 10],
      [0, 5],
    ];
    expect(polygonIoU(tri, diamond)).toBeCloseTo(1 / 3, 10);
    expect(
      polygonIoU(
        SQUARE,
        SQUARE.map(([x, y]) => [x + 20, y] as Vertex),
      ),
    ).toBe(0);
  });

  it("inserts a vertex on the nearest edge and deletes vertices down to three", () => {
    const edge = nearestEdge(SQUARE, { x: 10.5, y: 4 });
    expect(edge).toEqual({ index: 1, at: [10, 4], distance: 0.5 });
    const five = insertVertex(SQUARE, edge.index, edge.at);
    expect(five).toEqual([
      [0, 0],
      [10, 0],
      [10, 4],
      [10, 10],
      [0, 10],
    ]);
    expect(deleteVertex(five, 2)).toEqual(SQUARE);
    expect(deleteVertex(SQUARE, 0)).toHaveLength(3);
    expect(deleteVertex(SQUARE.slice(0, 3), 0)).toBeNull();
  });

  it("moves an outline only as far as the image allows", () => {
    expect(translateInside(SQUARE, -5, 700, IMAGE)).toEqual([
      [0, 590],
      [10, 590],
      [10, 600],
      [0, 600],
    ]);
  });
});

describe("the view", () => {
  it("fits, and zooms about a point that stays under the cursor", () => {
    const view = fitView({ width: 1000, height: 500 }, { width: 6000, height: 4000 });
    expect(view.scale).toBeCloseTo(0.125);
    expect(view.x).toBeCloseTo(125); // centred horizontally
    const cursor = { x: 400, y: 300 };
    const under = toImage(view, cursor);
    const zoomed = zoomAt(view, 3, cursor, { min: 0.01, max: 32 });
    expect(zoomed.scale).toBeCloseTo(0.375);
    const after = toImage(zoomed, cursor);
    expect(after.x).toBeCloseTo(under.x);
    expect(after.y).toBeCloseTo(under.y);
    expect(zoomAt(view, 1000, cursor, { min: 0.01, max: 32 }).scale).toBe(32);
  });

  it("maps keys to zoom, fit and pan", () => {
    expect(viewCommand("+")).toEqual({ kind: "zoom", factor: 1.25 });
    expect(viewCommand("-")).toEqual({ kind: "zoom", factor: 0.8 });
    expect(viewCommand("f")).toEqual({ kind: "fit" });
    expect(viewCommand("ArrowRight")).toEqual({ kind: "pan", dx: -0.1, dy: 0 });
    expect(viewCommand("shift+ArrowUp")).toEqual({ kind: "pan", dx: 0, dy: 0.5 });
    expect(viewCommand("alt+ArrowUp")).toBeNull();
    expect(viewCommand("x")).toBeNull();
  });
});
