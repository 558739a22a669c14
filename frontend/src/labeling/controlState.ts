/**
 * UI state one control's widget shares between its side card and its layer on a media surface
 * (the label the next region gets, the active tool, the brush size). Both are separate React
 * trees under the shell, so the state lives in a small external store keyed by control name and
 * slot, read with `useSyncExternalStore`. It outlives items on purpose: the tool and label an
 * annotator picked stay picked on the next item.
 */
import { useCallback, useSyncExternalStore } from "react";

interface Slot {
  value: unknown;
  listeners: Set<() => void>;
}

const slots = new Map<string, Slot>();

function slotFor(key: string, initial: unknown): Slot {
  let slot = slots.get(key);
  if (!slot) {
    slot = { value: initial, listeners: new Set() };
    slots.set(key, slot);
  }
  return slot;
}

export function setControlState<T>(control: string, name: string, value: T): void {
  const slot = slotFor(`${control}\u0000${name}`, value);
  if (Object.is(slot.value, value)) return;
  slot.value = value;
  for (const listener of slot.listeners) listener();
}

export function useControlState<T>(control: string, name: string, initial: T): [T, (next: T) => void] {
  const key = `${control}\u0000${name}`;
  const subscribe = useCallback(
    (listener: () => void) => {
      const slot = slotFor(key, initial);
      slot.listeners.add(listener);
      return () => slot.listeners.delete(listener);
    },
    // `initial` only seeds a slot that does not exist yet.
    [key],
  );
  const value = useSyncExternalStore(subscribe, () => slotFor(key, initial).value as T);
  const set = useCallback((next: T) => setControlState(control, name, next), [control, name]);
  return [value, set];
}

/** Tests start from a clean slate. */
export function resetControlState(): void {
  slots.clear();
}
