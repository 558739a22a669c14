/**
 * Annotator scorecards: a table sortable by reliability, agreement with the consensus or count
 * (for one control, or the mean over all controls), and per control a small bar plot of each
 * annotator's reliability with the threshold drawn in. Annotators under it are highlighted.
 * A rate over fewer items than the server's minimum shows "too few items (n=…)", no number,
 * no bar and no flag.
 */
import { useMemo, useState } from "react";
import type { AnnotatorQuality } from "../api/types";
import { Text, truncate } from "../render";
import { fmt, fmtRate, fmtSeconds, rateValue, type Rate } from "./format";
import { barFrom, finite, linearScale } from "./plot";

export const ALL = "";

export interface ScoreRow {
  annotator: string;
  n_annotations: number;
  median_lead_time_ms: number;
  agreement: Rate;
  reliability: Rate;
}

/**
 * One rate for several controls: the mean of those with enough items; its n is the largest
 * sample among them, and it is too_few only when every control is.
 */
function combine(rates: Rate[]): Rate {
  if (rates.length === 1) return rates[0];
  const usable = rates.filter((r) => !r.too_few);
  const values = usable.map((r) => finite(r.value)).filter((x): x is number => x !== null);
  return {
    value: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
    n: rates.reduce((n, r) => Math.max(n, r.n), 0),
    too_few: usable.length === 0,
  };
}

/** One row per annotator for `control`, or combined over `controls` when control is ALL. */
export function scoreRows(annotators: AnnotatorQuality[], controls: string[], control: string): ScoreRow[] {
  return annotators.map((a) => {
    const qs = (control === ALL ? controls : [control]).map((c) => a.controls[c]).filter(Boolean);
    return {
      annotator: a.annotator,
      n_annotations: a.n_annotations,
      median_lead_time_ms: a.median_lead_time_ms,
      agreement: combine(qs.map((q) => q.agreement_with_consensus)),
      reliability: combine(qs.map((q) => q.reliability)),
    };
  });
}

export type SortKey = "annotator" | "n_annotations" | "agreement" | "reliability";

function sortValue(row: ScoreRow, key: Exclude<SortKey, "annotator">): number | null {
  return key === "n_annotations" ? row.n_annotations : rateValue(row[key]);
}

/** Sorted copy; missing statistics (and too-few ones) always go last, ties by annotator. */
export function sortRows(rows: ScoreRow[], key: SortKey, descending: boolean): ScoreRow[] {
  const dir = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (key === "annotator") return dir * a.annotator.localeCompare(b.annotator);
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) {
      if (x === y) return a.annotator.localeCompare(b.annotator);
      return x === null ? 1 : -1;
    }
    return x !== y ? dir * (x - y) : a.annotator.localeCompare(b.annotator);
  });
}

export function isBelow(value: number | null | undefined, threshold: number): boolean {
  const v = finite(value);
  return v !== null && v < threshold;
}

/** A rate below the threshold; one over too few items is never flagged: it shows no number. */
export function isRateBelow(rate: Rate, threshold: number): boolean {
  return isBelow(rateValue(rate), threshold);
}

const COLUMNS: { key: SortKey; label: string; num: boolean }[] = [
  { key: "annotator", label: "Annotator", num: false },
  { key: "n_annotations", label: "Annotations", num: true },
  { key: "agreement", label: "Agreement with consensus", num: true },
  { key: "reliability", label: "Reliability", num: true },
];

export function ScorecardTable({
  annotators,
  controls,
  threshold,
}: {
  annotators: AnnotatorQuality[];
  controls: string[];
  threshold: number;
}) {
  const [control, setControl] = useState(ALL);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "reliability", desc: false });
  const rows = useMemo(
    () => sortRows(scoreRows(annotators, controls, control), sort.key, sort.desc),
    [annotators, controls, control, sort],
  );
  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== "annotator" }));
  return (
    <div>
      <div className="toolbar">
        <label>
          Control{" "}
          <select value={control} onChange={(e) => setControl(e.target.value)} aria-label="Scorecard control">
            <option value={ALL}>all controls (mean)</option>
            {controls.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      <table className="table scorecards" data-testid="scorecards">
        <thead>
          <tr>
            {COLUMNS.map((col) => (
              <th
                key={col.key}
                className={col.num ? "num" : undefined}
                aria-sort={sort.key === col.key ? (sort.desc ? "descending" : "ascending") : "none"}
              >
                <button type="button" className="sort" onClick={() => toggle(col.key)}>
                  {col.label}
                  <span aria-hidden="true">{sort.key === col.key ? (sort.desc ? " ▼" : " ▲") : ""}</span>
                </button>
              </th>
            ))}
            <th className="num">Items compared</th>
            <th className="num">Median time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const low = isRateBelow(r.reliability, threshold);
            return (
              <tr key={r.annotator} className={low ? "below" : undefined}>
                <td>
                  <Text value={r.annotator} />
                  {low && <span className="badge warn"> below {fmt(threshold)}</span>}
                </td>
                <td className="num">{r.n_annotations.toLocaleString()}</td>
                <RateCell rate={r.agreement} />
                <RateCell rate={r.reliability} />
                <td className="num">{r.reliability.n.toLocaleString()}</td>
                <td className="num">{fmtSeconds(r.median_lead_time_ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RateCell({ rate }: { rate: Rate }) {
  return <td className={rate.too_few ? "num too-few" : "num"}>{fmtRate(rate)}</td>;
}

const BAR_W = 360;
const NAME_W = 160;
const BAR_ROW = 20;
const BAR_TOP = 6;
const BAR_BOTTOM = 22;
export const reliabilityScale = linearScale([0, 1], [NAME_W + 8, BAR_W - 44]);

/** Reliability of each annotator on one control as horizontal bars from 0 on a [0, 1] axis. */
export function ReliabilityBars({
  control,
  annotators,
  threshold,
}: {
  control: string;
  annotators: AnnotatorQuality[];
  threshold: number;
}) {
  const s = reliabilityScale;
  const rows = sortRows(scoreRows(annotators, [control], control), "annotator", false);
  const bottom = BAR_TOP + rows.length * BAR_ROW;
  const height = bottom + BAR_BOTTOM;
  const t = finite(threshold);
  return (
    <figure className="reliability-bars">
      <figcaption>
        <Text value={control} />
      </figcaption>
      <svg
        viewBox={`0 0 ${BAR_W} ${height}`}
        width={BAR_W}
        height={height}
        role="list"
        aria-label={`Reliability per annotator for ${control}`}
      >
        <g aria-hidden="true">
          {[0, 0.5, 1].map((x) => (
            <g key={x}>
              <line className="grid" x1={s(x)} x2={s(x)} y1={BAR_TOP} y2={bottom} />
              <text className="tick" x={s(x)} y={bottom + 14} textAnchor="middle">
                {x === 0 || x === 1 ? String(x) : x.toFixed(1)}
              </text>
            </g>
          ))}
        </g>
        {rows.map((r, i) => {
          const y = BAR_TOP + i * BAR_ROW;
          const bar = barFrom(0, rateValue(r.reliability), s);
          const low = isRateBelow(r.reliability, threshold);
          const label = `${r.annotator}: reliability ${fmtRate(r.reliability)}${low ? " (below threshold)" : ""}`;
          return (
            <g
              key={r.annotator}
              role="listitem"
              aria-label={label}
              className={low ? "bar-row below" : "bar-row"}
            >
              <title>{label}</title>
              <text className="row-label" x={NAME_W} y={y + 14} textAnchor="end">
                {truncate(r.annotator, 23)}
              </text>
              {bar ? (
                <rect
                  className="bar"
                  x={bar.x}
                  y={y + 4}
                  width={Math.max(bar.width, 1)}
                  height={BAR_ROW - 8}
                />
              ) : null}
              <text className="row-value" x={bar ? bar.x + bar.width + 4 : s(0) + 4} y={y + 14}>
                {fmtRate(r.reliability)}
              </text>
            </g>
          );
        })}
        {t !== null && (
          <line className="threshold" x1={s(t)} x2={s(t)} y1={BAR_TOP - 4} y2={bottom} aria-hidden="true" />
        )}
      </svg>
    </figure>
  );
}
