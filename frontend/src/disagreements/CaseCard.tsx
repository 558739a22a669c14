/**
 * One ambiguous case: the label pair, its score and why, the items and annotators involved;
 * expanding shows each item with every answer drawn by the labeling widgets (AnswerView, the
 * case's control only). "Ask as question" and "Make guideline example" turn it into a question
 * or a guideline example in one step, after a confirm dialog with the prefilled words.
 */
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { disagreementsApi, type CaseItem, type DisagreementCase } from "../api/disagreements";
import { api } from "../api/endpoints";
import { guidelineApi, type GuidelineSection } from "../api/guidelines";
import type { ItemDetail, Project, Result } from "../api/types";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { AnswerView } from "../labeling/AnswerView";
import { Text } from "../render";
import { caseTitle, exampleText, likelyCorrect, questionText } from "./caseText";

const SHOWN_ITEMS = 5;

type Dialog = { kind: "question" | "example"; item: CaseItem } | null;

export function CaseCard({
  project,
  item: c,
  rank,
  onChanged,
}: {
  project: Project;
  item: DisagreementCase;
  rank: number;
  onChanged: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const manager = project.role === "manager";
  const top = c.items[0];
  return (
    <li className="card case" data-case={`${c.control}:${c.label_a}:${c.label_b}`} aria-label={caseTitle(c)}>
      <header>
        <span className="rank">#{rank}</span>{" "}
        <strong>
          <Text value={c.control} />: <Text value={c.label_a} /> ↔ <Text value={c.label_b} />
        </strong>{" "}
        <span className="badge" title={c.explanation}>
          score {c.score.toFixed(2)}
        </span>{" "}
        <span className="hint">
          {c.n_items} item{c.n_items === 1 ? "" : "s"} · {c.n_annotators} annotator
          {c.n_annotators === 1 ? "" : "s"}
          {c.rejections > 0 && ` · ${c.rejections} rejection${c.rejections === 1 ? "" : "s"}`}
        </span>
      </header>
      <p className="hint explanation">
        <Text value={c.explanation} />
      </p>
      <table className="case-annotators">
        <thead>
          <tr>
            <th>Annotator</th>
            <th>
              <Text value={c.label_a} />
            </th>
            <th>
              <Text value={c.label_b} />
            </th>
            <th>Against the final label</th>
          </tr>
        </thead>
        <tbody>
          {c.annotators.map((a) => (
            <tr key={a.annotator}>
              <td>
                <Text value={a.annotator} />
              </td>
              <td>{a.gave_a}</td>
              <td>{a.gave_b}</td>
              <td>{a.against_final}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.actions.length > 0 && (
        <ul className="case-actions">
          {c.actions.map((a) => (
            <li key={a.id} className="hint">
              {a.kind === "question"
                ? `Asked as question #${a.question_id}`
                : `Made a guideline example (item ${a.example_item_id})`}{" "}
              on {new Date(a.created_at).toLocaleString()}
            </li>
          ))}
        </ul>
      )}
      <footer className="row">
        <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? "Hide items" : "Show items and answers"}
        </button>
        {top && (
          <button type="button" onClick={() => setDialog({ kind: "question", item: top })}>
            Ask as question
          </button>
        )}
        {top && manager && (
          <button type="button" className="primary" onClick={() => setDialog({ kind: "example", item: top })}>
            Make guideline example
          </button>
        )}
      </footer>
      {open && (
        <ul className="case-items">
          {c.items.slice(0, SHOWN_ITEMS).map((i) => (
            <CaseItemView
              key={i.item_id}
              project={project}
              c={c}
              item={i}
              onAsk={() => setDialog({ kind: "question", item: i })}
              onExample={manager ? () => setDialog({ kind: "example", item: i }) : null}
            />
          ))}
          {c.items.length > SHOWN_ITEMS && <li className="hint">and {c.n_items - SHOWN_ITEMS} more</li>}
        </ul>
      )}
      {dialog?.kind === "question" && (
        <QuestionDialog
          project={project}
          c={c}
          initial={dialog.item}
          onClose={(message) => {
            setDialog(null);
            if (message) onChanged(message);
          }}
        />
      )}
      {dialog?.kind === "example" && (
        <ExampleDialog
          project={project}
          c={c}
          initial={dialog.item}
          onClose={(message) => {
            setDialog(null);
            if (message) onChanged(message);
          }}
        />
      )}
    </li>
  );
}

function CaseItemView({
  project,
  c,
  item,
  onAsk,
  onExample,
}: {
  project: Project;
  c: DisagreementCase;
  item: CaseItem;
  onAsk: () => void;
  onExample: (() => void) | null;
}) {
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    api.item(item.item_id, ctrl.signal).then(setDetail, (err: Error) => {
      if (!ctrl.signal.aborted) setError(err.message);
    });
    return () => ctrl.abort();
  }, [item.item_id]);
  const submitted = detail?.annotations.filter((a) => a.status === "submitted") ?? [];
  return (
    <li className="case-item" data-item={item.item_id}>
      <header>
        <Link to={`/projects/${project.id}/items?item=${item.item_id}`}>item {item.item_id}</Link>{" "}
        <span className="hint">
          {item.count_a}× <Text value={c.label_a} />, {item.count_b}× <Text value={c.label_b} /> of{" "}
          {item.n_answers} answers · split {Math.round(item.share * 100)}%
        </span>
        <button type="button" className="link" onClick={onAsk}>
          Ask about this item
        </button>
        {onExample && (
          <button type="button" className="link" onClick={onExample}>
            Make it the example
          </button>
        )}
      </header>
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
      {detail === null && !error && <p className="hint">Loading…</p>}
      {detail && (
        <div className="case-answers">
          {submitted.map((a) => (
            <section key={a.id} className="case-answer" aria-label={`Answer of ${a.author}`}>
              <h4>
                <Text value={a.author} />
              </h4>
              <AnswerView
                schema={project.schema}
                data={detail.data}
                result={a.result as Result}
                controls={[c.control]}
              />
            </section>
          ))}
        </div>
      )}
    </li>
  );
}

function ItemPicker({
  c,
  item,
  onChange,
}: {
  c: DisagreementCase;
  item: CaseItem;
  onChange: (item: CaseItem) => void;
}) {
  return (
    <label>
      Item
      <select
        value={item.item_id}
        onChange={(e) => onChange(c.items.find((i) => i.item_id === Number(e.target.value)) ?? item)}
      >
        {c.items.map((i) => (
          <option key={i.item_id} value={i.item_id}>
            {`item ${i.item_id}: ${i.count_a}× ${c.label_a}, ${i.count_b}× ${c.label_b}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A dialog's one action: busy while it runs, then closes with its message or shows the error. */
function useDialogAction(onClose: (message: string | null) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = <T,>(request: () => Promise<T>, done: (made: T) => string) => {
    setBusy(true);
    setError(null);
    request().then(
      (made) => onClose(done(made)),
      (err: Error) => {
        setError(err.message);
        setBusy(false);
      },
    );
  };
  return { busy, error, setError, run };
}

/** The case and item an action is on, as the API takes them. */
const caseRef = (c: DisagreementCase, item: CaseItem) => ({
  control: c.control,
  label_a: c.label_a,
  label_b: c.label_b,
  item_id: item.item_id,
});

function DialogError({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      <Text value={error} />
    </p>
  ) : null;
}

function QuestionDialog({
  project,
  c,
  initial,
  onClose,
}: {
  project: Project;
  c: DisagreementCase;
  initial: CaseItem;
  onClose: (message: string | null) => void;
}) {
  const [item, setItem] = useState(initial);
  const [text, setText] = useState(questionText(c, initial));
  const pick = (next: CaseItem) => {
    if (text === questionText(c, item)) setText(questionText(c, next));
    setItem(next);
  };
  const { busy, error, run } = useDialogAction(onClose);
  const confirm = () =>
    run(
      () => disagreementsApi.ask(project.id, { ...caseRef(c, item), text }),
      (made) => `Asked as question #${made.question.id}: it is open in the Questions tab.`,
    );
  return (
    <ConfirmDialog
      title="Ask as question"
      confirmLabel="Ask"
      busy={busy}
      onConfirm={confirm}
      onCancel={() => onClose(null)}
    >
      <p>A question about one of the case's items, open for whoever keeps the guideline to answer.</p>
      <ItemPicker c={c} item={item} onChange={pick} />
      <label>
        Question
        <textarea rows={5} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <DialogError error={error} />
    </ConfirmDialog>
  );
}

function ExampleDialog({
  project,
  c,
  initial,
  onClose,
}: {
  project: Project;
  c: DisagreementCase;
  initial: CaseItem;
  onClose: (message: string | null) => void;
}) {
  const [item, setItem] = useState(initial);
  const [sections, setSections] = useState<GuidelineSection[] | null>(null);
  const [section, setSection] = useState("");
  const [correct, setCorrect] = useState(likelyCorrect(c, initial));
  const [kind, setKind] = useState<"example" | "counterexample">("example");
  const [explanation, setExplanation] = useState(exampleText(c, likelyCorrect(c, initial)));
  const { busy, error, setError, run } = useDialogAction(onClose);
  useEffect(() => {
    guidelineApi.draft(project.id).then(
      (draft) => {
        setSections(draft.sections);
        if (draft.sections.length > 0) setSection(draft.sections[0].anchor);
      },
      (err: Error) => setError(err.message),
    );
  }, [project.id]);
  const choose = (label: string) => {
    if (explanation === exampleText(c, correct)) setExplanation(exampleText(c, label));
    setCorrect(label);
  };
  const pick = (next: CaseItem) => {
    setItem(next);
    choose(likelyCorrect(c, next));
  };
  const confirm = () => {
    if (!section) {
      setError("Choose the guideline section it illustrates (write a heading in the guideline first).");
      return;
    }
    run(
      () =>
        disagreementsApi.example(project.id, { ...caseRef(c, item), correct, kind, section, explanation }),
      (made) =>
        made.copied
          ? `Added to the guideline draft as an ${kind}, on a copy of item ${item.item_id} (the item stays in production).`
          : `Added to the guideline draft as an ${kind}.`,
    );
  };
  return (
    <ConfirmDialog
      title="Make guideline example"
      confirmLabel="Add to the guideline draft"
      busy={busy}
      onConfirm={confirm}
      onCancel={() => onClose(null)}
    >
      <p>
        The item becomes an example in the guideline draft (a never-served copy when annotators were served
        it), its answer the item's final label with the right one of the two labels.
      </p>
      <ItemPicker c={c} item={item} onChange={pick} />
      <fieldset className="row" aria-label="Right label">
        <legend>Right label</legend>
        {[c.label_a, c.label_b].map((label) => (
          <label key={label}>
            <input type="radio" name="correct" checked={correct === label} onChange={() => choose(label)} />{" "}
            <Text value={label} />
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as "example" | "counterexample")}>
            <option value="example">example</option>
            <option value="counterexample">counterexample (shows the other label as wrong)</option>
          </select>
        </label>
        <label>
          Section
          <select value={section} onChange={(e) => setSection(e.target.value)}>
            {sections?.length === 0 && <option value="">the guideline has no heading yet</option>}
            {sections?.map((s) => (
              <option key={s.anchor} value={s.anchor}>
                {"  ".repeat(Math.max(0, s.depth - 1))}
                {s.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Explanation
        <textarea rows={3} value={explanation} onChange={(e) => setExplanation(e.target.value)} />
      </label>
      <DialogError error={error} />
    </ConfirmDialog>
  );
}
