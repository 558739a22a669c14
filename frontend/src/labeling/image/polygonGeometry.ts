/**
 * Polygon arithmetic in image pixels (`[[x, y], ...]`, controls/polygons.py): editing (insert a
 * vertex on an edge, delete one but keep three, move the whole outline inside the image) and
 * area IoU for the diff.
 *
 * Areas are exact for any outline, self-intersecting ones included, by vertical slabs: cut the
 * plane at every vertex and every crossing of two edges; inside a slab no edges cross, so the
 * covered length along a vertical line changes linearly and its value at the slab's middle times
 * the slab's width is the slab's area. Inside is the even-odd rule; the server repairs a
 * self-intersecting outline with shapely's `make_valid`, which agrees for the usual bow-tie and
 * may differ for outlines that wind twice round a region (counted once there, zero times here).
 */
import { clamp, type Point, type Size } from "./boxGeometry";

export type Vertex = [number, number];

export function toPoint([x, y]: Vertex): Point {
  return { x, y };
}

/** Vertices as Konva's flat `[x1, y1, x2, y2, …]`. */
export function flat(points: readonly Vertex[]): number[] {
  return points.flatMap(([x, y]) => [x, y]);
}

type Edge = [Vertex, Vertex];

function edgesOf(points: readonly Vertex[]): Edge[] {
  return points.map((p, i) => [p, points[(i + 1) % points.length]]);
}

/** x of the crossing of two segments (proper or touching), or null. */
function crossingX([p, q]: Edge, [r, s]: Edge): number | null {
  const d1x = q[0] - p[0];
  const d1y = q[1] - p[1];
  const d2x = s[0] - r[0];
  const d2y = s[1] - r[1];
  const den = d1x * d2y - d1y * d2x;
  if (den === 0) return null; // parallel: their end points are already slab edges
  const t = ((r[0] - p[0]) * d2y - (r[1] - p[1]) * d2x) / den;
  const u = ((r[0] - p[0]) * d1y - (r[1] - p[1]) * d1x) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? p[0] + t * d1x : null;
}

/** The even-odd inside of a set of edges along the vertical line at x: sorted [y0, y1] pairs. */
function insideAt(edges: readonly Edge[], x: number): [number, number][] {
  const ys: number[] = [];
  for (const [p, q] of edges) {
    if (p[0] <= x !== q[0] <= x) ys.push(p[1] + ((x - p[0]) * (q[1] - p[1])) / (q[0] - p[0]));
  }
  ys.sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < ys.length; i += 2) out.push([ys[i], ys[i + 1]]);
  return out;
}

function overlapLength(a: [number, number][], b: [number, number][]): number {
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (hi > lo) total += hi - lo;
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return total;
}

const lengthOf = (intervals: [number, number][]) => intervals.reduce((s, [lo, hi]) => s + hi - lo, 0);

/** Areas of A, B and A ∩ B (even-odd), in one sweep. */
export function polygonAreas(
  a: readonly Vertex[],
  b: readonly Vertex[],
): { a: number; b: number; both: number } {
  const ea = edgesOf(a);
  const eb = edgesOf(b);
  const all = [...ea, ...eb];
  const xs = new Set<number>([...a, ...b].map(([x]) => x));
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const x = crossingX(all[i], all[j]);
      if (x !== null) xs.add(x);
    }
  }
  const sorted = [...xs].sort((p, q) => p - q);
  let areaA = 0;
  let areaB = 0;
  let both = 0;
  for (let k = 0; k + 1 < sorted.length; k++) {
    const w = sorted[k + 1] - sorted[k];
    if (w <= 0) continue;
    const mid = (sorted[k] + sorted[k + 1]) / 2;
    const ia = insideAt(ea, mid);
    const ib = insideAt(eb, mid);
    areaA += w * lengthOf(ia);
    areaB += w * lengthOf(ib);
    both += w * overlapLength(ia, ib);
  }
  return { a: areaA, b: areaB, both };
}

export function polygonArea(points: readonly Vertex[]): number {
  return polygonAreas(points, []).a;
}

function bounds(points: readonly Vertex[]) {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** Area intersection over union; 0 when the union has no area (as on the server). */
export function polygonIoU(a: readonly Vertex[], b: readonly Vertex[]): number {
  const p = bounds(a);
  const q = bounds(b);
  if (p.x1 <= q.x0 || q.x1 <= p.x0 || p.y1 <= q.y0 || q.y1 <= p.y0) return 0;
  const { a: areaA, b: areaB, both } = polygonAreas(a, b);
  const union = areaA + areaB - both;
  return union > 0 ? Math.min(1, both / union) : 0;
}

/** The edge nearest to `p` (edge i runs from vertex i to vertex i + 1) and the point on it. */
export function nearestEdge(
  points: readonly Vertex[],
  p: Point,
): { index: number; at: Vertex; distance: number } {
  let best = { index: 0, at: points[0], distance: Infinity };
  edgesOf(points).forEach(([a, b], index) => {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? clamp(((p.x - a[0]) * dx + (p.y - a[1]) * dy) / len2, 0, 1) : 0;
    const at: Vertex = [a[0] + t * dx, a[1] + t * dy];
    const distance = Math.hypot(at[0] - p.x, at[1] - p.y);
    if (distance < best.distance) best = { index, at, distance };
  });
  return best;
}

/** A vertex inserted on edge `edge` (after vertex `edge`). */
export function insertVertex(points: readonly Vertex[], edge: number, at: Vertex): Vertex[] {
  return [...points.slice(0, edge + 1), at, ...points.slice(edge + 1)];
}

/** The polygon without vertex `i`, or null when that would leave fewer than three. */
export function deleteVertex(points: readonly Vertex[], i: number): Vertex[] | null {
  return points.length > 3 ? points.filter((_, k) => k !== i) : null;
}

/** The outline moved by (dx, dy), the move cut short so every vertex stays on the image. */
export function translateInside(points: readonly Vertex[], dx: number, dy: number, size: Size): Vertex[] {
  const shift = allowedShift(points, dx, dy, size);
  return points.map(([x, y]) => [x + shift.x, y + shift.y]);
}

/** How far an outline may move by (dx, dy) and stay on the image. */
export function allowedShift(points: readonly Vertex[], dx: number, dy: number, size: Size): Point {
  const b = bounds(points);
  return { x: clamp(dx, -b.x0, size.width - b.x1), y: clamp(dy, -b.y0, size.height - b.y1) };
}

/** Vertices as the server stores them: on the image, to 1/100 px. */
export function tidyVertices(points: readonly Vertex[], size: Size): Vertex[] {
  const t = (v: number, hi: number) => Math.round(clamp(v, 0, hi) * 100) / 100;
  return points.map(([x, y]) => [t(x, size.width), t(y, size.height)]);
}
