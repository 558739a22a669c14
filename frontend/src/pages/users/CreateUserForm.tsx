/** An admin creates an account: a generated password (shown once) or one they set. */
import { useState, type FormEvent } from "react";
import { api } from "../../api/endpoints";
import type { NewAccount } from "../../api/types";
import { ErrorAlert, PasswordField } from "../../components/Fields";

export function CreateUserForm({ onCreated }: { onCreated: (created: NewAccount) => void }) {
  const [email, setEmail] = useState("");
  const [isAdmin, setIsAdmin] = useState(false);
  const [canCreate, setCanCreate] = useState(false);
  const [setOwn, setSetOwn] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createUser({
        email: email.trim(),
        password: setOwn ? password : null,
        is_admin: isAdmin,
        can_create_projects: canCreate,
      });
      setEmail("");
      setPassword("");
      onCreated(created);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={submit} aria-label="New user">
      <h2>New user</h2>
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <div className="checks">
        <label className="check">
          <input type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} /> Admin
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={canCreate || isAdmin}
            disabled={isAdmin}
            onChange={(e) => setCanCreate(e.target.checked)}
          />{" "}
          May create projects
        </label>
        <label className="check">
          <input type="checkbox" checked={setOwn} onChange={(e) => setSetOwn(e.target.checked)} /> Set the
          password (otherwise one is generated)
        </label>
      </div>
      {setOwn && <PasswordField label="Password" value={password} onChange={setPassword} fresh />}
      <ErrorAlert message={error} />
      <footer>
        <button type="submit" className="primary" disabled={busy}>
          Create user
        </button>
      </footer>
    </form>
  );
}
