/** The project's Time & cost tab (managers): what each person's active time, submissions and
 * reviews cost at their rate, the cost of one final label, what overlap and review add — as a
 * chart, a table and a CSV download. Rates are set per member on the Members tab. */
import { useEffect, useState } from "react";
import type { Project } from "../api/types";
import { costsApi, type CostReport } from "../api/teams";
import { ErrorAlert } from "../components/Fields";
import { Text } from "../render";
import { costChart, formatMoney } from "./costChart";
import "./teams.css";

export function CostTab({ project }: { project: Project }) {
  const [report, setReport] = useState<CostReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    costsApi.report(project.id, abort.signal).then(setReport, (err: Error) => {
      if (!abort.signal.aborted) setError(err.message);
    });
    return () => abort.abort();
  }, [project.id]);

  if (error) return <ErrorAlert message={error} />;
  if (!report) return <p className="hint">Loading…</p>;
  const finalNote =
    report.final_source === "final_labels"
      ? "final labels written by the consensus job"
      : "items with all their annotations (no final labels computed yet)";
  return (
    <div className="cost-tab">
      <dl className="figures" aria-label="Cost summary">
        <Figure name="Total cost" value={formatMoney(report.cost)} testId="cost-total" />
        <Figure name="Active hours" value={report.active_hours.toFixed(2)} />
        <Figure name="Annotations" value={String(report.annotations)} />
        <Figure name="Reviews" value={String(report.reviews)} />
        <Figure
          name="Cost per final label"
          value={formatMoney(report.cost_per_final_label)}
          note={`${report.final_labels} ${finalNote}`}
          testId="cost-per-final"
        />
        <Figure
          name="Overlap adds"
          value={formatMoney(report.overlap_cost)}
          note="annotations beyond the first per item"
        />
        <Figure
          name="Review adds"
          value={formatMoney(report.review_cost)}
          note={`hourly reviewers: ${(report.review_hours_each * 60).toFixed(1)} min per review (the mean active time per annotation)`}
        />
      </dl>
      {report.unrated > 0 && (
        <p className="hint" role="note">
          {report.unrated} {report.unrated === 1 ? "person has" : "people have"} work but no rate: set rates
          on the Members tab (their work counts as 0 until then).
        </p>
      )}
      <p>
        <a href={costsApi.csvUrl(project.id)} download className="button" data-testid="cost-csv">
          Download CSV
        </a>
      </p>
      {report.people.length > 0 && (
        <p className="hint cost-legend">
          <span className="swatch labeling" /> labeling <span className="swatch review" /> review
        </p>
      )}
      {report.people.length === 0 ? (
        <p className="hint">No work and no rates yet.</p>
      ) : (
        <>
          <CostChart report={report} />
          <table className="table" aria-label="Cost per person">
            <thead>
              <tr>
                <th>Person</th>
                <th>Rate</th>
                <th className="num">Annotations</th>
                <th className="num">Active hours</th>
                <th className="num">Reviews</th>
                <th className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {report.people.map((p) => (
                <tr key={p.user_id}>
                  <td>
                    <Text value={p.email} />
                  </td>
                  <td>
                    {p.rate === null
                      ? "—"
                      : `${formatMoney(p.rate)} ${p.rate_kind === "hourly" ? "per hour" : "per item"}`}
                  </td>
                  <td className="num">{p.annotations}</td>
                  <td className="num">{p.active_hours.toFixed(2)}</td>
                  <td className="num">{p.reviews}</td>
                  <td className="num">{formatMoney(p.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function Figure({
  name,
  value,
  note,
  testId,
}: {
  name: string;
  value: string;
  note?: string;
  testId?: string;
}) {
  return (
    <div className="figure">
      <dt>{name}</dt>
      <dd data-testid={testId}>{value}</dd>
      {note && <dd className="hint">{note}</dd>}
    </div>
  );
}

function CostChart({ report }: { report: CostReport }) {
  const g = costChart(
    report.people.map((p) => ({ label: p.email, annotation: p.annotation_cost, review: p.review_cost })),
  );
  return (
    <svg
      className="cost-chart"
      viewBox={`0 0 ${g.width} ${g.height}`}
      width={g.width}
      height={g.height}
      role="img"
      aria-label="Cost per person: labeling and review"
      data-testid="cost-chart"
    >
      {g.ticks.map((t) => (
        <g key={t.label}>
          <line x1={t.x} x2={t.x} y1={0} y2={g.height - 18} className="grid" />
          <text x={t.x} y={g.height - 4} textAnchor="middle" className="tick">
            {t.label}
          </text>
        </g>
      ))}
      {g.bars.map((b, i) => (
        <g key={i}>
          <text x={g.left - 6} y={b.y + g.barHeight * 0.75} textAnchor="end" className="bar-label">
            <Text value={b.label} />
          </text>
          <rect x={g.left} y={b.y} width={b.annotationWidth} height={g.barHeight} className="labeling">
            <title>{`${b.label}: ${formatMoney(b.total)}`}</title>
          </rect>
          {b.reviewWidth > 0 && (
            <rect x={b.reviewX} y={b.y} width={b.reviewWidth} height={g.barHeight} className="review" />
          )}
        </g>
      ))}
    </svg>
  );
}
