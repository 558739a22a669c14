/**
 * Keyboard shortcuts of the labeling page: the actions, their default keys, the label keys of each
 * control, and the rule that a rebinding may not collide with a label key or another action.
 * Action names are the server's (`PUT /api/auth/me/shortcuts` stores `{action: key}`).
 * Keys are written as normalised strings: "Enter", "s", "?", "ctrl+z", "ctrl+shift+z", "shift+Tab".
 */
import { CARET_KEYS } from "./caret";

export const ACTIONS = {
  submit: "Submit the item",
  skip: "Skip the item (asks a reason)",
  undo: "Undo",
  redo: "Redo",
  help: "Show this help",
  next_control: "Next control",
  ask: "Flag the item as unclear and ask a question",
  guideline: "Show or hide the guideline beside the item",
  definition: "What the guideline says about the active control's labels (or hover a label)",
} as const;

export type Action = keyof typeof ACTIONS;
export type Bindings = Record<Action, string>;

export const DEFAULT_BINDINGS: Bindings = {
  submit: "Enter",
  skip: "s",
  undo: "ctrl+z",
  redo: "ctrl+shift+z",
  help: "?",
  next_control: "Tab",
  ask: "q",
  guideline: "g",
  definition: "d",
};

/**
 * Fixed keys no action may take: Escape closes dialogs and leaves text boxes, Shift+Tab goes to
 * the previous control, Ctrl+Enter submits from inside a text box, the arrows move the span caret.
 */
export const PREV_CONTROL_KEY = "shift+Tab";
export const SUBMIT_FROM_TEXT_KEY = "ctrl+Enter";
/**
 * The region list's keys, acting on the active control's regions. Alt combinations, so they can
 * never be a label key (schema hotkeys are single characters); Delete and Backspace delete only
 * when the active widget does not take them itself.
 */
export const REGION_KEYS = {
  "alt+.": { does: "next", help: "Select the next region of the active control" },
  "alt+,": { does: "previous", help: "Select the previous region" },
  "alt+h": { does: "hide", help: "Hide or show the selected region" },
  "alt+l": { does: "lock", help: "Lock or unlock the selected region" },
  Delete: { does: "delete", help: "Delete the selected region (unless locked)" },
  Backspace: { does: "delete", help: "Delete the selected region (unless locked)" },
} as const;
export type RegionKeyAction = (typeof REGION_KEYS)[keyof typeof REGION_KEYS]["does"];
const RESERVED = new Map([
  ["Escape", "it closes dialogs"],
  [PREV_CONTROL_KEY, "it goes to the previous control"],
  [SUBMIT_FROM_TEXT_KEY, "it submits from inside a text box"],
  ...Object.keys(CARET_KEYS).map((k): [string, string] => [k, "it moves the caret in span text"]),
  ...Object.keys(REGION_KEYS).map((k): [string, string] => [k, "it acts on the selected region"]),
]);
const MODIFIER_KEYS = new Set(["Control", "Shift", "Alt", "Meta", "AltGraph", "CapsLock", "OS"]);
/** Digits are the default label keys in every project, so no action may take them. */
export const DIGITS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The normalised name of a key press, or null for a lone modifier. Shift is named only where it
 * does not already show in the key (letters, named keys): "?" stays "?", Shift+S is "shift+s".
 */
export function eventKey(e: KeyLike): string | null {
  if (MODIFIER_KEYS.has(e.key) || e.key === "Dead" || e.key === "Unidentified") return null;
  const named = e.key.length > 1;
  const key = named ? e.key : e.key === " " ? "Space" : e.key.toLowerCase();
  const letter = !named && /\p{L}/u.test(e.key);
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push("ctrl");
  if (e.altKey) parts.push("alt");
  if (e.shiftKey && (named || letter || e.ctrlKey || e.metaKey || e.altKey)) {
    if (!(key === "Space" && !e.ctrlKey)) parts.push("shift");
  }
  parts.push(key);
  return parts.join("+");
}

/** Normalise a user- or schema-written key ("Ctrl+Z", "S") to the form `eventKey` produces. */
export function normaliseKey(raw: string): string {
  const parts = raw
    .split("+")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return "";
  const last = parts[parts.length - 1];
  const mods = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()));
  const key = last.length === 1 ? last.toLowerCase() : last === " " ? "Space" : last;
  const out: string[] = [];
  if (mods.has("ctrl") || mods.has("control") || mods.has("meta") || mods.has("cmd")) out.push("ctrl");
  if (mods.has("alt")) out.push("alt");
  if (mods.has("shift") || (last.length === 1 && /\p{Lu}/u.test(last) && out.length > 0)) {
    out.push("shift");
  }
  out.push(key);
  return out.join("+");
}

/** The user's bindings: defaults, overridden by what the server stored for them. */
export function mergeBindings(stored: Record<string, string> | null | undefined): Bindings {
  const out: Bindings = { ...DEFAULT_BINDINGS };
  for (const [action, key] of Object.entries(stored ?? {})) {
    if (action in ACTIONS && typeof key === "string" && key) {
      out[action as Action] = normaliseKey(key);
    }
  }
  return out;
}

/**
 * Keys for a control's labels (options, span labels, rating values): the control's `hotkeys`
 * where given, then the unused digits 1..9, 0 in order. Returns key → label.
 */
export function assignLabelKeys(
  labels: readonly string[],
  hotkeys?: Record<string, string> | null,
): Map<string, string> {
  const out = new Map<string, string>();
  const explicit = new Map<string, string>();
  for (const label of labels) {
    const k = hotkeys?.[label];
    if (k) explicit.set(label, normaliseKey(k));
  }
  const used = new Set(explicit.values());
  const free = DIGITS.filter((d) => !used.has(d));
  for (const label of labels) {
    const k = explicit.get(label) ?? free.shift();
    if (k !== undefined && !out.has(k)) out.set(k, label);
  }
  return out;
}

/**
 * Why `key` cannot be bound to `action`, or null if it can. `labelKeys` are the keys the current
 * project's controls use for labels.
 */
export function bindingConflict(
  action: Action,
  key: string,
  bindings: Bindings,
  labelKeys: Iterable<string>,
): string | null {
  const k = normaliseKey(key);
  if (!k) return "Press a key to bind.";
  if (RESERVED.has(k)) return `${displayKey(k)} is reserved (${RESERVED.get(k)}).`;
  if (DIGITS.includes(k)) return `${k} is a label key (digits label the active control).`;
  for (const lk of labelKeys) {
    if (normaliseKey(lk) === k) return `${k} is already a label key in this project.`;
  }
  for (const [other, bound] of Object.entries(bindings) as [Action, string][]) {
    if (other !== action && normaliseKey(bound) === k) {
      return `${k} is already bound to “${ACTIONS[other]}”.`;
    }
  }
  return null;
}

/** Human-readable key name for help texts. */
export function displayKey(key: string): string {
  return key
    .split("+")
    .map((p) => (p === "ctrl" ? "Ctrl" : p === "shift" ? "Shift" : p === "alt" ? "Alt" : p))
    .join("+")
    .replace(/^([a-z])$/, (m) => m.toUpperCase());
}
