/**
 * The project's quality: Krippendorff's α per control with its interval, annotator scorecards,
 * and the consensus of each item (server-paged). For managers and reviewers.
 */
import { useEffect, useState } from "react";
import { api } from "../../api/endpoints";
import type { AgreementReport, AnnotatorQuality, Project } from "../../api/types";
import { Text } from "../../render";
import { AgreementPlot, AgreementTable } from "../../quality/AgreementPlot";
import { ConsensusSection } from "../../quality/ConsensusTable";
import { fmt } from "../../quality/format";
import { ReliabilityBars, ScorecardTable } from "../../quality/Scorecards";
import "../../quality/quality.css";

export { fmt };

export const DEFAULT_THRESHOLD = 0.6;

type Loaded<T> = { state: "loading" } | { state: "error"; message: string } | { state: "ok"; data: T };

function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [value, setValue] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    const ctrl = new AbortController();
    setValue({ state: "loading" });
    load(ctrl.signal).then(
      (data) => setValue({ state: "ok", data }),
      (err: Error) => {
        if (err.name !== "AbortError") setValue({ state: "error", message: err.message });
      },
    );
    return () => ctrl.abort();
  }, deps);
  return value;
}

function ErrorLine({ message }: { message: string }) {
  return (
    <p className="error" role="alert">
      <Text value={message} />
    </p>
  );
}

export function QualityTab({ project }: { project: Project }) {
  const [refresh, setRefresh] = useState(0);
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [thresholdInput, setThresholdInput] = useState(String(DEFAULT_THRESHOLD));
  const report = useLoad<AgreementReport>((s) => api.agreement(project.id, s), [project.id, refresh]);
  const annotators = useLoad<AnnotatorQuality[]>((s) => api.annotators(project.id, s), [project.id, refresh]);

  const controls = project.schema.controls.map((c) => ({ name: c.name, type: String(c.type) }));
  const controlNames = controls.map((c) => c.name);
  const empty = report.state === "ok" && report.data.n_items === 0;

  return (
    <div className="quality">
      <div className="quality-toolbar">
        <label>
          Flag below{" "}
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={thresholdInput}
            aria-label="Flag threshold"
            onChange={(e) => {
              setThresholdInput(e.target.value);
              const v = Number(e.target.value);
              if (e.target.value !== "" && Number.isFinite(v) && v >= 0 && v <= 1) setThreshold(v);
            }}
          />
        </label>
        <span className="hint">
          annotators with lower reliability and items with lower agreement are highlighted
        </span>
        <button type="button" onClick={() => setRefresh((n) => n + 1)}>
          Refresh
        </button>
      </div>

      <section aria-labelledby="q-agreement">
        <h2 id="q-agreement">Agreement</h2>
        {report.state === "loading" && <p className="hint">Computing agreement…</p>}
        {report.state === "error" && <ErrorLine message={report.message} />}
        {empty && (
          <div className="empty-state">
            <p>
              <strong>No submitted annotations yet.</strong>
            </p>
            <p className="hint">
              Agreement, annotator scorecards and the consensus of each item show up here once annotators
              submit their work. α compares items with two or more submitted annotations
              {project.schema.overlap && project.schema.overlap > 1
                ? ` (this project asks for ${project.schema.overlap} per item).`
                : "; raise the project's overlap in the Schema tab to have items labelled more than once."}
            </p>
          </div>
        )}
        {report.state === "ok" && !empty && (
          <>
            <p className="hint">
              Overall α {fmt(report.data.overall_alpha)} (mean over controls with at least{" "}
              {report.data.min_items} items) · {report.data.n_items.toLocaleString()} items with submitted
              annotations · {report.data.n_annotators} annotators. The shaded zones are Krippendorff's usual
              bars: α ≥ 0.8 reliable, ≥ 0.667 tentative.
            </p>
            <AgreementPlot controls={report.data.controls} />
            <AgreementTable controls={report.data.controls} />
          </>
        )}
      </section>

      {!empty && (
        <section aria-labelledby="q-annotators">
          <h2 id="q-annotators">Annotators</h2>
          {annotators.state === "loading" && <p className="hint">Loading scorecards…</p>}
          {annotators.state === "error" && <ErrorLine message={annotators.message} />}
          {annotators.state === "ok" && annotators.data.length === 0 && (
            <p className="hint">No submitted annotations yet.</p>
          )}
          {annotators.state === "ok" && annotators.data.length > 0 && (
            <>
              <p className="hint">
                Agreement: how close each annotator is to the consensus of the others on the same items (each
                other's vote weighs how often they agree with the team; an exact tie counts as an equal share
                of each tied answer). Reliability: that agreement beyond chance (Cohen's κ) for single
                choices, the agreement otherwise. Rates over fewer than{" "}
                {report.state === "ok" ? report.data.min_items : "the minimum"} items show as &quot;too few
                items&quot;.
              </p>
              <ScorecardTable annotators={annotators.data} controls={controlNames} threshold={threshold} />
              <div className="small-multiples">
                {controlNames.map((c) => (
                  <ReliabilityBars key={c} control={c} annotators={annotators.data} threshold={threshold} />
                ))}
              </div>
            </>
          )}
        </section>
      )}

      {!empty && (
        <section aria-labelledby="q-consensus">
          <h2 id="q-consensus">Consensus</h2>
          <ConsensusSection key={refresh} projectId={project.id} controls={controls} threshold={threshold} />
        </section>
      )}
    </div>
  );
}
