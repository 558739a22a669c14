/** The end of a settings form: the outcome of the last save (see useSettingsForm), then the save button. */
import { Text } from "../render";
import type { FormMessage } from "./useSettingsForm";

export function SettingsFormFooter({
  message,
  busy,
  disabled,
  save,
}: {
  message: FormMessage | null;
  busy: boolean;
  disabled?: boolean;
  /** The save button's words. */
  save: string;
}) {
  return (
    <>
      {message && (
        <p className={message.kind} role={message.kind === "error" ? "alert" : "status"}>
          <Text value={message.text} />
        </p>
      )}
      <footer>
        <button type="submit" className="primary" disabled={busy || disabled}>
          {save}
        </button>
      </footer>
    </>
  );
}
