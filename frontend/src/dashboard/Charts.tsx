/** The dashboard's charts and tiles: progress bars with the forecast, throughput bars per day,
 * the confusion across the team, the drifting annotators and the backlogs. */
import type { CSSProperties } from "react";
import type { Backlogs, DayCount, DriftRow, Forecast, Progress, TeamConfusion } from "../api/dashboard";
import { Text } from "../render";
import { fmt } from "../quality/format";
import { ChartFrame } from "../scorecards/AccuracyChart";
import { pct } from "../scorecards/attention";
import { barChart, pairLabels, pairShade, progressShares } from "./charts";

function Bar({
  label,
  share,
  detail,
  testId,
}: {
  label: string;
  share: number;
  detail: string;
  testId: string;
}) {
  return (
    <div className="progress-row" data-testid={testId}>
      <span className="progress-label">{label}</span>
      <svg
        className="progress-bar"
        viewBox="0 0 200 12"
        width={200}
        height={12}
        role="img"
        aria-label={label}
      >
        <rect x={0} y={0} width={200} height={12} className="track" rx={3} />
        <rect x={0} y={0} width={200 * share} height={12} className="fill" rx={3} />
      </svg>
      <span className="progress-detail">{detail}</span>
    </div>
  );
}

export function ProgressPanel({ progress, forecast }: { progress: Progress; forecast: Forecast }) {
  const s = progressShares(progress);
  return (
    <div className="progress-panel">
      <Bar
        label="Items complete"
        share={s.items}
        detail={`${progress.items_complete} / ${progress.total_items} (${pct(s.items)})`}
        testId="progress-items"
      />
      <Bar
        label="Annotations"
        share={s.annotations}
        detail={`${progress.annotations_done} / ${progress.annotations_needed} (${pct(s.annotations)})`}
        testId="progress-annotations"
      />
      <Bar
        label="Final labels"
        share={s.final}
        detail={`${progress.items_final} / ${progress.total_items}`}
        testId="progress-final"
      />
      <p className="forecast" data-testid="forecast" title={forecast.method}>
        {forecastText(forecast)}
      </p>
    </div>
  );
}

export function forecastText(f: Forecast): string {
  if (f.done) return "Done: every item has the annotations it needs.";
  if (f.expected === null)
    return `${f.remaining_annotations} annotations remain; no recent pace to forecast from.`;
  const range =
    f.earliest && f.latest
      ? ` (between ${f.earliest} and ${f.latest})`
      : f.earliest
        ? ` (not before ${f.earliest})`
        : "";
  return `${f.remaining_annotations} annotations remain at ${fmt(f.rate_per_day, 1)}/day: done around ${f.expected}${range}.`;
}

export function ThroughputBars({ days }: { days: DayCount[] }) {
  if (days.every((d) => d.count === 0)) return <p className="hint">No submissions in this period.</p>;
  const g = barChart(days);
  return (
    <ChartFrame
      className="bar-chart"
      label="Annotations submitted per day"
      testId="throughput-chart"
      yTicks={g.yTicks}
      xTicks={g.xTicks}
    >
      {g.bars.map((b) => (
        <rect key={b.day} x={b.x} y={b.y} width={b.width} height={b.height} className="bar">
          <title>{`${b.day}: ${b.count}`}</title>
        </rect>
      ))}
    </ChartFrame>
  );
}

export function TeamConfusionTable({ confusion }: { confusion: TeamConfusion }) {
  const shown = pairLabels(confusion);
  if (shown.length === 0) return null;
  return (
    <figure className="confusion">
      <figcaption>
        <Text value={confusion.control} /> — annotators agree on {pct(confusion.agreement)} of{" "}
        {confusion.n_pairs} pairs
      </figcaption>
      <table className="table confusion-table" data-testid={`team-confusion-${confusion.control}`}>
        <thead>
          <tr>
            <th>one said ↓ / the other →</th>
            {shown.map((j) => (
              <th key={j} className="num">
                <Text value={confusion.labels[j]} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => (
            <tr key={i}>
              <th>
                <Text value={confusion.labels[i]} />
              </th>
              {shown.map((j) => {
                const v = confusion.matrix[i][j];
                const kind = i === j ? "right" : v > 0 ? "wrong" : "";
                return (
                  <td
                    key={j}
                    className={`num cell ${kind}`}
                    style={{ "--share": pairShade(confusion, i, j).toFixed(2) } as CSSProperties}
                  >
                    {v || ""}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const METRIC_NAMES: Record<DriftRow["metric"], string> = {
  honeypot_accuracy: "quality checks",
  agreement: "agreement",
};

export function DriftList({ rows, recentDays }: { rows: DriftRow[]; recentDays: number }) {
  if (rows.length === 0) return <p className="hint">Nobody is drifting from their own baseline.</p>;
  return (
    <ul className="drift-list" data-testid="drifting">
      {rows.map((r) => (
        <li key={`${r.user_id}-${r.metric}`}>
          <Text value={r.email} />: {METRIC_NAMES[r.metric]} {pct(r.recent)} in the last {recentDays} days,
          down from {pct(r.baseline)}{" "}
          <span className="badge warn">{`${Math.round(r.change * 100)} pts`}</span>
        </li>
      ))}
    </ul>
  );
}

export function BacklogTiles({ backlogs }: { backlogs: Backlogs }) {
  return (
    <div className="tiles" data-testid="backlogs">
      <div className="tile">
        <strong data-testid="review-backlog">{backlogs.review_total}</strong>
        <span>waiting for review</span>
        {backlogs.review.length > 0 && (
          <small>{backlogs.review.map((t) => `tier ${t.tier}: ${t.count}`).join(" · ")}</small>
        )}
      </div>
      <div className="tile">
        <strong data-testid="adjudication-backlog">{backlogs.adjudication}</strong>
        <span>waiting for adjudication</span>
      </div>
    </div>
  );
}
