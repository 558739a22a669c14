/** The labeling page when `next` refuses for training (403 `certification_required`,
 * `acknowledge_guideline`, `paused`): the server's message and one button to the right step,
 * instead of an error. */
import { Link } from "react-router-dom";
import { Text } from "../render";
import { formatWait, refusalAction, useNow } from "./path";
import { useTrainingMe } from "./useTrainingMe";
import "./training.css";

const TITLES: Record<string, string> = {
  acknowledge_guideline: "A new guideline version is out",
  certification_required: "Training comes first",
  paused: "You are paused",
};

export function TrainingRefusal({
  projectId,
  code,
  message,
}: {
  projectId: string;
  code: string;
  message: string;
}) {
  const me = useTrainingMe(projectId);
  const now = useNow(me?.exams.next_allowed_at != null);
  const action = refusalAction(code, me, projectId, now);
  const waiting = action.waitUntil !== undefined && action.waitUntil > now;
  return (
    <div className="empty-state training-refusal" role="alert" data-code={code}>
      <h2>{TITLES[code] ?? "Not yet"}</h2>
      <p>
        <Text value={message} />
      </p>
      {action.to && !waiting ? (
        <Link to={action.to} className="button primary big">
          {action.label}
        </Link>
      ) : (
        <button type="button" className="primary big" disabled>
          {action.label}
        </button>
      )}
      {waiting && (
        <p className="hint" role="timer">
          Cool-down: the next attempt opens in {formatWait(action.waitUntil! - now)}
        </p>
      )}
      {action.note && (
        <p className="hint">
          <Text value={action.note} />
        </p>
      )}
    </div>
  );
}
