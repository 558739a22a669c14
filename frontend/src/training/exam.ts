/** An exam attempt's state in the browser: its items one at a time, the answers given so far
 * and which of them the server has stored. No feedback exists here: the server sends none
 * until the attempt is finished. */
import type { Result } from "../api/types";
import type { ExamStarted } from "./types";

export interface ExamState {
  attempt: ExamStarted;
  index: number;
  /** item id → the answer being written (kept when moving between items). */
  answers: Record<number, Result>;
  /** item ids whose answer the server stored. */
  saved: number[];
}

export type ExamAction =
  | { type: "edit"; itemId: number; control: string; value: unknown }
  | { type: "saved"; itemId: number }
  | { type: "goto"; index: number };

/** A started (or resumed) attempt opens at its first unanswered item. */
export function startExam(attempt: ExamStarted): ExamState {
  const first = attempt.items.findIndex((it) => !attempt.answered.includes(it.id));
  return {
    attempt,
    index: first < 0 ? Math.max(0, attempt.items.length - 1) : first,
    answers: {},
    saved: [...attempt.answered],
  };
}

export function examReducer(state: ExamState, action: ExamAction): ExamState {
  switch (action.type) {
    case "edit": {
      const current = { ...(state.answers[action.itemId] ?? {}) };
      if (action.value === undefined) delete current[action.control];
      else current[action.control] = action.value;
      return { ...state, answers: { ...state.answers, [action.itemId]: current } };
    }
    case "saved":
      return state.saved.includes(action.itemId)
        ? state
        : { ...state, saved: [...state.saved, action.itemId] };
    case "goto":
      return { ...state, index: Math.max(0, Math.min(state.attempt.items.length - 1, action.index)) };
  }
}

/** "3 / 10": the item shown, out of the attempt's items. */
export function progressText(state: ExamState): string {
  return `${state.index + 1} / ${state.attempt.items.length}`;
}

export function unanswered(state: ExamState): number {
  return state.attempt.items.filter((it) => !state.saved.includes(it.id)).length;
}

export function isLast(state: ExamState): boolean {
  return state.index >= state.attempt.items.length - 1;
}
