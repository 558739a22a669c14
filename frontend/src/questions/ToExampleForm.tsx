/**
 * Managers: an answered question becomes an example or counterexample in the guideline draft
 * in one step. The reference (and a counterexample's wrong answer) is given with the labeling
 * widgets; the explanation starts as the answer. The server copies an item annotators were
 * served (it stays in production) and refuses gold of the hidden sets, with a message.
 */
import { useEffect, useState, type FormEvent } from "react";
import { api, feedbackApi } from "../api/endpoints";
import { guidelineApi, type GuidelineSection } from "../api/guidelines";
import type { ItemData, Project, QueuedQuestion, Result } from "../api/types";
import { Text } from "../render";
import { AnswerEditor } from "../guideline/AnswerEditor";

type Kind = "example" | "counterexample";

export function ToExampleForm({
  project,
  question,
  onDone,
}: {
  project: Project;
  question: QueuedQuestion;
  onDone: (message: string) => void;
}) {
  const [data, setData] = useState<ItemData | null>(null);
  const [sections, setSections] = useState<GuidelineSection[]>([]);
  const [kind, setKind] = useState<Kind>("example");
  const [section, setSection] = useState(question.section ?? "");
  const [explanation, setExplanation] = useState(question.answer ?? "");
  const [reference, setReference] = useState<Result>({});
  const [wrong, setWrong] = useState<Result>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (question.item_id === null) return;
    api.item(question.item_id).then(
      (item) => setData(item.data),
      (err: Error) => setError(err.message),
    );
    guidelineApi.draft(project.id).then(
      (draft) => setSections(draft.sections),
      (err: Error) => setError(err.message),
    );
  }, [project.id, question.item_id]);

  if (question.item_id === null) return <p className="hint">The item was deleted.</p>;
  const save = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    feedbackApi
      .toExample(question.id, {
        kind,
        section,
        reference,
        explanation,
        wrong_result: kind === "counterexample" ? wrong : null,
      })
      .then(
        (made) =>
          onDone(
            made.copied
              ? "Added to the guideline draft, on a copy of the item (the item stays in production)."
              : "Added to the guideline draft.",
          ),
        (err: Error) => {
          setError(err.message);
          setBusy(false);
        },
      );
  };
  return (
    <form className="to-example" onSubmit={save} aria-label="Make it an example">
      <div className="row">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="example">example</option>
            <option value="counterexample">counterexample</option>
          </select>
        </label>
        <label>
          Section
          <select value={section} onChange={(e) => setSection(e.target.value)}>
            <option value="">choose a section…</option>
            {sections.map((s) => (
              <option key={s.anchor} value={s.anchor}>
                {"  ".repeat(Math.max(0, s.depth - 1))}
                {s.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      {data && (
        <AnswerEditor
          project={project}
          data={data}
          value={reference}
          onChange={setReference}
          label="Right answer"
        />
      )}
      {data && kind === "counterexample" && (
        <AnswerEditor project={project} data={data} value={wrong} onChange={setWrong} label="Wrong answer" />
      )}
      <label>
        Explanation
        <textarea rows={3} value={explanation} onChange={(e) => setExplanation(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      <footer>
        <button type="submit" className="primary" disabled={busy || !section}>
          Add to the guideline draft
        </button>
      </footer>
    </form>
  );
}
