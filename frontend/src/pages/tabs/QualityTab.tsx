/** Agreement per control (Krippendorff's alpha with its interval) and per-annotator quality. */
import { useEffect, useState } from "react";
import { api } from "../../api/endpoints";
import type { AgreementReport, AnnotatorQuality, Project } from "../../api/types";
import { Text } from "../../render";

export function fmt(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || Number.isNaN(x) ? "—" : x.toFixed(digits);
}

export function QualityTab({ project }: { project: Project }) {
  const [report, setReport] = useState<AgreementReport | null>(null);
  const [annotators, setAnnotators] = useState<AnnotatorQuality[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.agreement(project.id).then(setReport, (err: Error) => setError(err.message));
    api.annotators(project.id).then(setAnnotators, (err: Error) => setError(err.message));
  }, [project.id]);

  const controls = project.schema.controls.map((c) => c.name);
  return (
    <div className="quality">
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      <h2>Agreement</h2>
      {report === null && !error && <p className="hint">Loading…</p>}
      {report && (
        <>
          <p className="hint">
            Overall α {fmt(report.overall_alpha)} · {report.n_items.toLocaleString()} items ·{" "}
            {report.n_annotators} annotators. α needs items with two or more submitted annotations.
          </p>
          <table className="table">
            <thead>
              <tr>
                <th>Control</th>
                <th>Method</th>
                <th className="num">α</th>
                <th className="num">95% interval</th>
                <th className="num">Items</th>
                <th className="num">Annotations</th>
              </tr>
            </thead>
            <tbody>
              {report.controls.map((c) => (
                <tr key={c.control}>
                  <td>
                    <Text value={c.control} /> <span className="hint">{c.type}</span>
                  </td>
                  <td>
                    <Text value={c.method} />
                  </td>
                  <td className="num">{fmt(c.alpha)}</td>
                  <td className="num">{c.ci_low === null ? "—" : `${fmt(c.ci_low)} – ${fmt(c.ci_high)}`}</td>
                  <td className="num">
                    {c.n_items.toLocaleString()}
                    {c.sampled_items ? <span className="hint"> (sampled {c.sampled_items})</span> : null}
                  </td>
                  <td className="num">{c.n_annotations.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>Annotators</h2>
      {annotators && annotators.length === 0 && <p className="hint">No submitted annotations yet.</p>}
      {annotators && annotators.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Annotator</th>
              <th className="num">Annotations</th>
              <th className="num">Median time</th>
              {controls.map((c) => (
                <th key={c} className="num" title="agreement with consensus / reliability">
                  <Text value={c} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {annotators.map((a) => (
              <tr key={a.annotator}>
                <td>
                  <Text value={a.annotator} />
                </td>
                <td className="num">{a.n_annotations.toLocaleString()}</td>
                <td className="num">{fmt(a.median_lead_time_ms / 1000, 1)} s</td>
                {controls.map((c) => {
                  const q = a.controls[c];
                  return (
                    <td key={c} className="num" title={q ? `compared on ${q.n_compared} items` : undefined}>
                      {q ? `${fmt(q.agreement_with_consensus)} / ${fmt(q.reliability)}` : "—"}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">Per control: agreement with the consensus / estimated reliability.</p>
    </div>
  );
}
