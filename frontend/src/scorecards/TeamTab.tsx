/**
 * The team table (managers): everyone who labels, in the server's order of who needs help
 * (paused, failed exam, low accuracy on quality checks, then the rest: docs/API.md), and a
 * drill-down into one annotator's scorecard.
 */
import { useState } from "react";
import { feedbackApi } from "../api/endpoints";
import type { Project, TeamRow } from "../api/types";
import { Text } from "../render";
import { fmtRate, fmtSeconds } from "../quality/format";
import { attentionText, pct } from "./attention";
import { ScorecardView } from "./ScorecardView";
import { useLoad } from "./useLoad";

export function TeamTable({
  rows,
  below,
  selected,
  onSelect,
}: {
  rows: TeamRow[];
  below: number;
  selected: number | null;
  onSelect: (userId: number) => void;
}) {
  if (rows.length === 0) return <p className="hint">Nobody labels on this project yet.</p>;
  return (
    <table className="table team" data-testid="team-table">
      <thead>
        <tr>
          <th>Annotator</th>
          <th>Needs</th>
          <th className="num">Quality checks</th>
          <th>Weakest control</th>
          <th className="num">Agreement</th>
          <th className="num">Items</th>
          <th className="num">Median time</th>
          <th>Exams</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.user_id}
            className={[r.attention.length ? "attention" : "", selected === r.user_id ? "selected" : ""]
              .join(" ")
              .trim()}
          >
            <td>
              <button type="button" className="link" onClick={() => onSelect(r.user_id)}>
                <Text value={r.email} />
              </button>
            </td>
            <td>{r.attention.length ? <span className="badge warn">{attentionText(r)}</span> : ""}</td>
            <td className="num">
              {r.honeypot_accuracy.n ? `${pct(r.honeypot_accuracy.value)} (n=${r.honeypot_accuracy.n})` : "—"}
            </td>
            <td>
              {r.weakest_control ? (
                <span
                  className={
                    r.weakest_accuracy.value !== null && r.weakest_accuracy.value < below ? "below" : ""
                  }
                >
                  <Text value={r.weakest_control} /> {pct(r.weakest_accuracy.value)}
                </span>
              ) : (
                "—"
              )}
            </td>
            <td className={r.agreement.too_few ? "num too-few" : "num"}>{fmtRate(r.agreement)}</td>
            <td className="num">{r.items_done.toLocaleString()}</td>
            <td className="num">{fmtSeconds(r.median_lead_time_ms)}</td>
            <td>
              {r.exams_taken === 0
                ? "—"
                : `${r.exams_taken} taken, last ${r.last_exam_passed ? "passed" : "failed"}`}
              {r.certified && <span className="badge"> certified</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TeamTab({ project }: { project: Project }) {
  const team = useLoad(String(project.id), (signal) => feedbackApi.team(project.id, signal));
  const [selected, setSelected] = useState<number | null>(null);
  const card = useLoad(selected === null ? null : `${project.id}:${selected}`, (signal) =>
    feedbackApi.scorecard(project.id, selected ?? 0, signal),
  );
  if (team.kind === "loading") return <p className="hint">Loading…</p>;
  if (team.kind === "error")
    return (
      <p className="error">
        <Text value={team.message} />
      </p>
    );
  const { rows, below, window } = team.value;
  return (
    <div className="team-tab">
      <p className="hint">
        Who needs help first: paused, then a failed exam, then a control under {pct(below)} on the last{" "}
        {window} quality checks; then the lowest accuracy.
      </p>
      <TeamTable rows={rows} below={below} selected={selected} onSelect={setSelected} />
      {selected !== null && (
        <section className="drilldown" aria-label="Scorecard">
          <h2>
            <Text value={rows.find((r) => r.user_id === selected)?.email ?? ""} />
          </h2>
          {card.kind === "loading" && <p className="hint">Loading…</p>}
          {card.kind === "error" && (
            <p className="error">
              <Text value={card.message} />
            </p>
          )}
          {card.kind === "ok" && <ScorecardView card={card.value} threshold={below} own={false} />}
        </section>
      )}
    </div>
  );
}
