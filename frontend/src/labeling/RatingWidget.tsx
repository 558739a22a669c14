/** `rating`: an integer from `min` to `max`. Value: number. */
import type { RatingControl } from "../api/types";
import { displayKey } from "./shortcuts";
import type { WidgetDef, WidgetProps } from "./types";

/** The ratings offered as buttons; long scales are capped so the page stays usable. */
export function ratingValues(c: RatingControl): number[] {
  const out: number[] = [];
  for (let v = c.min; v <= c.max && out.length < 101; v++) out.push(v);
  return out;
}

function RatingWidget({ control, value, onChange, keys, activate }: WidgetProps<RatingControl, number>) {
  const keyOf = new Map([...keys].map(([k, label]) => [label, k]));
  return (
    <div className="rating" role="radiogroup" aria-label={control.name}>
      {ratingValues(control).map((v) => {
        const selected = value === v;
        const key = keyOf.get(String(v));
        return (
          <button
            type="button"
            key={v}
            role="radio"
            aria-checked={selected}
            className={`option rating-value${selected ? " selected" : ""}`}
            onClick={() => {
              activate();
              onChange(selected ? undefined : v);
            }}
          >
            {key && key !== String(v) && <kbd>{displayKey(key)}</kbd>}
            {v}
          </button>
        );
      })}
    </div>
  );
}

export const ratingWidget: WidgetDef<RatingControl, number> = {
  Component: RatingWidget,
  placement: "side",
  labels: (c) => ratingValues(c).map(String),
  applyLabel: (_c, value, label) => {
    const v = Number(label);
    return { value: value === v ? undefined : v };
  },
};
