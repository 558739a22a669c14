/** The `?` overlay: every shortcut of the page, and rebinding of the actions. */
import { useEffect, useState } from "react";
import { Text } from "../render";
import { isRegionControl } from "./RegionList";
import { widgetFor } from "./registry";
import {
  ACTIONS,
  DEFAULT_BINDINGS,
  REGION_KEYS,
  bindingConflict,
  displayKey,
  eventKey,
  type Action,
  type Bindings,
} from "./shortcuts";
import type { ControlKeys } from "./Workspace";

/** The span caret's fixed keys (caret.ts), as the help lists them. */
const CARET_HELP: [string, string[]][] = [
  ["Span text: move the caret by word", ["←/→"]],
  ["Span text: extend the selection by word", ["Shift+←/→"]],
  ["Span text: move / extend by character", ["Ctrl+←/→", "Ctrl+Shift+←/→"]],
  ["Span text: shrink the selection to the caret", ["Esc"]],
];

/** The region list's keys, one row per thing they do (Delete and Backspace share one). */
const REGION_HELP: [string, string[]][] = Object.values(
  Object.entries(REGION_KEYS).reduce<Record<string, [string, string[]]>>((rows, [key, { does, help }]) => {
    rows[does] ??= [help, []];
    rows[does][1].push(displayKey(key));
    return rows;
  }, {}),
);

export interface HelpOverlayProps {
  bindings: Bindings;
  controls: ControlKeys[];
  labelKeys: Set<string>;
  onRebind: (next: Bindings) => Promise<void>;
  onClose: () => void;
}

export function HelpOverlay({ bindings, controls, labelKeys, onRebind, onClose }: HelpOverlayProps) {
  const [capturing, setCapturing] = useState<Action | null>(null);
  const fixedHelp = [...CARET_HELP, ...(controls.some((c) => isRegionControl(c.control)) ? REGION_HELP : [])];
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const key = eventKey(e);
      if (!key) return;
      e.preventDefault();
      e.stopPropagation();
      if (!capturing) {
        if (key === "Escape" || key === bindings.help) onClose();
        return;
      }
      if (key === "Escape") {
        setCapturing(null);
        setMessage(null);
        return;
      }
      const conflict = bindingConflict(capturing, key, bindings, labelKeys);
      if (conflict) {
        setMessage({ kind: "error", text: `Not changed: ${conflict}` });
        return;
      }
      const action = capturing;
      setCapturing(null);
      onRebind({ ...bindings, [action]: key }).then(
        () => setMessage({ kind: "ok", text: `“${ACTIONS[action]}” is now ${displayKey(key)}.` }),
        (err: Error) => setMessage({ kind: "error", text: err.message }),
      );
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [capturing, bindings, labelKeys, onRebind, onClose]);

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
      <div className="dialog help">
        <header>
          <h2>Keyboard shortcuts</h2>
          <button type="button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        {message && (
          <p className={message.kind === "error" ? "error" : "ok"}>
            <Text value={message.text} />
          </p>
        )}
        <table>
          <tbody>
            {(Object.keys(ACTIONS) as Action[]).map((action) => (
              <tr key={action} data-action={action}>
                <td>{ACTIONS[action]}</td>
                <td>
                  <kbd>{capturing === action ? "press a key…" : displayKey(bindings[action])}</kbd>
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      setMessage(null);
                      setCapturing(action);
                    }}
                  >
                    Change
                  </button>
                </td>
              </tr>
            ))}
            <tr>
              <td>Previous control</td>
              <td>
                <kbd>Shift+Tab</kbd>
              </td>
              <td />
            </tr>
            <tr>
              <td>Leave a text box / close a dialog</td>
              <td>
                <kbd>Esc</kbd>
              </td>
              <td />
            </tr>
            <tr>
              <td>Submit from inside a text box</td>
              <td>
                <kbd>Ctrl+Enter</kbd>
              </td>
              <td />
            </tr>
            <tr>
              <td>A label's definition and examples from the guideline</td>
              <td>
                <kbd>hover the label</kbd>
              </td>
              <td />
            </tr>
            {fixedHelp.map(([what, keys]) => (
              <tr key={what}>
                <td>{what}</td>
                <td>
                  {keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td />
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Labels (for the active control)</h3>
        {controls.map(({ control, keys }) => (
          <div key={control.name} className="help-control">
            <strong>
              <Text value={control.name} />
            </strong>
            {control.type === "spans" && (
              <span className="hint">
                {" "}
                — select text with the mouse or the caret (arrow keys), then press a key
              </span>
            )}
            {control.type === "spans" && <span className="hint">; click a span, then Delete removes it</span>}
            <ul>
              {widgetFor(control)?.help?.map(({ key, does }) => (
                <li key={`help:${key}`} className="widget-key">
                  <kbd>{key}</kbd> <Text value={does} />
                </li>
              ))}
              {[...keys].map(([key, label]) => (
                <li key={key}>
                  <kbd>{displayKey(key)}</kbd> <Text value={label} />
                </li>
              ))}
              {keys.size === 0 && !widgetFor(control)?.help?.length && (
                <li className="hint">
                  {widgetFor(control) ? "type in the box" : "this UI cannot show it yet"}
                </li>
              )}
            </ul>
          </div>
        ))}
        <footer>
          <button
            type="button"
            onClick={() =>
              onRebind({ ...DEFAULT_BINDINGS }).then(
                () => setMessage({ kind: "ok", text: "Shortcuts reset to the defaults." }),
                (err: Error) => setMessage({ kind: "error", text: err.message }),
              )
            }
          >
            Reset to defaults
          </button>
        </footer>
      </div>
    </div>
  );
}

export function SkipDialog({ onSkip, onCancel }: { onSkip: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState("skipped");
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Skip this item">
      <form
        className="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onSkip(reason.trim() || "skipped");
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onCancel();
          }
        }}
      >
        <h2>Skip this item</h2>
        <label>
          Reason
          <input
            autoFocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onFocus={(e) => e.target.select()}
          />
        </label>
        <footer>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Skip
          </button>
        </footer>
      </form>
    </div>
  );
}
