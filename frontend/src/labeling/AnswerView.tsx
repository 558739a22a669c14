/**
 * A result drawn read-only with the labeling page's own widgets (through the registry), and, given
 * a reference, each control's diff against it. Used by practice feedback and the guideline's
 * examples and counterexamples. A new widget brings its own read-only and diff drawing (its
 * `readOnly` and `reference` props); nothing here knows any control type.
 */
import { useId, useState, type ReactNode } from "react";
import type { AnyControl, ItemData, ProjectSchema, Result } from "../api/types";
import { FieldView, Text } from "../render";
import { hasWidget, widgetFor } from "./registry";
import "./answer.css";

export type AnswerShow = "yours" | "reference" | "both";

export interface AnswerViewProps {
  schema: ProjectSchema;
  data: ItemData;
  /** The answer shown ("yours"). */
  result: Result;
  /** The reference answer: with it the view offers the toggle and draws diffs in "both". */
  reference?: Result;
  /** Which side shows first (default "both" when there is a reference). */
  initialShow?: AnswerShow;
  /** Names for the two sides, e.g. a counterexample's "Wrong answer" and "Right answer". */
  labels?: { yours: string; reference: string };
  /** Only these controls (default: all). */
  controls?: readonly string[];
  /** Extra content inside a control's card (a score, an explanation). */
  aside?: (control: AnyControl) => ReactNode;
  /** Show the item's data fields that no control draws itself (default true). */
  showData?: boolean;
}

const NOOP = () => {};
const NO_KEYS: ReadonlyMap<string, string> = new Map();

export function AnswerView({
  schema,
  data,
  result,
  reference,
  initialShow,
  labels = { yours: "Your answer", reference: "Reference" },
  controls,
  aside,
  showData = true,
}: AnswerViewProps) {
  const [show, setShow] = useState<AnswerShow>(reference ? (initialShow ?? "both") : "yours");
  const effective: AnswerShow = reference ? show : "yours";
  const group = useId();
  const shown = schema.controls.filter((c) => !controls || controls.includes(c.name));
  const contentFields = new Set(
    shown.filter((c) => widgetFor(c)?.placement === "content").map((c) => c.field),
  );
  const plainFields = showData
    ? Object.entries(schema.fields).filter(([name]) => !contentFields.has(name))
    : [];

  const renderControl = (control: AnyControl) => {
    const def = widgetFor(control);
    const value = effective === "reference" ? reference?.[control.name] : result[control.name];
    return (
      <section key={control.name} className="control-card answer-card" data-control={control.name}>
        <h3>
          <Text value={control.name} />
          <span className="control-type">{control.type}</span>
        </h3>
        {def && hasWidget(control) ? (
          <def.Component
            control={control as never}
            value={value as never}
            onChange={NOOP}
            data={data}
            active={false}
            keys={NO_KEYS as Map<string, string>}
            activate={NOOP}
            textRootRef={NOOP}
            setKeyHandler={NOOP}
            provideSelection={NOOP}
            notify={NOOP}
            readOnly
            reference={effective === "both" ? { value: reference?.[control.name] as never } : undefined}
          />
        ) : (
          <p className="hint">
            This UI cannot show “<Text value={control.type} />” answers yet.
          </p>
        )}
        {aside?.(control)}
      </section>
    );
  };

  const content = shown.filter((c) => widgetFor(c)?.placement === "content");
  const side = shown.filter((c) => widgetFor(c)?.placement !== "content");
  const options: [AnswerShow, string][] = [
    ["yours", labels.yours],
    ["reference", labels.reference],
    ["both", "Both (differences)"],
  ];

  return (
    <div className="answer-view" data-show={effective}>
      {reference && (
        <div className="answer-toggle" role="radiogroup" aria-label="Show">
          {options.map(([value, label]) => (
            <label key={value} className={effective === value ? "chosen" : undefined}>
              <input
                type="radio"
                name={`${group}-show`}
                value={value}
                checked={effective === value}
                onChange={() => setShow(value)}
              />
              {label}
            </label>
          ))}
        </div>
      )}
      <div className="workspace answer-workspace">
        <div className="workspace-content">
          {plainFields.map(([name, kind]) => (
            <section key={name} className="field-card" data-field={name}>
              <h3>
                <Text value={name} />
              </h3>
              <FieldView kind={kind} value={data[name]} />
            </section>
          ))}
          {content.map(renderControl)}
        </div>
        {side.length > 0 && <div className="workspace-side">{side.map(renderControl)}</div>}
      </div>
    </div>
  );
}
