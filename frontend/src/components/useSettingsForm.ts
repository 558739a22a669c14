/**
 * The submit logic a settings form shares: parse the form (field errors stop it with `invalid`),
 * save, then say `saved` or show the server's message, optionally mapped onto the fields it names.
 */
import { useState, type FormEvent } from "react";

export interface FormMessage {
  kind: "ok" | "error";
  text: string;
}

export function useSettingsForm<S>({
  parse,
  onSave,
  invalid,
  saved,
  serverErrors,
}: {
  /** The settings the form says, or the fields that need a fix. */
  parse: () => { settings: S } | { errors: Record<string, string> };
  /** Resolves when saved; rejects with the server's error (its message is shown). */
  onSave: (settings: S) => Promise<void>;
  /** The message when some fields need a fix. */
  invalid: string;
  /** The message once saved. */
  saved: string;
  /** The field errors a server message gives, if any. */
  serverErrors?: (message: string) => Record<string, string> | null;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const parsed = parse();
    if ("errors" in parsed) {
      setErrors(parsed.errors);
      setMessage({ kind: "error", text: invalid });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSave(parsed.settings);
      setMessage({ kind: "ok", text: saved });
    } catch (err) {
      const text = (err as Error).message;
      const fields = serverErrors?.(text);
      if (fields) setErrors(fields);
      setMessage({ kind: "error", text });
    } finally {
      setBusy(false);
    }
  };

  return { errors, message, busy, submit };
}
