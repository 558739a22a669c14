/**
 * The UI state a segments control shares between its side card and its waveform layer (two React
 * trees): which segment is selected — the shell's `RegionState` when it gives one, else kept here
 * —, the label the next segment gets, a start marked with `[`, and the surface's player so the
 * card can play a segment.
 */
import type { RegionState } from "../types";
import { useControlState } from "../controlState";
import type { AudioSurfaceApi } from "./audioContext";

const NONE: ReadonlySet<string> = new Set();

export function useSegmentSelection(control: string, regions: RegionState | undefined): RegionState {
  const [selected, select] = useControlState<string | null>(control, "selected", null);
  return regions ?? { selected, select, hidden: NONE, locked: NONE };
}

export const useNextLabel = (control: string, first: string) => useControlState(control, "label", first);
export const useMark = (control: string) => useControlState<number | null>(control, "mark", null);
/** Bumped by the `t` key: the card moves focus into the selected segment's transcript. */
export const useFocusText = (control: string) => useControlState(control, "focusText", 0);
/** What the card needs of the surface a segments layer is drawn on (audio here; a video layer
 * can publish the same). */
export type SegmentPlayer = Pick<AudioSurfaceApi, "ready" | "duration" | "seekTo" | "playRange">;
export const usePlayer = (control: string) => useControlState<SegmentPlayer | null>(control, "player", null);

/** The label colours of styles.css (`.lbl-0` …), for regions drawn in wavesurfer's shadow DOM;
 * the label's name is always written beside them (never colour alone). */
const PALETTE = [
  "253, 230, 138",
  "191, 219, 254",
  "187, 247, 208",
  "254, 202, 202",
  "221, 214, 254",
  "254, 215, 170",
  "165, 243, 252",
  "251, 207, 232",
  "217, 249, 157",
  "229, 231, 235",
];

export function labelColour(labels: readonly string[], label: string, alpha: number): string {
  const i = Math.max(0, labels.indexOf(label)) % PALETTE.length;
  return `rgba(${PALETTE[i]}, ${alpha})`;
}
