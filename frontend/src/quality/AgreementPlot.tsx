/**
 * Krippendorff's α per control as a dot with its 95% bootstrap interval as a horizontal bar on a
 * fixed [-1, 1] axis, plus the same numbers as a table. Hand-made SVG: every row is a list item
 * with a spoken summary, and the values are printed next to the plot as text.
 */
import type { AgreementReport } from "../api/types";
import { Text, truncate } from "../render";
import { fmt, fmtRate } from "./format";
import { ALPHA_GOOD, ALPHA_TENTATIVE, alphaLevel, intervalBar, linearScale, pointAt, ticks } from "./plot";

type ControlAgreement = AgreementReport["controls"][number];

export const ALPHA_DOMAIN = [-1, 1] as const;
const WIDTH = 760;
const LABEL_W = 170;
const VALUE_W = 150;
const ROW_H = 34;
const TOP = 26;
const BOTTOM = 40;
export const PLOT_X0 = LABEL_W + 12;
export const PLOT_X1 = WIDTH - VALUE_W - 12;

/** The x scale of the agreement plot (α on [-1, 1] → SVG x). */
export const alphaScale = linearScale(ALPHA_DOMAIN, [PLOT_X0, PLOT_X1]);

export function methodLabel(method: string): string {
  const m = /^krippendorff_alpha_(.+)$/.exec(method);
  return m ? `Krippendorff's α, ${m[1].replace(/_/g, " ")}` : method;
}

/** α as shown: "too few items (n=…)" under the server's minimum sample size. */
export function alphaText(c: ControlAgreement): string {
  return fmtRate({ value: c.alpha, n: c.n_items, too_few: c.too_few });
}

export function rowSummary(c: ControlAgreement): string {
  if (c.too_few) return `${c.control}: alpha ${alphaText(c)}`;
  if (c.alpha === null || !Number.isFinite(c.alpha)) return `${c.control}: no estimate yet`;
  const ci =
    c.ci_low === null || c.ci_high === null ? "" : `, 95% interval ${fmt(c.ci_low)} to ${fmt(c.ci_high)}`;
  return `${c.control}: alpha ${fmt(c.alpha)}${ci}, ${c.n_items} items`;
}

export function AgreementPlot({ controls }: { controls: ControlAgreement[] }) {
  const height = TOP + controls.length * ROW_H + BOTTOM;
  const plotBottom = TOP + controls.length * ROW_H;
  const s = alphaScale;
  return (
    <svg
      className="agreement-plot"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="list"
      aria-label="Krippendorff's alpha per control, with its 95% interval"
      data-testid="agreement-plot"
    >
      <g aria-hidden="true">
        <rect
          className="zone tentative"
          x={s(ALPHA_TENTATIVE)}
          y={TOP}
          width={s(ALPHA_GOOD) - s(ALPHA_TENTATIVE)}
          height={plotBottom - TOP}
        />
        <rect
          className="zone good"
          x={s(ALPHA_GOOD)}
          y={TOP}
          width={s(1) - s(ALPHA_GOOD)}
          height={plotBottom - TOP}
        />
        {ticks(ALPHA_DOMAIN, 0.5).map((t) => (
          <g key={t}>
            <line className={t === 0 ? "grid zero" : "grid"} x1={s(t)} x2={s(t)} y1={TOP} y2={plotBottom} />
            <text className="tick" x={s(t)} y={plotBottom + 16} textAnchor="middle">
              {t === 0 ? "0" : t.toFixed(1)}
            </text>
          </g>
        ))}
        {[ALPHA_TENTATIVE, ALPHA_GOOD].map((t) => (
          <g key={t}>
            <line className="threshold" x1={s(t)} x2={s(t)} y1={TOP - 4} y2={plotBottom} />
            {/* the two labels sit on either side of their lines so they never overlap */}
            <text
              className="tick"
              x={t === ALPHA_GOOD ? s(t) + 2 : s(t) - 2}
              y={TOP - 8}
              textAnchor={t === ALPHA_GOOD ? "start" : "end"}
            >
              {t === ALPHA_GOOD ? "0.8" : "0.667"}
            </text>
          </g>
        ))}
        <text className="axis-label" x={(PLOT_X0 + PLOT_X1) / 2} y={plotBottom + 34} textAnchor="middle">
          Krippendorff's α (1 = perfect, 0 = chance)
        </text>
        <text className="axis-label" x={WIDTH - VALUE_W} y={TOP - 8}>
          α [95% interval]
        </text>
      </g>
      {controls.map((c, i) => {
        const cy = TOP + i * ROW_H + ROW_H / 2;
        const shown = c.too_few ? null : c.alpha; // too few items: no point, no interval
        const point = pointAt(shown, s);
        const bar = c.too_few ? null : intervalBar(c.ci_low, c.ci_high, s);
        const level = alphaLevel(shown);
        return (
          <g
            key={c.control}
            role="listitem"
            aria-label={rowSummary(c)}
            className="plot-row"
            data-control={c.control}
          >
            <title>{rowSummary(c)}</title>
            <text className="row-label" x={LABEL_W} y={cy + 4} textAnchor="end">
              {truncate(c.control, 24)}
            </text>
            {bar && (
              <g className="ci">
                <rect x={bar.x} y={cy - 3} width={bar.width} height={6} rx={3} />
                {!bar.clippedLow && <line x1={bar.x} x2={bar.x} y1={cy - 7} y2={cy + 7} />}
                {!bar.clippedHigh && (
                  <line x1={bar.x + bar.width} x2={bar.x + bar.width} y1={cy - 7} y2={cy + 7} />
                )}
              </g>
            )}
            {point ? (
              <circle className={`point ${level ?? ""}`} cx={point.x} cy={cy} r={6} />
            ) : (
              <text className="no-estimate" x={(PLOT_X0 + PLOT_X1) / 2} y={cy + 4} textAnchor="middle">
                {c.too_few
                  ? `${alphaText(c)}: needs more items with 2+ submitted annotations`
                  : "no estimate: needs items with 2+ submitted annotations"}
              </text>
            )}
            <text className="row-value" x={WIDTH - VALUE_W} y={cy + 4}>
              {c.too_few ? "—" : fmt(c.alpha)}
              {bar ? ` [${fmt(c.ci_low)}, ${fmt(c.ci_high)}]` : ""}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function AgreementTable({ controls }: { controls: ControlAgreement[] }) {
  return (
    <table className="table agreement-table">
      <thead>
        <tr>
          <th>Control</th>
          <th>Method</th>
          <th className="num">α</th>
          <th className="num">95% interval</th>
          <th className="num">Items compared</th>
          <th className="num">Annotations</th>
        </tr>
      </thead>
      <tbody>
        {controls.map((c) => (
          <tr key={c.control}>
            <td>
              <Text value={c.control} /> <span className="hint">{c.type}</span>
            </td>
            <td title={c.method}>
              <Text value={methodLabel(c.method)} />
            </td>
            <td className={`num alpha-${c.too_few ? "none" : (alphaLevel(c.alpha) ?? "none")}`}>
              {alphaText(c)}
            </td>
            <td className="num">
              {c.too_few || c.ci_low === null || c.ci_high === null
                ? "—"
                : `${fmt(c.ci_low)} – ${fmt(c.ci_high)}`}
            </td>
            <td className="num">
              {c.n_items.toLocaleString()}
              {c.sampled_items ? (
                <span className="hint"> (sampled {c.sampled_items.toLocaleString()})</span>
              ) : null}
            </td>
            <td className="num">{c.n_annotations.toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
