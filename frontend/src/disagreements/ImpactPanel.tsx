/**
 * "After guideline vX": agreement on the affected labels (the labels of cases made questions or
 * examples, unless the reviewer picks others) among answers saved under earlier versions against
 * answers saved under the chosen version or later, as a small chart with bootstrap intervals.
 */
import { useEffect, useState } from "react";
import { disagreementsApi, type Impact } from "../api/disagreements";
import { guidelineApi, type GuidelineVersion } from "../api/guidelines";
import type { Project } from "../api/types";
import { Text } from "../render";
import { IMPACT_BOX, impactGeometry } from "./impactChart";

export function ImpactPanel({ project, labelChoices }: { project: Project; labelChoices: string[] }) {
  const [versions, setVersions] = useState<GuidelineVersion[] | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  const [labels, setLabels] = useState<string[]>([]);
  const [impact, setImpact] = useState<Impact | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    guidelineApi.versions(project.id).then(
      (found) => {
        setVersions(found);
        if (found.length > 0) setVersion(found[0].id); // newest first
      },
      (err: Error) => setError(err.message),
    );
  }, [project.id]);

  useEffect(() => {
    if (version === null) return;
    const ctrl = new AbortController();
    setError(null);
    disagreementsApi.impact(project.id, version, labels, ctrl.signal).then(setImpact, (err: Error) => {
      if (!ctrl.signal.aborted) setError(err.message);
    });
    return () => ctrl.abort();
  }, [project.id, version, labels]);

  const chosen = versions?.find((v) => v.id === version);
  return (
    <section className="impact-panel card" aria-label="Guideline impact">
      <h3>{chosen ? `After guideline v${chosen.major}.${chosen.minor}` : "After a guideline version"}</h3>
      {versions?.length === 0 && <p className="hint">No guideline version is published yet.</p>}
      {versions && versions.length > 0 && (
        <div className="row">
          <label>
            Version
            <select value={version ?? ""} onChange={(e) => setVersion(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  v{v.major}.{v.minor}
                </option>
              ))}
            </select>
          </label>
          <label>
            Labels
            <select
              multiple
              size={Math.min(4, Math.max(2, labelChoices.length))}
              value={labels}
              onChange={(e) => setLabels(Array.from(e.target.selectedOptions, (o) => o.value))}
              aria-label="Labels"
            >
              {labelChoices.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <span className="hint">none chosen: the labels of cases made questions or examples</span>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {impact && impact.labels.length === 0 && (
        <p className="hint">
          No affected labels yet: make a case a question or an example, or choose labels.
        </p>
      )}
      {impact && impact.labels.length > 0 && <ImpactChart impact={impact} />}
    </section>
  );
}

export function ImpactChart({ impact }: { impact: Impact }) {
  const g = impactGeometry(impact);
  const before = impact.previous
    ? `v${impact.previous.major}.${impact.previous.minor} and earlier`
    : "before";
  const after = `v${impact.version.major}.${impact.version.minor} and later`;
  return (
    <figure className="impact-chart">
      <svg
        width={IMPACT_BOX.width}
        height={g.height}
        role="img"
        aria-label={`Agreement ${before} and ${after}`}
      >
        {g.xTicks.map((t) => (
          <g key={t.label}>
            <line x1={t.x} x2={t.x} y1={IMPACT_BOX.top} y2={g.height - IMPACT_BOX.axis} className="grid" />
            <text x={t.x} y={g.height - 6} textAnchor="middle" className="tick">
              {t.label}
            </text>
          </g>
        ))}
        {g.rows.map((row) => (
          <g key={row.label}>
            <text x={4} y={(row.before.y + row.after.y) / 2 + 4} className="row-label">
              {row.label}
            </text>
            {(["before", "after"] as const).map((side) => {
              const m = row[side];
              return (
                <g key={side} className={`impact-${side}`}>
                  {m.bar && <rect x={m.bar.x} y={m.y - 2} width={m.bar.width} height={4} className="ci" />}
                  {m.dot !== null && <circle cx={m.dot} cy={m.y} r={4} className="dot" />}
                  <title>{`${side}: ${m.text}`}</title>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption>
        <span className="impact-before-key">● {before}</span>{" "}
        <span className="impact-after-key">● {after}</span>
      </figcaption>
      <table className="impact-table" data-testid="impact-table">
        <thead>
          <tr>
            <th>Label</th>
            <th>{before}</th>
            <th>{after}</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {g.rows.map((row) => (
            <tr key={row.label}>
              <td>
                <Text value={row.label} />
              </td>
              <td>{row.before.text}</td>
              <td>{row.after.text}</td>
              <td className={row.up === null ? "" : row.up ? "up" : "down"}>{row.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
