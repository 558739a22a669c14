/** Alert rules (managers add, switch off and remove them; reviewers read) and the recent alerts. */
import { useState } from "react";
import { dashboardApi, type AlertEntry, type Metric } from "../api/dashboard";
import { Text } from "../render";
import { fmt } from "../quality/format";
import { useLoad } from "../scorecards/useLoad";

export const METRICS: { value: Metric; label: string }[] = [
  { value: "honeypot_accuracy", label: "Team quality-check accuracy (7 days)" },
  { value: "agreement", label: "Agreement of items done (7 days)" },
  { value: "throughput_per_day", label: "Annotations in the last 24 h" },
  { value: "review_backlog", label: "Review backlog" },
  { value: "adjudication_backlog", label: "Adjudication backlog" },
  { value: "annotator_accuracy", label: "Any annotator's quality-check accuracy" },
];

const metricLabel = (m: string) => METRICS.find((x) => x.value === m)?.label ?? m;

export function AlertsPanel({ projectId, canEdit }: { projectId: number; canEdit: boolean }) {
  const [version, setVersion] = useState(0);
  const rules = useLoad(`${projectId}:${version}`, (signal) => dashboardApi.rules(projectId, signal));
  const history = useLoad(`${projectId}:${version}`, (signal) => dashboardApi.alerts(projectId, signal));
  const [error, setError] = useState<string | null>(null);
  const reload = () => setVersion((v) => v + 1);
  const act = (work: Promise<unknown>) =>
    work.then(
      () => {
        setError(null);
        reload();
      },
      (err: Error) => setError(err.message),
    );
  return (
    <section className="alerts-panel" data-testid="alerts-panel">
      <h3>Alerts</h3>
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {rules.kind === "error" && (
        <p className="error">
          <Text value={rules.message} />
        </p>
      )}
      {rules.kind === "ok" &&
        (rules.value.length === 0 ? (
          <p className="hint">No alert rules yet.</p>
        ) : (
          <table className="table" data-testid="alert-rules">
            <thead>
              <tr>
                <th>When</th>
                <th>Webhook</th>
                <th>State</th>
                {canEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {rules.value.map((r) => (
                <tr key={r.id}>
                  <td>
                    {metricLabel(r.metric)} {r.direction} {fmt(r.threshold, 3)}
                  </td>
                  <td>{r.webhook_url ? <Text value={r.webhook_url} /> : "—"}</td>
                  <td>
                    {!r.enabled ? "off" : r.firing ? <span className="badge warn">firing</span> : "watching"}
                  </td>
                  {canEdit && (
                    <td>
                      <button
                        type="button"
                        onClick={() => act(dashboardApi.updateRule(projectId, r.id, { enabled: !r.enabled }))}
                      >
                        {r.enabled ? "Switch off" : "Switch on"}
                      </button>{" "}
                      <button type="button" onClick={() => act(dashboardApi.deleteRule(projectId, r.id))}>
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {canEdit && <NewRule onSubmit={(body) => act(dashboardApi.createRule(projectId, body))} />}
      <h4>Recent alerts</h4>
      {history.kind === "ok" && <AlertList alerts={history.value} />}
    </section>
  );
}

function NewRule({
  onSubmit,
}: {
  onSubmit: (body: {
    metric: Metric;
    direction: "below" | "above";
    threshold: number;
    webhook_url: string | null;
  }) => void;
}) {
  const [metric, setMetric] = useState<Metric>("honeypot_accuracy");
  const [direction, setDirection] = useState<"below" | "above">("below");
  const [threshold, setThreshold] = useState("0.8");
  const [webhook, setWebhook] = useState("");
  const value = Number(threshold);
  const valid = threshold.trim() !== "" && Number.isFinite(value);
  return (
    <form
      className="rule-form"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSubmit({ metric, direction, threshold: value, webhook_url: webhook.trim() || null });
      }}
    >
      <label>
        Metric{" "}
        <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} aria-label="Metric">
          {METRICS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        goes{" "}
        <select
          value={direction}
          onChange={(e) => setDirection(e.target.value as "below" | "above")}
          aria-label="Direction"
        >
          <option value="below">below</option>
          <option value="above">above</option>
        </select>
      </label>{" "}
      <label>
        Threshold{" "}
        <input
          aria-label="Threshold"
          inputMode="decimal"
          value={threshold}
          onChange={(e) => setThreshold(e.target.value)}
          size={6}
        />
      </label>{" "}
      <label>
        Webhook (optional){" "}
        <input
          aria-label="Webhook URL"
          type="url"
          placeholder="https://…"
          value={webhook}
          onChange={(e) => setWebhook(e.target.value)}
        />
      </label>{" "}
      <button type="submit" disabled={!valid}>
        Add rule
      </button>
    </form>
  );
}

export function AlertList({ alerts }: { alerts: AlertEntry[] }) {
  if (alerts.length === 0) return <p className="hint">No alert has fired.</p>;
  return (
    <ul className="alert-list" data-testid="alert-history">
      {alerts.map((a) => (
        <li key={a.id}>
          <time dateTime={a.fired_at}>{a.fired_at.slice(0, 16).replace("T", " ")}</time> —{" "}
          <Text value={a.message} />
          {a.webhook_status && (
            <small className="hint">
              {" "}
              (webhook: <Text value={a.webhook_status} />)
            </small>
          )}
        </li>
      ))}
    </ul>
  );
}
