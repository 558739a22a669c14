/** One example or counterexample of the guideline: the item drawn read-only by the labeling
 * widgets (the shared `AnswerView`) with the right answer, and for a counterexample the wrong
 * one beside it, with why. */
import type { GuidelineExample } from "../api/guidelines";
import type { ProjectSchema, Result } from "../api/types";
import { Text, TextBlock, toDisplayString, truncate } from "../render";
import { AnswerView } from "../labeling/AnswerView";

export function ExampleCard({ example, schema }: { example: GuidelineExample; schema: ProjectSchema }) {
  const counter = example.kind === "counterexample";
  return (
    <article
      className={`guideline-example ${example.kind}`}
      data-example={example.item_id}
      aria-label={`${counter ? "Counterexample" : "Example"} (item ${example.item_id})`}
    >
      <header>
        <span className={`badge ${counter ? "bad" : "good"}`}>{counter ? "Counterexample" : "Example"}</span>
        {example.control && (
          <span className="hint">
            {" "}
            <Text value={example.control} />
            {example.label && (
              <>
                {" → "}
                <strong>
                  <Text value={example.label} />
                </strong>
              </>
            )}
          </span>
        )}
      </header>
      <div className={counter ? "example-answers two" : "example-answers"}>
        {counter && example.wrong_result && (
          <section className="answer wrong" aria-label="Wrong answer">
            <h4>✗ Wrong answer</h4>
            <AnswerView schema={schema} data={example.data} result={example.wrong_result as Result} />
          </section>
        )}
        <section className="answer right" aria-label="Right answer">
          <h4>✓ {counter ? "Right answer" : "Answer"}</h4>
          <AnswerView schema={schema} data={example.data} result={example.reference as Result} />
        </section>
      </div>
      {example.explanation && (
        <div className="example-why">
          <strong>{counter ? "Why it is wrong: " : "Why: "}</strong>
          <TextBlock value={example.explanation} />
        </div>
      )}
    </article>
  );
}

/** The example in a line or two (hover cards): its text and the answers for one control. */
export function ExampleSummary({ example, control }: { example: GuidelineExample; control: string }) {
  const counter = example.kind === "counterexample";
  const text = Object.values(example.data).map(toDisplayString).join(" · ");
  return (
    <li className={`example-summary ${example.kind}`}>
      <span className={`badge ${counter ? "bad" : "good"}`}>{counter ? "✗" : "✓"}</span>{" "}
      <q>
        <Text value={truncate(text, 140)} />
      </q>
      {counter && (
        <span className="hint">
          {" "}
          — not <Text value={toDisplayString(example.wrong_result?.[control])} />, but{" "}
          <Text value={toDisplayString(example.reference[control])} />
        </span>
      )}
      {example.explanation && (
        <div className="hint">
          <Text value={truncate(example.explanation, 240)} />
        </div>
      )}
    </li>
  );
}
