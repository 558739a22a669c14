/**
 * The monitoring dashboard (reviewers and managers): progress and forecast, throughput per day,
 * agreement and quality-check accuracy over time, confusion across the team, drifting
 * annotators, backlogs — charts first — then, for managers, the cost tile (the Time & cost tab's
 * headline figures) and the alerts panel (rules editor for managers).
 * The server answers at once from its latest computed series; while newer submissions exist
 * (`stale`) the tab says how old they are and asks again every `POLL_MS` until they are fresh.
 */
import { useEffect, useState } from "react";
import { dashboardApi, type Dashboard } from "../api/dashboard";
import type { Project } from "../api/types";
import { Text } from "../render";
import { AccuracyChart } from "../scorecards/AccuracyChart";
import { ConfusionTable } from "../scorecards/ConfusionTable";
import type { Loaded } from "../scorecards/useLoad";
import { CostTile } from "../teams/CostTile";
import { AlertsPanel } from "./AlertsPanel";
import { BacklogTiles, DriftList, ProgressPanel, TeamConfusionTable, ThroughputBars } from "./Charts";
import { dayPoints } from "./charts";
import "./dashboard.css";

export const PERIODS = [7, 30, 90];
export const POLL_MS = 5000;

/** "Updated 3 minutes ago; refreshing…" for series computed at `computedAt`. */
export function staleText(computedAt: string, now: number = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(computedAt)) / 60000));
  const ago = minutes === 0 ? "less than a minute" : minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return `Updated ${ago} ago; refreshing…`;
}

/** The dashboard of one period, loaded again every `pollMs` while the answer is stale (no
 * "Loading…" in between: the last answer stays on screen). */
function useDashboard(projectId: number, days: number, pollMs: number): Loaded<Dashboard> {
  const [state, setState] = useState<Loaded<Dashboard>>({ kind: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ kind: "loading" });
    const load = () =>
      dashboardApi.get(projectId, days, controller.signal).then(
        (value) => {
          if (controller.signal.aborted) return;
          setState({ kind: "ok", value });
          if (value.stale) timer = setTimeout(load, pollMs);
        },
        (err: Error) => {
          if (!controller.signal.aborted) setState({ kind: "error", message: err.message });
        },
      );
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [projectId, days, pollMs]);
  return state;
}

export function DashboardTab({ project, pollMs = POLL_MS }: { project: Project; pollMs?: number }) {
  const [days, setDays] = useState(30);
  const state = useDashboard(project.id, days, pollMs);
  return (
    <div className="dashboard" data-testid="dashboard">
      <label className="period">
        Period{" "}
        <select aria-label="Period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {PERIODS.map((d) => (
            <option key={d} value={d}>
              last {d} days
            </option>
          ))}
        </select>
      </label>
      {state.kind === "loading" && <p className="hint">Loading…</p>}
      {state.kind === "error" && (
        <p className="error" role="alert">
          <Text value={state.message} />
        </p>
      )}
      {state.kind === "ok" && state.value.stale && (
        <p className="hint" data-testid="dashboard-stale" role="status">
          {staleText(state.value.computed_at)}
        </p>
      )}
      {state.kind === "ok" && <DashboardView data={state.value} />}
      {project.role === "manager" && <CostTile project={project} />}
      <AlertsPanel projectId={project.id} canEdit={project.role === "manager"} />
    </div>
  );
}

export function DashboardView({ data }: { data: Dashboard }) {
  const agreement = dayPoints(data.agreement.map((p) => ({ day: p.day, n: p.n_items, value: p.agreement })));
  const honeypots = dayPoints(data.honeypot_accuracy.map((p) => ({ day: p.day, n: p.n, value: p.accuracy })));
  const teamConfusion = data.team_confusion.filter((c) => c.n_pairs > 0);
  const goldConfusion = data.gold_confusion.filter((c) => c.n > 0);
  return (
    <div className="dashboard-grid">
      <section className="card wide">
        <h3>Progress</h3>
        <ProgressPanel progress={data.progress} forecast={data.forecast} />
      </section>
      <section className="card">
        <h3>Backlogs</h3>
        <BacklogTiles backlogs={data.backlogs} />
      </section>
      <section className="card">
        <h3>Throughput per day (last {data.days} days)</h3>
        <ThroughputBars days={data.throughput} />
      </section>
      <section className="card" data-testid="agreement-chart">
        <h3>Agreement of items completed, per day</h3>
        <AccuracyChart points={agreement} threshold={null} />
      </section>
      <section className="card" data-testid="honeypot-chart">
        <h3>Quality-check accuracy of the team, per day</h3>
        <AccuracyChart points={honeypots} threshold={null} />
      </section>
      <section className="card">
        <h3>Drifting annotators</h3>
        <p className="hint">
          Down {Math.round(data.drift_threshold * 100)} points or more in the last {data.recent_days} days
          against their own earlier work.
        </p>
        <DriftList rows={data.drifting} recentDays={data.recent_days} />
      </section>
      <section className="card wide">
        <h3>Confusion across the team</h3>
        {teamConfusion.length === 0 && goldConfusion.length === 0 && (
          <p className="hint">No labels to compare yet.</p>
        )}
        <div className="confusions">
          {teamConfusion.map((c) => (
            <TeamConfusionTable key={`team-${c.control}`} confusion={c} />
          ))}
          {goldConfusion.map((c) => (
            <ConfusionTable key={`gold-${c.control}`} matrix={c} />
          ))}
        </div>
      </section>
    </div>
  );
}
