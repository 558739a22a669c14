/**
 * The keyboard caret of the spans widget: a selection of whole words (or characters) moved with
 * the arrow keys, so spans can be labeled without the mouse.
 *
 * The caret always covers one unit, a word (←/→) or a character (Ctrl+←/→); Shift keeps the
 * anchor and extends the selection to the caret, like cell ranges in a spreadsheet. A digit then
 * labels the whole selection. Words come from `Intl.Segmenter` (Unicode word boundaries, so
 * "Zürich", "naïve" and CJK text split the way people read them); blanks are never a unit.
 * Offsets are UTF-16, as in the DOM; the widget converts to code points when it stores a span.
 */
import type { Utf16Range } from "./spanOffsets";

export type Unit = Utf16Range;
export type Granularity = "word" | "char";

export interface Caret {
  anchor: Unit;
  focus: Unit;
}

const BLANK = /^\s+$/u;

function units(text: string, granularity: Granularity): Unit[] {
  const segmenter = new Intl.Segmenter(undefined, {
    granularity: granularity === "word" ? "word" : "grapheme",
  });
  const out: Unit[] = [];
  for (const s of segmenter.segment(text)) {
    if (!BLANK.test(s.segment)) out.push({ start: s.index, end: s.index + s.segment.length });
  }
  return out;
}

/** The caret on the first word, or null for a text with nothing to select. */
export function initialCaret(text: string): Caret | null {
  const first = units(text, "word")[0];
  return first ? { anchor: first, focus: first } : null;
}

/** The selection the caret covers: from the anchor unit to the focus unit, whichever comes first. */
export function caretRange(caret: Caret): Utf16Range {
  return {
    start: Math.min(caret.anchor.start, caret.focus.start),
    end: Math.max(caret.anchor.end, caret.focus.end),
  };
}

/** The caret back to one unit (after a label is applied, or Escape). */
export function collapse(caret: Caret): Caret {
  return { anchor: caret.focus, focus: caret.focus };
}

/**
 * Move the caret one unit left (-1) or right (+1). With `extend`, the anchor stays and the
 * selection grows or shrinks; without, the caret moves alone. At either end of the text the
 * caret stays where it is.
 */
export function moveCaret(
  text: string,
  caret: Caret,
  direction: -1 | 1,
  granularity: Granularity,
  extend: boolean,
): Caret {
  const all = units(text, granularity);
  const { focus } = caret;
  const next =
    direction > 0
      ? all.find((u) => u.start >= focus.end)
      : [...all].reverse().find((u) => u.end <= focus.start);
  if (!next) return caret;
  return { anchor: extend ? caret.anchor : next, focus: next };
}

/** The caret on the word at (or else just after, or else before) a UTF-16 offset: a click. */
export function caretAt(text: string, offset: number): Caret | null {
  const all = units(text, "word");
  const unit = all.find((u) => offset < u.end) ?? all.at(-1);
  return unit ? { anchor: unit, focus: unit } : null;
}

/** What the arrow keys do, by normalised key name (see shortcuts.eventKey). */
export const CARET_KEYS: Record<string, { direction: -1 | 1; granularity: Granularity; extend: boolean }> = {
  ArrowLeft: { direction: -1, granularity: "word", extend: false },
  ArrowRight: { direction: 1, granularity: "word", extend: false },
  "shift+ArrowLeft": { direction: -1, granularity: "word", extend: true },
  "shift+ArrowRight": { direction: 1, granularity: "word", extend: true },
  "ctrl+ArrowLeft": { direction: -1, granularity: "char", extend: false },
  "ctrl+ArrowRight": { direction: 1, granularity: "char", extend: false },
  "ctrl+shift+ArrowLeft": { direction: -1, granularity: "char", extend: true },
  "ctrl+shift+ArrowRight": { direction: 1, granularity: "char", extend: true },
};
