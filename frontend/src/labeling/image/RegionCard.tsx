/**
 * Side-card parts the image widgets share: the label picker (each label with its key; a click
 * or the key relabels the selected region, or picks the label of the next one) and the diff
 * against a reference, in words (the canvas draws the same with line styles and tags).
 */
import type { ComponentType } from "react";
import type { Control } from "../../api/types";
import { Text } from "../../render";
import type { WidgetProps } from "../types";
import { displayKey } from "../shortcuts";
import { labelColour } from "./palette";
import { MATCH_TEXT, describeMatch, type RegionMatch, type RegionMatchKind } from "./regionMatch";

export function LabelPicker({
  name,
  labels,
  keys,
  current,
  onPick,
  disabled,
}: {
  name: string;
  labels: readonly string[];
  keys: ReadonlyMap<string, string>;
  /** The label pressed down: the selected region's, else the next region's. */
  current: string | null;
  onPick: (label: string) => void;
  disabled?: boolean;
}) {
  const keyOf = new Map([...keys].map(([k, label]) => [label, k]));
  return (
    <div className="region-labels" role="group" aria-label={`${name} labels`}>
      {labels.map((label) => (
        <button
          key={label}
          type="button"
          data-label={label}
          aria-pressed={label === current}
          disabled={disabled}
          style={{ "--swatch": labelColour(labels, label) } as React.CSSProperties}
          onClick={() => onPick(label)}
        >
          {keyOf.get(label) && <kbd>{displayKey(keyOf.get(label)!)}</kbd>}
          <Text value={label} />
        </button>
      ))}
    </div>
  );
}

const KINDS: RegionMatchKind[] = ["matched", "wrong_label", "low_overlap", "missed", "extra"];

/** How each kind is drawn on the image, for the legend. */
const DRAWN: Record<RegionMatchKind, string> = {
  matched: "solid, green",
  wrong_label: "solid, red",
  low_overlap: "solid, orange, beside the dashed reference",
  missed: "dashed reference only",
  extra: "solid, red, no reference",
};

/** The diff in words: one line per region, with a legend of the marks and line styles. */
export function RegionDiffList({
  name,
  matches,
  answerLabel,
  referenceLabel,
  measure,
  threshold,
  noun,
}: {
  name: string;
  matches: readonly RegionMatch[];
  answerLabel: (i: number) => string;
  referenceLabel: (j: number) => string;
  /** "IoU" or "OKS". */
  measure: string;
  threshold: number;
  /** "boxes", "polygons", "poses". */
  noun: string;
}) {
  const present = new Set(matches.map((m) => m.kind));
  return (
    <div className="region-diff">
      <p className="hint" aria-label={`${name}: what the marks mean`}>
        Reference dashed, your answer solid. {measure} threshold {threshold}.{" "}
        {KINDS.filter((k) => present.has(k))
          .map((k) => `${MATCH_TEXT[k].mark} ${MATCH_TEXT[k].name} (${DRAWN[k]})`)
          .join("; ")}
      </p>
      {matches.length === 0 ? (
        <p className="hint">No {noun}, in your answer or the reference.</p>
      ) : (
        <ul className="region-diff-list">
          {matches.map((m, i) => (
            <li key={i} data-kind={m.kind}>
              <Text
                value={describeMatch(
                  m,
                  m.answer === null ? null : answerLabel(m.answer),
                  m.reference === null ? null : referenceLabel(m.reference),
                  measure,
                  threshold,
                )}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A region widget's side card: with a reference, the diff in words; otherwise its edit card. */
export function withRegionDiff<C extends Control, R extends { label: string }>(
  EditCard: ComponentType<WidgetProps<C, R[]>>,
  diff: {
    matches: (answer: R[], reference: R[], control: C) => readonly RegionMatch[];
    /** "IoU" or "OKS", and the control's threshold for it. */
    measure: string;
    threshold: (control: C) => number;
    noun: string;
  },
): ComponentType<WidgetProps<C, R[]>> {
  return function RegionCard(props: WidgetProps<C, R[]>) {
    const { control, value, reference } = props;
    if (!reference) return <EditCard {...props} />;
    const answer = value ?? [];
    const refs = reference.value ?? [];
    return (
      <RegionDiffList
        name={control.name}
        matches={diff.matches(answer, refs, control)}
        answerLabel={(i) => answer[i].label}
        referenceLabel={(j) => refs[j].label}
        measure={diff.measure}
        threshold={diff.threshold(control)}
        noun={diff.noun}
      />
    );
  };
}
