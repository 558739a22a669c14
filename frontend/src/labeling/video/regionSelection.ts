/**
 * The selected region of a control on a video: the shell's when it gives one (`regions`), else
 * one kept in the control's shared UI state, so the side card and the layer agree either way.
 */
import { useControlState } from "../controlState";
import type { RegionState } from "../types";

export function useRegionSelection(
  control: string,
  regions: RegionState | undefined,
): [string | null, (id: string | null) => void] {
  const [own, setOwn] = useControlState<string | null>(control, "selected", null);
  return regions ? [regions.selected, regions.select] : [own, setOwn];
}
