/**
 * The keys the image layers share, as commands: arrows move the selected region (Shift: ten
 * steps), Alt+arrows resize it, [ and ] select the previous / next region, Delete removes it,
 * Escape lets go, N starts a new one. A layer turns a command into a change of its own shape;
 * a key it cannot use goes on to the view (pan, zoom: viewport.ts).
 */

export type RegionCommand =
  | { kind: "move"; dx: number; dy: number }
  | { kind: "resize"; dw: number; dh: number }
  | { kind: "cycle"; step: 1 | -1 }
  | { kind: "delete" }
  | { kind: "escape" }
  | { kind: "new" };

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** A key (as `eventKey` names it) → the command, or null. Steps are in screen pixels. */
export function regionCommand(key: string): RegionCommand | null {
  switch (key) {
    case "Delete":
    case "Backspace":
      return { kind: "delete" };
    case "Escape":
      return { kind: "escape" };
    case "]":
      return { kind: "cycle", step: 1 };
    case "[":
      return { kind: "cycle", step: -1 };
    case "n":
      return { kind: "new" };
  }
  const m = /^(alt\+)?(shift\+)?(Arrow(?:Left|Right|Up|Down))$/.exec(key);
  if (!m) return null;
  const [dx, dy] = ARROWS[m[3]];
  const step = m[2] ? 10 : 1;
  return m[1]
    ? { kind: "resize", dw: dx * step, dh: dy * step }
    : { kind: "move", dx: dx * step, dy: dy * step };
}

/** Screen steps → image pixels at this zoom: one step is one screen pixel, never under 1 px. */
export function stepInPixels(steps: number, scale: number): number {
  return steps * Math.max(1, Math.round(1 / scale));
}

/** The id after (or before) `current` in `ids`, wrapping; the first (or last) when none is. */
export function cycleId(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const i = current === null ? -1 : ids.indexOf(current);
  if (i < 0) return step > 0 ? ids[0] : ids[ids.length - 1];
  return ids[(i + step + ids.length) % ids.length];
}

export const REGION_HELP = [
  { key: "←↑→↓", does: "Move the selected region (Shift: ×10)" },
  { key: "Alt+←↑→↓", does: "Resize the selected region (Shift: ×10)" },
  { key: "[ / ]", does: "Select the previous / next region" },
  { key: "Delete", does: "Delete the selected region" },
  { key: "Esc", does: "Deselect, or cancel what is being drawn" },
  { key: "Shift+drag / click", does: "Draw over an existing region" },
] as const;
