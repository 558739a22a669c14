/**
 * Undo/redo over the whole result of an item, as an immutable value so React state can hold it.
 * Consecutive edits with the same `coalesce` key (typing in a text control) fold into one step.
 */

export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** Key of the last edit, so the next edit with the same key replaces it instead of stacking. */
  readonly lastKey: string | null;
}

export const HISTORY_LIMIT = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null };
}

export function pushHistory<T>(
  h: History<T>,
  next: T,
  options: { coalesce?: string; limit?: number } = {},
): History<T> {
  if (Object.is(next, h.present)) return h;
  const key = options.coalesce ?? null;
  if (key !== null && key === h.lastKey && h.past.length > 0) {
    return { past: h.past, present: next, future: [], lastKey: key };
  }
  const limit = options.limit ?? HISTORY_LIMIT;
  const past = [...h.past, h.present];
  return {
    past: past.length > limit ? past.slice(past.length - limit) : past,
    present: next,
    future: [],
    lastKey: key,
  };
}

export function canUndo<T>(h: History<T>): boolean {
  return h.past.length > 0;
}

export function canRedo<T>(h: History<T>): boolean {
  return h.future.length > 0;
}

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  const previous = h.past[h.past.length - 1];
  return {
    past: h.past.slice(0, -1),
    present: previous,
    future: [h.present, ...h.future],
    lastKey: null,
  };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  const [next, ...rest] = h.future;
  return { past: [...h.past, h.present], present: next, future: rest, lastKey: null };
}
