/**
 * Keys a layer must see before the page's shortcuts do, while it is in the middle of something:
 * Enter closes the polygon being drawn (Enter is otherwise "submit"). Listens on the window in
 * the capture phase and marks what it handles as handled, which the workspace respects.
 */
import { useEffect } from "react";
import { eventKey } from "../shortcuts";
import { useLatest } from "./useLatest";

export function useCaptureKeys(enabled: boolean, handle: (key: string) => boolean): void {
  const latest = useLatest(handle);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target;
      if (
        el instanceof HTMLElement &&
        (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))
      ) {
        return;
      }
      const key = eventKey(e);
      if (key && latest.current(key)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [enabled, latest]);
}
