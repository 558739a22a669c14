/**
 * Geometry of the dashboard's charts, free of React so it is tested on its own: bars per day
 * (throughput), the progress shares, and the day series as the scorecards' accuracy chart reads
 * them (so agreement and honeypot accuracy reuse that chart). Missing or non-finite values never
 * reach an SVG attribute.
 */
import type { AccuracyPoint } from "../api/types";
import type { DayCount, Progress, TeamConfusion } from "../api/dashboard";
import { CHART_BOX, spreadTicks, type ChartBox } from "../scorecards/chart";
import { finite, linearScale } from "../quality/plot";

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  day: string;
  count: number;
}

export interface BarChartGeometry {
  bars: Bar[];
  max: number;
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
}

/** A "nice" top for the axis: 1, 2 or 5 times a power of ten, at least ``value``. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function barChart(days: DayCount[], box: ChartBox = CHART_BOX, maxXTicks = 5): BarChartGeometry {
  const counts = days.map((d) => finite(d.count) ?? 0);
  const max = niceMax(Math.max(0, ...counts));
  const y = linearScale([0, max], [box.height - box.bottom, box.top]);
  const inner = box.width - box.left - box.right;
  const slot = days.length ? inner / days.length : inner;
  const width = Math.max(1, slot * 0.8);
  const bars = days.map((d, i) => {
    const count = counts[i];
    const top = y(count);
    return {
      x: box.left + i * slot + (slot - width) / 2,
      y: top,
      width,
      height: box.height - box.bottom - top,
      day: d.day,
      count,
    };
  });
  const xTicks = spreadTicks(bars, maxXTicks).map((b) => ({ x: b.x + b.width / 2, label: b.day.slice(5) }));
  return {
    bars,
    max,
    yTicks: [0, max / 2, max].map((v) => ({ y: y(v), label: String(Math.round(v * 10) / 10) })),
    xTicks,
  };
}

/** Shares in [0, 1] for the progress bars (0 when nothing is needed yet). */
export function progressShares(p: Progress): { items: number; annotations: number; final: number } {
  const share = (a: number, b: number) => (b > 0 ? Math.min(1, Math.max(0, a / b)) : 0);
  return {
    items: share(p.items_complete, p.total_items),
    annotations: share(p.annotations_done, p.annotations_needed),
    final: share(p.items_final, p.total_items),
  };
}

/** A day series (agreement, honeypot accuracy) as the accuracy chart's points. */
export function dayPoints(
  points: { day: string; n: number; value: number | null | undefined }[],
): AccuracyPoint[] {
  return points
    .filter((p) => finite(p.value) !== null)
    .map((p) => ({
      day: p.day,
      index: null,
      at: `${p.day}T00:00:00Z`,
      n: p.n,
      accuracy: p.value as number,
      rolling: null,
      controls: {},
    }));
}

/** A team-confusion cell's shade in [0, 1]: its count against the largest disagreement cell
 * (agreement cells against the largest agreement cell), so disagreements stand out. */
export function pairShade(c: TeamConfusion, i: number, j: number): number {
  const n = c.labels.length;
  const cells = (diagonal: boolean) =>
    c.matrix.flatMap((row, a) => row.filter((_, b) => (a === b) === diagonal && a < n && b < n));
  const max = Math.max(0, ...cells(i === j));
  return max > 0 ? (c.matrix[i]?.[j] ?? 0) / max : 0;
}

/** Which labels to show: those in any pair. */
export function pairLabels(c: TeamConfusion): number[] {
  return c.labels.map((_, i) => i).filter((i) => c.matrix[i].some((v) => v > 0));
}
