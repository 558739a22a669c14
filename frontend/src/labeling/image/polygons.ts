/** The polygons control's value (controls/polygons.py) and its diff against a reference. */
import type { Vertex } from "./polygonGeometry";
import { polygonIoU } from "./polygonGeometry";
import { matchRegions, type RegionMatch } from "./regionMatch";

/** `{id, points: [[x, y], ...] (3 or more), label}` in image pixels from the top-left corner. */
export interface Polygon {
  id?: string;
  points: Vertex[];
  label: string;
}

export function polygonDiff(
  answer: readonly Polygon[],
  reference: readonly Polygon[],
  threshold: number,
): RegionMatch[] {
  return matchRegions(answer, reference, {
    overlap: (a, r) => polygonIoU(a.points, r.points),
    label: (p) => p.label,
    threshold,
  });
}

/** Where a polygon's tag goes: its topmost vertex (leftmost among equals). */
export function tagPoint(points: readonly Vertex[]): { x: number; y: number } {
  const [x, y] = points.reduce((best, p) =>
    p[1] < best[1] || (p[1] === best[1] && p[0] < best[0]) ? p : best,
  );
  return { x, y };
}
