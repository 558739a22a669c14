/** The Review tab (reviewers and managers): the review policy, the backlog per tier and the
 * decided counts, "Start reviewing"; for managers, each reviewer's score (against gold and
 * against tier-2 experts) and the latest verdicts. Tier 1 is the reviewers' (and managers'),
 * tier 2 — the experts' — the managers'. */
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { reviewApi, type ReviewPage, type ReviewSummary, type ReviewerScore } from "../api/review";
import type { Project } from "../api/types";
import { Text } from "../render";
import { ReviewPolicyForm } from "./ReviewPolicyForm";
import "./review.css";

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

export function policyWords(s: Pick<ReviewSummary, "sample" | "share" | "tiers">): string {
  const sample =
    s.sample === "none"
      ? "Nothing is sampled for review"
      : s.sample === "all"
        ? "Every submission is reviewed"
        : s.sample === "share"
          ? `${pct(s.share)} of submissions are reviewed`
          : `At least ${pct(s.share)} of submissions are reviewed, more for new or less accurate annotators`;
  return `${sample}; ${s.tiers === 2 ? "two tiers (reviewers, then managers as experts)" : "one tier"}.`;
}

export function ReviewTab({ project }: { project: Project }) {
  const [summary, setSummary] = useState<ReviewSummary | null>(null);
  const [scores, setScores] = useState<ReviewerScore[] | null>(null);
  const [recent, setRecent] = useState<ReviewPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const manager = project.role === "manager";
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    reviewApi.summary(project.id).then(setSummary, (err: Error) => setError(err.message));
  }, [project.id, asked]);
  useEffect(() => {
    if (manager) {
      reviewApi.reviewers(project.id).then(setScores, (err: Error) => setError(err.message));
      reviewApi.reviews(project.id, 1, 20).then(setRecent, (err: Error) => setError(err.message));
    }
  }, [project.id, manager]);

  return (
    <div className="review-tab">
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
      {!summary && !error && <p className="hint">Loading…</p>}
      {summary && (
        <>
          <p className="hint">{policyWords(summary)}</p>
          {manager && !project.archived_at && (
            <ReviewPolicyForm
              key={`${summary.sample}-${summary.share}-${summary.tiers}`}
              projectId={project.id}
              current={summary}
              onSaved={() => setAsked((n) => n + 1)}
            />
          )}
          <div className="review-counts" data-testid="review-counts">
            <div className="count">
              <strong data-testid="pending-tier1">{summary.pending.tier1}</strong> waiting at tier 1
            </div>
            {(summary.tiers === 2 || summary.pending.tier2 > 0) && (
              <div className="count">
                <strong data-testid="pending-tier2">{summary.pending.tier2}</strong> waiting at tier 2
                (experts)
              </div>
            )}
            <div className="count">
              <strong>{summary.accepted}</strong> accepted
            </div>
            <div className="count">
              <strong>{summary.fixed}</strong> fixed
            </div>
            <div className="count">
              <strong>{summary.rejected}</strong> sent back
            </div>
          </div>
          {summary.your_tiers.length > 0 && !project.archived_at && (
            <Link to={`/projects/${project.id}/review/next`} className="button primary big">
              Start reviewing
            </Link>
          )}
        </>
      )}
      {manager && scores && (
        <section aria-label="Reviewer scores">
          <h2>Reviewers</h2>
          {scores.length === 0 ? (
            <p className="hint">No verdicts yet.</p>
          ) : (
            <table className="table" data-testid="reviewer-scores">
              <thead>
                <tr>
                  <th>Reviewer</th>
                  <th>Verdicts</th>
                  <th>Accepted / sent back / fixed</th>
                  <th title="Verdicts on gold items that gold bears out">Against gold</th>
                  <th title="Mean score of their fixes against gold">Fixes vs gold</th>
                  <th title="Tier-1 decisions tier-2 experts confirmed">Experts agreed</th>
                </tr>
              </thead>
              <tbody>
                {scores.map((s) => (
                  <tr key={s.reviewer_id}>
                    <td>
                      <Text value={s.reviewer} />
                    </td>
                    <td>{s.reviews}</td>
                    <td>
                      {s.accepted} / {s.rejected} / {s.fixed}
                    </td>
                    <td>
                      {pct(s.gold.agreement)} <span className="hint">(n={s.gold.n})</span>
                    </td>
                    <td>{pct(s.gold.fix_score)}</td>
                    <td>
                      {pct(s.experts.agreement)}{" "}
                      <span className="hint">
                        ({s.experts.agreed} agreed, {s.experts.overturned} overturned)
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {manager && recent && recent.reviews.length > 0 && (
        <section aria-label="Latest verdicts">
          <h2>Latest verdicts</h2>
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>Tier</th>
                <th>Verdict</th>
                <th>Reviewer</th>
                <th>Author</th>
                <th>Comment</th>
              </tr>
            </thead>
            <tbody>
              {recent.reviews.map((r) => (
                <tr key={r.id}>
                  <td>{new Date(r.created_at).toLocaleString()}</td>
                  <td>{r.tier}</td>
                  <td>{r.verdict}</td>
                  <td>
                    <Text value={r.reviewer ?? "—"} />
                  </td>
                  <td>
                    <Text value={r.author ?? "—"} />
                  </td>
                  <td>
                    <Text value={r.comment} />
                    {r.guideline_section && (
                      <span className="hint">
                        {" "}
                        (§ <Text value={r.guideline_section} />)
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
