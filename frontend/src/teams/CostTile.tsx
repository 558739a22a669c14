/** The Dashboard's cost tile (managers only: the cost report is theirs, reviewers get 403 there):
 * total cost, cost per final label, what overlap and review add, with links to the Time & cost
 * tab and its CSV. The figures are the ones `CostTab` shows, from the same `GET /costs`. */
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import type { Project } from "../api/types";
import { costsApi, type CostReport } from "../api/teams";
import { Text } from "../render";
import { formatMoney } from "./costChart";
import "./teams.css";

export function CostTile({ project }: { project: Project }) {
  const [report, setReport] = useState<CostReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    setReport(null);
    setError(null);
    costsApi.report(project.id, abort.signal).then(
      (r) => {
        if (!abort.signal.aborted) setReport(r);
      },
      (err: Error) => {
        if (!abort.signal.aborted) setError(err.message);
      },
    );
    return () => abort.abort();
  }, [project.id]);

  return (
    <section className="card cost-tile" data-testid="cost-tile">
      <h3>Time &amp; cost</h3>
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {!error && !report && <p className="hint">Loading…</p>}
      {report && (
        <dl className="figures" aria-label="Cost summary">
          <div className="figure">
            <dt>Total cost</dt>
            <dd data-testid="tile-cost-total">{formatMoney(report.cost)}</dd>
          </div>
          <div className="figure">
            <dt>Per final label</dt>
            <dd data-testid="tile-cost-per-final">{formatMoney(report.cost_per_final_label)}</dd>
          </div>
          <div className="figure">
            <dt>Overlap adds</dt>
            <dd data-testid="tile-overlap-cost">{formatMoney(report.overlap_cost)}</dd>
          </div>
          <div className="figure">
            <dt>Review adds</dt>
            <dd data-testid="tile-review-cost">{formatMoney(report.review_cost)}</dd>
          </div>
        </dl>
      )}
      {report && report.unrated > 0 && (
        <p className="hint">
          {report.unrated} {report.unrated === 1 ? "person has" : "people have"} work but no rate.
        </p>
      )}
      <p>
        <Link to={`/projects/${project.id}/cost`}>Details on Time &amp; cost</Link> ·{" "}
        <a href={costsApi.csvUrl(project.id)} download data-testid="tile-cost-csv">
          CSV
        </a>
      </p>
    </section>
  );
}
