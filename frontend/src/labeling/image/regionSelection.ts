/**
 * Which region of a control is selected: the shell's `RegionState` when it gives one (the
 * region list and the canvas then agree), else a slot shared by the control's side card and
 * its layer (controlState.ts).
 */
import { useControlState } from "../controlState";
import type { RegionState } from "../types";

export interface Selection {
  selected: string | null;
  select: (id: string | null) => void;
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

export function useRegionSelection(control: string, regions: RegionState | undefined): Selection {
  const [own, setOwn] = useControlState<string | null>(control, "selected", null);
  if (regions) return regions;
  return { selected: own, select: setOwn, hidden: NONE, locked: NONE };
}

/** The label the next region gets (shared by the side card and the layer); the first label
 * until one is picked, and again if the picked one left the schema. */
export function useNextLabel(control: string, labels: readonly string[]): [string, (label: string) => void] {
  const [label, setLabel] = useControlState(control, "label", labels[0] ?? "");
  return [labels.includes(label) ? label : (labels[0] ?? ""), setLabel];
}

/**
 * A side card's label choice: a picked label relabels the selected region (unless it is locked),
 * else becomes the next region's label. `selectedId` overrides the selection (a pose being placed).
 */
export function useLabelPick<R extends { id?: string | null; label: string }>(
  control: { name: string; labels: readonly string[] },
  regions: readonly R[],
  state: RegionState | undefined,
  onChange: (next: R[]) => void,
  activate: () => void,
  selectedId?: string | null,
) {
  const sel = useRegionSelection(control.name, state);
  const [label, setLabel] = useNextLabel(control.name, control.labels);
  const selected = regions.find((r) => r.id === (selectedId ?? sel.selected));
  const locked = selected ? sel.locked.has(selected.id!) : false;
  const pick = (next: string) => {
    activate();
    if (selected && !locked) onChange(regions.map((r) => (r === selected ? { ...r, label: next } : r)));
    else setLabel(next);
  };
  return { sel, label, selected, locked, pick };
}
