/** Region colours by the label's place in the control's labels (as the side card shows them). */
const COLOURS = [
  "#e6194b",
  "#3cb44b",
  "#4363d8",
  "#f58231",
  "#911eb4",
  "#42d4f4",
  "#f032e6",
  "#bfef45",
  "#fabed4",
  "#dcbeff",
];

export function labelColour(labels: readonly string[], label: string): string {
  return COLOURS[Math.max(0, labels.indexOf(label)) % COLOURS.length];
}

/** The reference in diffs: one colour for every reference region, drawn dashed. */
export const REFERENCE_COLOUR = "#2563eb";
/** Your regions in diffs: by status, on top of the line style that also tells them apart. */
export const DIFF_COLOURS = {
  matched: "#12b76a",
  wrong_label: "#f04438",
  low_overlap: "#f79009",
  extra: "#f04438",
  missed: REFERENCE_COLOUR,
} as const;
