/** The caller's own questions on a project, with their answers (shown under "My progress"). */
import { feedbackApi } from "../api/endpoints";
import { Text } from "../render";
import { useLoad } from "../scorecards/useLoad";

export function MyQuestions({ projectId }: { projectId: number }) {
  const mine = useLoad(String(projectId), () => feedbackApi.myQuestions(projectId));
  if (mine.kind !== "ok" || mine.value.length === 0) return null;
  return (
    <section className="my-questions">
      <h3>My questions</h3>
      <ul data-testid="my-questions">
        {mine.value.map((q) => (
          <li key={q.id}>
            <Text value={q.text} />
            {q.answer ? (
              <p className="answer">
                <Text value={q.answer} />
              </p>
            ) : (
              <p className="hint">waiting for an answer</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
