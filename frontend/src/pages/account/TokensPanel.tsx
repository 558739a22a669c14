/** The user's API tokens: create one (optionally expiring; its secret is shown once), list them
 * without secrets, revoke one. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/endpoints";
import type { NewToken, Token } from "../../api/types";
import { SecretOnce } from "../../components/SecretOnce";
import { Text } from "../../render";
import { ErrorAlert } from "../../components/Fields";

/** Expiry choices, in days (null: never), like the code hosts offer. */
export const EXPIRY_CHOICES: { label: string; days: number | null }[] = [
  { label: "30 days", days: 30 },
  { label: "7 days", days: 7 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
  { label: "Never", days: null },
];

const date = (iso: string) => new Date(iso).toLocaleDateString();

export function TokensPanel() {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState(0);
  const [created, setCreated] = useState<NewToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.tokens().then(setTokens, (err: Error) => setError(err.message));
  }, []);
  useEffect(load, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await api.createToken(name.trim(), EXPIRY_CHOICES[expiry].days));
      setName("");
      load();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (t: Token) => {
    if (!window.confirm(`Revoke the token "${t.name || "unnamed"}"? Scripts using it stop working.`)) return;
    setError(null);
    try {
      await api.revokeToken(t.id);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className="card stack" aria-label="API tokens">
      <h2>API tokens</h2>
      <p className="hint">
        For scripts and the Python SDK: send <code>Authorization: Token …</code>. A token acts as you.
      </p>
      <form className="inline-form" onSubmit={create} aria-label="New token">
        <input
          placeholder="What is it for?"
          aria-label="Token name"
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <select aria-label="Expires" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
          {EXPIRY_CHOICES.map((c, i) => (
            <option key={c.label} value={i}>
              {c.days === null ? "Never expires" : `Expires in ${c.label}`}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={busy}>
          Create token
        </button>
      </form>
      {created && (
        <SecretOnce
          label={`New token "${created.name || "unnamed"}"`}
          secret={created.token}
          onDone={() => setCreated(null)}
        />
      )}
      <ErrorAlert message={error} />
      {tokens && tokens.length === 0 && <p className="hint">No tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>
                  <Text value={t.name || "unnamed"} />
                </td>
                <td>{date(t.created_at)}</td>
                <td className={t.expired ? "error" : undefined}>
                  {t.expires_at === null ? "never" : `${t.expired ? "expired " : ""}${date(t.expires_at)}`}
                </td>
                <td className="num">
                  <button type="button" onClick={() => void revoke(t)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
