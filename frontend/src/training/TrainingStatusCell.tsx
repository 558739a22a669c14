/** The projects list's "Next step" cell for an annotator: where they are and one link to it. */
import { Link } from "react-router-dom";
import { formatWait, nextAction, PATH, currentStep, useNow } from "./path";
import { useTrainingMe } from "./useTrainingMe";
import "./training.css";

export function TrainingStatusCell({ projectId }: { projectId: number }) {
  const me = useTrainingMe(projectId);
  const now = useNow(me !== null && me.exams.next_allowed_at !== null);
  if (!me) return null;
  const action = nextAction(me, projectId, now);
  const step = PATH.find((p) => p.step === currentStep(me))!;
  const waiting = action.waitUntil !== undefined && action.waitUntil > now;
  return (
    <span data-testid={`training-${projectId}`}>
      {me.paused && <strong className="error">Paused · </strong>}
      <span className="hint">{step.name}: </span>
      {action.to && !waiting ? (
        <Link to={action.to}>{action.label}</Link>
      ) : (
        <span>
          {action.label}
          {waiting && ` (opens in ${formatWait(action.waitUntil! - now)})`}
        </span>
      )}
    </span>
  );
}
