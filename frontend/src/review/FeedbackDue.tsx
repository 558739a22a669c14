/** The labeling page when `next` refuses with 403 `open_review_feedback`: a reviewer sent work
 * back and the annotator has not opened the feedback yet. One button to My work, where it is. */
import { Link } from "react-router-dom";
import { Text } from "../render";

export const FEEDBACK_DUE = "open_review_feedback";

export function FeedbackDue({ projectId, message }: { projectId: string; message: string }) {
  return (
    <div className="empty-state training-refusal" role="alert" data-code={FEEDBACK_DUE}>
      <h2>Feedback is waiting for you</h2>
      <p>
        <Text value={message} />
      </p>
      <Link to={`/projects/${projectId}/work`} className="button primary big">
        Open my feedback
      </Link>
    </div>
  );
}
