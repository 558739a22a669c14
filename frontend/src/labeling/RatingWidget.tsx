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

/** Your rating against the reference, in words (the buttons carry the same as tags). */
export function ratingDiffText(value: number | undefined, reference: number | undefined): string {
  const yours = value === undefined ? "no answer" : String(value);
  const ref = reference === undefined ? "no answer" : String(reference);
  if (value === reference) return `Yours: ${yours} — same as the reference`;
  const off =
    value !== undefined && reference !== undefined ? ` (off by ${Math.abs(value - reference)})` : "";
  return `Yours: ${yours} · Reference: ${ref}${off}`;
}

function RatingWidget({
  control,
  value,
  onChange,
  keys,
  activate,
  readOnly,
  reference,
}: WidgetProps<RatingControl, number>) {
  const keyOf = new Map([...keys].map(([k, label]) => [label, k]));
  return (
    <div className={`rating-widget${reference ? " diff" : ""}`}>
      <div
        className={`rating${readOnly ? " read-only" : ""}`}
        role="radiogroup"
        aria-label={control.name}
        aria-readonly={readOnly || undefined}
      >
        {ratingValues(control).map((v) => {
          const selected = value === v;
          const key = readOnly ? undefined : keyOf.get(String(v));
          const isRef = reference !== undefined && reference.value === v;
          const status = reference
            ? selected && isRef
              ? "correct"
              : selected
                ? "yours"
                : isRef
                  ? "reference"
                  : null
            : null;
          return (
            <button
              type="button"
              key={v}
              role="radio"
              aria-checked={selected}
              aria-readonly={readOnly || undefined}
              data-status={status ?? undefined}
              className={`option rating-value${selected ? " selected" : ""}${status ? ` diff-${status}` : ""}`}
              onClick={() => {
                if (readOnly) return;
                activate();
                onChange(selected ? undefined : v);
              }}
            >
              {key && key !== String(v) && <kbd>{displayKey(key)}</kbd>}
              {v}
              {status && (
                <span className="diff-tag">{status === "correct" ? "✓ yours = reference" : status}</span>
              )}
            </button>
          );
        })}
      </div>
      {reference && <p className="diff-summary">{ratingDiffText(value, reference.value)}</p>}
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
