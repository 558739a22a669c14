/**
 * Geometry of the "after guideline vX" chart, free of React so it is tested on its own: per
 * affected label two horizontal rows on a [0, 1] agreement axis — before and after — each a dot
 * at the estimate and a bar over its bootstrap interval. Missing estimates give no geometry
 * (never a NaN attribute).
 */
import type { AgreementEstimate, Impact } from "../api/disagreements";
import { intervalBar, linearScale, pointAt, ticks, type BarGeometry } from "../quality/plot";

export const IMPACT_BOX = { width: 460, left: 150, right: 16, row: 16, gap: 10, top: 8, axis: 22 };

export interface ImpactMark {
  y: number;
  dot: number | null;
  bar: BarGeometry | null;
  text: string;
}

export interface ImpactRow {
  label: string;
  before: ImpactMark;
  after: ImpactMark;
  /** The change in agreement, after − before, as text ("+0.25", "−0.10", "n/a"). */
  change: string;
  up: boolean | null;
}

export interface ImpactGeometry {
  rows: ImpactRow[];
  height: number;
  xTicks: { x: number; label: string }[];
}

export function estimateText(e: AgreementEstimate): string {
  if (e.agreement === null) return `no pairs (${e.n_answers} answers)`;
  return `${e.agreement.toFixed(2)} on ${e.n_items} item${e.n_items === 1 ? "" : "s"}`;
}

export function changeText(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return "n/a";
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  return `${sign}${Math.abs(change).toFixed(2)}`;
}

export function impactGeometry(impact: Impact): ImpactGeometry {
  const scale = linearScale([0, 1], [IMPACT_BOX.left, IMPACT_BOX.width - IMPACT_BOX.right]);
  const entries = [...impact.labels.map((l) => ({ name: `${l.control}: ${l.label}`, l }))];
  if (impact.overall && impact.labels.length > 1) entries.push({ name: "all affected", l: impact.overall });
  const perLabel = 2 * IMPACT_BOX.row + IMPACT_BOX.gap;
  const rows = entries.map(({ name, l }, i) => {
    const y0 = IMPACT_BOX.top + i * perLabel;
    const mark = (e: AgreementEstimate, y: number): ImpactMark => ({
      y,
      dot: pointAt(e.agreement, scale)?.x ?? null,
      bar: intervalBar(e.ci_low, e.ci_high, scale),
      text: estimateText(e),
    });
    return {
      label: name,
      before: mark(l.before, y0 + IMPACT_BOX.row / 2),
      after: mark(l.after, y0 + IMPACT_BOX.row * 1.5),
      change: changeText(l.change),
      up: l.change === null || l.change === undefined ? null : l.change > 0,
    };
  });
  return {
    rows,
    height: IMPACT_BOX.top + rows.length * perLabel + IMPACT_BOX.axis,
    xTicks: ticks([0, 1], 0.25).map((t) => ({ x: scale(t), label: t.toFixed(2) })),
  };
}
