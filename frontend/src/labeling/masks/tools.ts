/**
 * The masks widget's tool state, shared by its side card and its layer on the image (through
 * `useControlState`): the label new paint gets, the tool, the brush size and the masks' opacity;
 * and the keys that change them.
 */
import type { MasksControl } from "../../api/types";
import { useControlState } from "../controlState";
import { useNextLabel } from "../image/regionSelection";
import type { MaskTool } from "./painting";

export const TOOL_NAMES: Record<MaskTool, string> = {
  brush: "Brush",
  eraser: "Eraser",
  polygon: "Polygon fill",
};

export const TOOL_KEYS: Record<string, MaskTool> = { b: "brush", e: "eraser", p: "polygon" };
export const SMALLER_KEY = "[";
export const LARGER_KEY = "]";
/** Fills the polygon drawn so far (also: click its first vertex, or double-click). */
export const FILL_KEY = "f";
/** Deselects, so the next stroke starts a new mask of the current label. */
export const NEW_MASK_KEY = "n";

export const MIN_SIZE = 1;
export const MAX_SIZE = 500;
export const DEFAULT_SIZE = 20;

/** The next brush size for `[` / `]`: about 20 % smaller or larger, at least one pixel. */
export function stepSize(size: number, larger: boolean): number {
  const next = larger
    ? Math.max(size + 1, Math.round(size * 1.2))
    : Math.min(size - 1, Math.round(size / 1.2));
  return Math.min(MAX_SIZE, Math.max(MIN_SIZE, next));
}

export interface MaskTools {
  label: string;
  setLabel: (label: string) => void;
  tool: MaskTool;
  setTool: (tool: MaskTool) => void;
  /** Brush diameter in image pixels. */
  size: number;
  setSize: (size: number) => void;
  opacity: number;
  setOpacity: (opacity: number) => void;
}

export function useMaskTools(control: MasksControl): MaskTools {
  const [label, setLabel] = useNextLabel(control.name, control.labels);
  const [tool, setTool] = useControlState<MaskTool>(control.name, "tool", "brush");
  const [size, setSize] = useControlState<number>(control.name, "size", DEFAULT_SIZE);
  const [opacity, setOpacity] = useControlState<number>(control.name, "opacity", 0.5);
  return { label, setLabel, tool, setTool, size, setSize, opacity, setOpacity };
}
