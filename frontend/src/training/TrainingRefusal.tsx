/** The labeling page when `next` refuses for training (403 `certification_required`,
 * `acknowledge_guideline`, `paused`): the server's message and one button to the right step,
 * instead of an error. */
import { Link } from "react-router-dom";
import { Text } from "../render";
import { refusalAction, useNow } from "./path";
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
  const now = useNow(false);
  const action = refusalAction(code, me, projectId, now);
  return (
    <div className="empty-state training-refusal" role="alert" data-code={code}>
      <h2>{TITLES[code] ?? "Not yet"}</h2>
      <p>
        <Text value={message} />
      </p>
      {action.to ? (
        <Link to={action.to} className="button primary big">
          {action.label}
        </Link>
      ) : (
        <button type="button" className="primary big" disabled>
          {action.label}
        </button>
      )}
      {action.note && (
        <p className="hint">
          <Text value={action.note} />
        </p>
      )}
    </div>
  );
}
