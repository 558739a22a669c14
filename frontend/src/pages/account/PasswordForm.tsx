/** Change one's own password: the current one is required; other sessions are logged out. */
import { useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { ErrorAlert, PasswordField } from "../../components/Fields";

export function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (next !== repeat) {
      setError("The new passwords do not match.");
      return;
    }
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent("");
      setNext("");
      setRepeat("");
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.code === "wrong_password")
        setError("The current password is wrong.");
      else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={submit} aria-label="Change password">
      <h2>Password</h2>
      <PasswordField label="Current password" value={current} onChange={setCurrent} />
      <PasswordField label="New password" value={next} onChange={setNext} fresh />
      <PasswordField label="Repeat the new password" value={repeat} onChange={setRepeat} fresh />
      <p className="hint">At least 8 characters, and not a common password.</p>
      <ErrorAlert message={error} />
      {done && (
        <p className="ok" role="status">
          Password changed. Your other sessions were logged out.
        </p>
      )}
      <footer>
        <button type="submit" className="primary" disabled={busy}>
          Change password
        </button>
      </footer>
    </form>
  );
}
