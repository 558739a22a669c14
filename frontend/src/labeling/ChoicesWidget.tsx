/** `choices`: one option, or several when `multiple`. Value: string | string[]. */
import type { ChoicesControl } from "../api/types";
import { Text } from "../render";
import { displayKey } from "./shortcuts";
import type { WidgetDef, WidgetProps } from "./types";

type Value = string | string[];

export function toggleChoice(
  control: ChoicesControl,
  value: Value | undefined,
  option: string,
): Value | undefined {
  if (!control.multiple) return value === option ? undefined : option;
  const current = new Set(Array.isArray(value) ? value : value ? [value] : []);
  if (current.has(option)) current.delete(option);
  else current.add(option);
  const next = control.options.filter((o) => current.has(o));
  return next.length > 0 ? next : undefined;
}

function isSelected(value: Value | undefined, option: string): boolean {
  return Array.isArray(value) ? value.includes(option) : value === option;
}

/** How an option reads against a reference: chosen and right, missed, wrongly chosen, or
 * rightly left alone ("none"). */
export type ChoiceStatus = "correct" | "missed" | "wrong" | "none";

export const CHOICE_STATUS_TEXT: Record<Exclude<ChoiceStatus, "none">, string> = {
  correct: "✓ right",
  missed: "missed",
  wrong: "✗ wrongly chosen",
};

export function choiceDiff(
  control: ChoicesControl,
  value: Value | undefined,
  reference: Value | undefined,
): { option: string; status: ChoiceStatus }[] {
  return control.options.map((option) => {
    const mine = isSelected(value, option);
    const theirs = isSelected(reference, option);
    const status: ChoiceStatus = mine ? (theirs ? "correct" : "wrong") : theirs ? "missed" : "none";
    return { option, status };
  });
}

function ChoicesWidget({
  control,
  value,
  onChange,
  keys,
  activate,
  readOnly,
  reference,
}: WidgetProps<ChoicesControl, Value>) {
  const keyOf = new Map([...keys].map(([k, label]) => [label, k]));
  const statuses = reference
    ? new Map(choiceDiff(control, value, reference.value).map((d) => [d.option, d.status]))
    : null;
  return (
    <div
      className={`choices${readOnly ? " read-only" : ""}${statuses ? " diff" : ""}`}
      role={control.multiple ? "group" : "radiogroup"}
      aria-label={control.name}
      aria-readonly={readOnly || undefined}
    >
      {control.options.map((option) => {
        const selected = isSelected(value, option);
        const key = readOnly ? undefined : keyOf.get(option);
        const status = statuses?.get(option) ?? "none";
        return (
          <button
            type="button"
            key={option}
            className={`option${selected ? " selected" : ""}${status !== "none" ? ` diff-${status}` : ""}`}
            role={control.multiple ? "checkbox" : "radio"}
            aria-checked={selected}
            aria-readonly={readOnly || undefined}
            data-option={option}
            data-status={statuses ? status : undefined}
            onClick={() => {
              if (readOnly) return;
              activate();
              onChange(toggleChoice(control, value, option));
            }}
          >
            {key && <kbd>{displayKey(key)}</kbd>}
            <span className="option-label">
              <Text value={option} />
            </span>
            {status !== "none" && <span className="diff-tag">{CHOICE_STATUS_TEXT[status]}</span>}
          </button>
        );
      })}
    </div>
  );
}

export const choicesWidget: WidgetDef<ChoicesControl, Value> = {
  Component: ChoicesWidget,
  placement: "side",
  labels: (c) => c.options,
  applyLabel: (c, value, label) => ({ value: toggleChoice(c, value, label) }),
};
