/**
 * Geometry of the accuracy-over-time chart, free of React so it is tested on its own: one point
 * per day (or per answer) on a [0, 1] accuracy axis, the line through them, the threshold line.
 * Missing or non-finite values never reach an SVG attribute.
 */
import type { AccuracyPoint } from "../api/types";
import { finite, linearScale } from "../quality/plot";

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART_BOX: ChartBox = { width: 420, height: 160, left: 36, right: 12, top: 10, bottom: 26 };

export interface ChartDot {
  x: number;
  y: number;
  label: string;
  value: number;
  n: number;
}

export interface AccuracyChartGeometry {
  dots: ChartDot[];
  /** The SVG path through the dots ("" with fewer than two). */
  path: string;
  /** y of the threshold line, or null without a threshold. */
  threshold: number | null;
  yTicks: { y: number; label: string }[];
  /** A few x labels (first, last and evenly spaced between). */
  xTicks: { x: number; label: string }[];
}

/** At most about `max` of `items` to label an x axis: the first, the last and evenly spaced between. */
export function spreadTicks<T>(items: readonly T[], max: number): T[] {
  const step = Math.max(1, Math.ceil((items.length - 1) / Math.max(max - 1, 1)));
  return items.filter((_, i) => i % step === 0 || i === items.length - 1);
}

/** The label of a point: its day, or "#n" for an answer. */
export function pointLabel(p: AccuracyPoint): string {
  if (p.day) return p.day;
  return p.index != null ? `#${p.index}` : "";
}

/** The value a point draws: the rolling mean when there is one (per answer), else its accuracy. */
export function pointValue(p: AccuracyPoint): number | null {
  return finite(p.rolling ?? p.accuracy);
}

export function accuracyChart(
  points: AccuracyPoint[],
  threshold: number | null,
  box: ChartBox = CHART_BOX,
  maxXTicks = 5,
): AccuracyChartGeometry {
  const usable = points.filter((p) => pointValue(p) !== null);
  const x0 = box.left;
  const x1 = box.width - box.right;
  const y = linearScale([0, 1], [box.height - box.bottom, box.top]);
  const x = linearScale(
    [0, Math.max(usable.length - 1, 1)],
    usable.length === 1 ? [(x0 + x1) / 2, (x0 + x1) / 2] : [x0, x1],
  );
  const dots = usable.map((p, i) => {
    const value = pointValue(p) as number;
    return { x: x(i), y: y(value), label: pointLabel(p), value, n: p.n };
  });
  const path =
    dots.length < 2
      ? ""
      : dots.map((d, i) => `${i ? "L" : "M"}${d.x.toFixed(1)},${d.y.toFixed(1)}`).join(" ");
  const t = finite(threshold);
  const xTicks = spreadTicks(dots, maxXTicks).map((d) => ({ x: d.x, label: d.label }));
  return {
    dots,
    path,
    threshold: t === null ? null : y(t),
    yTicks: [0, 0.5, 1].map((v) => ({ y: y(v), label: v.toFixed(1) })),
    xTicks,
  };
}
