/** Admins manage accounts: create, grant admin or the right to create projects, deactivate (which
 * logs the account out everywhere and deletes its API tokens), reset a password. */
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/endpoints";
import type { Account, NewAccount } from "../api/types";
import { useAuth } from "../auth";
import { SecretOnce } from "../components/SecretOnce";
import { Text } from "../render";
import { CreateUserForm } from "./users/CreateUserForm";
import { ErrorAlert } from "../components/Fields";

type Change = { is_admin?: boolean; can_create_projects?: boolean; is_active?: boolean };

export function UsersPage() {
  const { me } = useAuth();
  const [users, setUsers] = useState<Account[] | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.users().then(setUsers, (err: Error) => setError(err.message));
  }, []);
  useEffect(() => {
    if (me?.is_admin) load();
  }, [load, me?.is_admin]);

  if (!me?.is_admin)
    return (
      <div className="page">
        <h1>Users</h1>
        <p className="hint">Only admins manage accounts.</p>
      </div>
    );

  const showPassword = (created: NewAccount) => {
    if (created.password) setSecret({ label: `Password of ${created.user.email}`, value: created.password });
  };

  const change = async (u: Account, body: Change, confirm?: string) => {
    if (confirm && !window.confirm(confirm)) return;
    setError(null);
    try {
      await api.updateUser(u.id, body);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const reset = async (u: Account) => {
    if (!window.confirm(`Reset the password of ${u.email}? They are logged out everywhere.`)) return;
    setError(null);
    try {
      showPassword(await api.resetPassword(u.id, null));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="page users">
      <div className="page-title">
        <h1>Users</h1>
      </div>
      <CreateUserForm
        onCreated={(created) => {
          showPassword(created);
          load();
        }}
      />
      {secret && <SecretOnce label={secret.label} secret={secret.value} onDone={() => setSecret(null)} />}
      <ErrorAlert message={error} />
      {users && (
        <table className="table" aria-label="Users">
          <thead>
            <tr>
              <th>Email</th>
              <th>Admin</th>
              <th>May create projects</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u.id === me.id;
              return (
                <tr key={u.id} className={u.is_active ? undefined : "inactive"}>
                  <td>
                    <Text value={u.email} />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Admin: ${u.email}`}
                      checked={u.is_admin}
                      disabled={self}
                      onChange={(e) => void change(u, { is_admin: e.target.checked })}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`May create projects: ${u.email}`}
                      checked={u.can_create_projects}
                      disabled={u.is_admin}
                      onChange={(e) => void change(u, { can_create_projects: e.target.checked })}
                    />
                  </td>
                  <td>{u.is_active ? "active" : "deactivated"}</td>
                  <td className="num">
                    {!self &&
                      (u.is_active ? (
                        <button
                          type="button"
                          onClick={() =>
                            void change(
                              u,
                              { is_active: false },
                              `Deactivate ${u.email}? They are logged out and their API tokens are deleted.`,
                            )
                          }
                        >
                          Deactivate
                        </button>
                      ) : (
                        <button type="button" onClick={() => void change(u, { is_active: true })}>
                          Activate
                        </button>
                      ))}{" "}
                    {!self && (
                      <button type="button" onClick={() => void reset(u)}>
                        Reset password
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
