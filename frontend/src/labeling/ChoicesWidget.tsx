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

function ChoicesWidget({ control, value, onChange, keys, activate }: WidgetProps<ChoicesControl, Value>) {
  const keyOf = new Map([...keys].map(([k, label]) => [label, k]));
  return (
    <div className="choices" role={control.multiple ? "group" : "radiogroup"} aria-label={control.name}>
      {control.options.map((option) => {
        const selected = isSelected(value, option);
        const key = keyOf.get(option);
        return (
          <button
            type="button"
            key={option}
            className={`option${selected ? " selected" : ""}`}
            role={control.multiple ? "checkbox" : "radio"}
            aria-checked={selected}
            data-option={option}
            onClick={() => {
              activate();
              onChange(toggleChoice(control, value, option));
            }}
          >
            {key && <kbd>{displayKey(key)}</kbd>}
            <span className="option-label">
              <Text value={option} />
            </span>
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
