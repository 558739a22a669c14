/** Honeypot accuracy over time as a small SVG line chart, with the pause threshold drawn in. */
import type { ReactNode } from "react";
import type { AccuracyPoint } from "../api/types";
import { Text } from "../render";
import { CHART_BOX, accuracyChart } from "./chart";

/** A chart in `CHART_BOX`: the y grid with its labels, what `children` draw, then the x labels. */
export function ChartFrame({
  className,
  label,
  testId,
  yTicks,
  xTicks,
  children,
}: {
  className: string;
  label: string;
  testId: string;
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  children: ReactNode;
}) {
  const { width, height, left, right } = CHART_BOX;
  return (
    <svg
      className={className}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={label}
      data-testid={testId}
    >
      {yTicks.map((t) => (
        <g key={t.label}>
          <line x1={left} x2={width - right} y1={t.y} y2={t.y} className="grid" />
          <text x={left - 4} y={t.y + 4} textAnchor="end" className="tick">
            {t.label}
          </text>
        </g>
      ))}
      {children}
      {xTicks.map((t, i) => (
        <text key={i} x={t.x} y={height - 8} textAnchor="middle" className="tick">
          <Text value={t.label} />
        </text>
      ))}
    </svg>
  );
}

export function AccuracyChart({ points, threshold }: { points: AccuracyPoint[]; threshold: number | null }) {
  if (points.length === 0) return <p className="hint">No quality checks counted yet.</p>;
  const g = accuracyChart(points, threshold);
  const { width, left, right } = CHART_BOX;
  return (
    <ChartFrame
      className="accuracy-chart"
      label="Accuracy over time"
      testId="accuracy-chart"
      yTicks={g.yTicks}
      xTicks={g.xTicks}
    >
      {g.threshold !== null && (
        <line x1={left} x2={width - right} y1={g.threshold} y2={g.threshold} className="threshold" />
      )}
      {g.path && <path d={g.path} className="line" fill="none" />}
      {g.dots.map((d, i) => (
        <circle key={i} cx={d.x} cy={d.y} r={3.5} className="dot">
          <title>{`${d.label}: ${(d.value * 100).toFixed(0)}% (n=${d.n})`}</title>
        </circle>
      ))}
    </ChartFrame>
  );
}
