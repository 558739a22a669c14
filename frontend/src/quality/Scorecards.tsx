/**
 * Annotator scorecards: a table sortable by reliability, agreement with the consensus or count
 * (for one control, or the mean over all controls), and per control a small bar plot of each
 * annotator's reliability with the threshold drawn in. Annotators under it are highlighted.
 */
import { useMemo, useState } from "react";
import type { AnnotatorQuality } from "../api/types";
import { Text, truncate } from "../render";
import { fmt, fmtSeconds } from "./format";
import { barFrom, finite, linearScale } from "./plot";

export const ALL = "";

export interface ScoreRow {
  annotator: string;
  n_annotations: number;
  median_lead_time_ms: number;
  agreement: number | null;
  reliability: number | null;
  n_compared: number;
}

function mean(xs: (number | null | undefined)[]): number | null {
  const ok = xs.map(finite).filter((x): x is number => x !== null);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
}

/** One row per annotator for `control`, or averaged over `controls` when control is ALL. */
export function scoreRows(annotators: AnnotatorQuality[], controls: string[], control: string): ScoreRow[] {
  return annotators.map((a) => {
    const qs = (control === ALL ? controls : [control]).map((c) => a.controls[c]).filter(Boolean);
    return {
      annotator: a.annotator,
      n_annotations: a.n_annotations,
      median_lead_time_ms: a.median_lead_time_ms,
      agreement: mean(qs.map((q) => q.agreement_with_consensus)),
      reliability: mean(qs.map((q) => q.reliability)),
      n_compared: qs.reduce((n, q) => Math.max(n, q.n_compared), 0),
    };
  });
}

export type SortKey = "annotator" | "n_annotations" | "agreement" | "reliability";

/** Sorted copy; missing statistics always go last, ties by annotator. */
export function sortRows(rows: ScoreRow[], key: SortKey, descending: boolean): ScoreRow[] {
  const dir = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (key === "annotator") return dir * a.annotator.localeCompare(b.annotator);
    const x = finite(a[key]);
    const y = finite(b[key]);
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
            const low = isBelow(r.reliability, threshold);
            return (
              <tr key={r.annotator} className={low ? "below" : undefined}>
                <td>
                  <Text value={r.annotator} />
                  {low && <span className="badge warn"> below {fmt(threshold)}</span>}
                </td>
                <td className="num">{r.n_annotations.toLocaleString()}</td>
                <td className="num">{fmt(r.agreement)}</td>
                <td className="num">{fmt(r.reliability)}</td>
                <td className="num">{r.n_compared.toLocaleString()}</td>
                <td className="num">{fmtSeconds(r.median_lead_time_ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
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
          const bar = barFrom(0, r.reliability, s);
          const low = isBelow(r.reliability, threshold);
          const label = `${r.annotator}: reliability ${fmt(r.reliability)}${low ? " (below threshold)" : ""}`;
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
                {fmt(r.reliability)}
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
