/** Managers set the review policy here (`PATCH /api/projects/{id}` with `consensus.review`):
 * what is sampled — nothing, all, a fixed share, or an adaptive share that grows for new and
 * less accurate annotators — and one or two tiers. */
import { useState } from "react";
import { api } from "../api/endpoints";
import type { ReviewSummary } from "../api/review";
import { Text } from "../render";

type Sample = ReviewSummary["sample"];

export function ReviewPolicyForm({
  projectId,
  current,
  onSaved,
}: {
  projectId: number;
  current: Pick<ReviewSummary, "sample" | "share" | "tiers">;
  onSaved: () => void;
}) {
  const [sample, setSample] = useState<Sample>(current.sample);
  const [share, setShare] = useState(String(Math.round(current.share * 100)));
  const [tiers, setTiers] = useState(current.tiers);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const percent = Number(share);
  return (
    <form
      className="review-policy"
      aria-label="Review policy"
      onSubmit={(e) => {
        e.preventDefault();
        if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
          setError("The share is a percentage from 0 to 100.");
          return;
        }
        setBusy(true);
        setError(null);
        api
          .updateProject(projectId, {
            consensus: { review: { sample, share: percent / 100, tiers } },
          })
          .then(
            () => {
              setBusy(false);
              onSaved();
            },
            (err: Error) => {
              setBusy(false);
              setError(err.message);
            },
          );
      }}
    >
      <label>
        Sample for review{" "}
        <select value={sample} onChange={(e) => setSample(e.target.value as Sample)}>
          <option value="none">nothing</option>
          <option value="all">every submission</option>
          <option value="share">a fixed share</option>
          <option value="adaptive">an adaptive share</option>
        </select>
      </label>{" "}
      {(sample === "share" || sample === "adaptive") && (
        <label>
          {sample === "adaptive" ? "at least" : "share"}{" "}
          <input
            type="number"
            min={0}
            max={100}
            step={1}
            value={share}
            onChange={(e) => setShare(e.target.value)}
            style={{ width: "5em" }}
          />
          %
        </label>
      )}{" "}
      <label>
        Tiers{" "}
        <select value={tiers} onChange={(e) => setTiers(Number(e.target.value))}>
          <option value={1}>1 (reviewers)</option>
          <option value={2}>2 (reviewers, then managers as experts)</option>
        </select>
      </label>{" "}
      <button type="submit" disabled={busy}>
        Save policy
      </button>
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
    </form>
  );
}
