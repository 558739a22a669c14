/**
 * Geometry of the cost chart, free of React so it is tested on its own: one horizontal bar per
 * person, split into labeling cost and review cost, on a shared axis from 0 to the largest total.
 * Missing or non-finite figures draw as 0, never as an SVG attribute.
 */
import { finite, linearScale } from "../quality/plot";

export interface CostBarInput {
  label: string;
  annotation: number;
  review: number;
}

export interface CostBar {
  label: string;
  y: number;
  /** Labeling cost: x from `left` with this width; review cost right after it. */
  annotationWidth: number;
  reviewX: number;
  reviewWidth: number;
  total: number;
}

export interface CostChartGeometry {
  width: number;
  height: number;
  left: number;
  barHeight: number;
  bars: CostBar[];
  ticks: { x: number; label: string }[];
}

export const COST_BOX = { width: 520, left: 170, right: 24, top: 8, bar: 18, gap: 8, axis: 22 };

/** Round numbers on the axis: 0, the maximum's rounded step, … */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return unit * power;
}

export function costChart(rows: CostBarInput[], box = COST_BOX): CostChartGeometry {
  const clean = rows.map((r) => ({
    label: r.label,
    annotation: Math.max(0, finite(r.annotation) ?? 0),
    review: Math.max(0, finite(r.review) ?? 0),
  }));
  const max = Math.max(0, ...clean.map((r) => r.annotation + r.review));
  const step = niceStep(max);
  const top = max > 0 ? Math.ceil(max / step) * step : 1;
  const x = linearScale([0, top], [box.left, box.width - box.right]);
  const bars = clean.map((r, i) => {
    const aw = x(r.annotation) - box.left;
    const rw = x(r.annotation + r.review) - x(r.annotation);
    return {
      label: r.label,
      y: box.top + i * (box.bar + box.gap),
      annotationWidth: aw,
      reviewX: box.left + aw,
      reviewWidth: rw,
      total: r.annotation + r.review,
    };
  });
  const ticks = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push({ x: x(v), label: formatMoney(v) });
  return {
    width: box.width,
    height: box.top + clean.length * (box.bar + box.gap) + box.axis,
    left: box.left,
    barHeight: box.bar,
    bars,
    ticks,
  };
}

/** A figure as money (two decimals, no currency: rates are in whatever unit the team pays in). */
export function formatMoney(value: number | null | undefined): string {
  const v = finite(value ?? null);
  return v === null ? "—" : v.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
