/** The questions queue (managers and reviewers): open questions oldest first, each with an
 * answer box; answering puts the answer in the asker's inbox. */
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { feedbackApi } from "../api/endpoints";
import type { Project, QueuedQuestion } from "../api/types";
import { Text } from "../render";

type Filter = "open" | "answered";

export function QuestionsTab({ project }: { project: Project }) {
  const [filter, setFilter] = useState<Filter>("open");
  const [questions, setQuestions] = useState<QueuedQuestion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    feedbackApi.questions(project.id, filter).then(setQuestions, (err: Error) => setError(err.message));
  }, [project.id, filter]);
  useEffect(reload, [reload]);

  return (
    <div className="questions-tab">
      <div className="toolbar" role="radiogroup" aria-label="Questions shown">
        {(["open", "answered"] as const).map((f) => (
          <label key={f}>
            <input type="radio" name="question-filter" checked={filter === f} onChange={() => setFilter(f)} />{" "}
            {f}
          </label>
        ))}
      </div>
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
      {questions === null && !error && <p className="hint">Loading…</p>}
      {questions?.length === 0 && <p className="hint">No {filter} questions.</p>}
      <ul className="question-list" data-testid="question-queue">
        {questions?.map((q) => (
          <QuestionCard key={q.id} question={q} project={project} onAnswered={reload} />
        ))}
      </ul>
    </div>
  );
}

function QuestionCard({
  question,
  project,
  onAnswered,
}: {
  question: QueuedQuestion;
  project: Project;
  onAnswered: () => void;
}) {
  const [answer, setAnswer] = useState(question.answer ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <li className="card question" data-question={question.id}>
      <header>
        <Text value={question.asker ?? "deleted user"} /> asked on{" "}
        {new Date(question.created_at).toLocaleString()}
        {question.item_id !== null && (
          <>
            {" "}
            about{" "}
            <Link to={`/projects/${project.id}/items?item=${question.item_id}`}>item {question.item_id}</Link>
          </>
        )}
        {question.section && (
          <>
            {" "}
            · section <Text value={question.section} />
          </>
        )}
      </header>
      <blockquote>
        <Text value={question.text} />
      </blockquote>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!answer.trim()) {
            setError("Write an answer first.");
            return;
          }
          setBusy(true);
          feedbackApi.answer(question.id, answer.trim()).then(
            () => {
              setBusy(false);
              onAnswered();
            },
            (err: Error) => {
              setBusy(false);
              setError(err.message);
            },
          );
        }}
      >
        <label>
          Answer
          <textarea rows={3} value={answer} maxLength={20000} onChange={(e) => setAnswer(e.target.value)} />
        </label>
        {error && (
          <p className="error">
            <Text value={error} />
          </p>
        )}
        <footer>
          {question.answered_by && (
            <span className="hint">
              answered by <Text value={question.answered_by} />
            </span>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {question.status === "answered" ? "Update answer" : "Answer"}
          </button>
        </footer>
      </form>
    </li>
  );
}
