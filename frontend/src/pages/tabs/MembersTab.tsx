import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/endpoints";
import type { Member, Project, Role } from "../../api/types";
import { useAuth } from "../../auth";
import { Text } from "../../render";

const ROLES: Role[] = ["annotator", "reviewer", "manager"];

export function MembersTab({ project }: { project: Project }) {
  const { me } = useAuth();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("annotator");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.members(project.id).then(setMembers, (err: Error) => setError(err.message));
  }, [project.id]);
  useEffect(load, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.addMember(project.id, email.trim(), role);
      setEmail("");
      load();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (m: Member) => {
    if (!window.confirm(`Remove ${m.email} from this project?`)) return;
    setError(null);
    try {
      await api.removeMember(project.id, m.user_id);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div>
      <form className="inline-form" onSubmit={add} aria-label="Add member">
        <input
          type="email"
          required
          placeholder="email@example.org"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-label="Email"
        />
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label="Role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={busy}>
          Add member
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {members && (
        <table className="table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.user_id}>
                <td>
                  <Text value={m.email} />
                </td>
                <td>{m.role}</td>
                <td className="num">
                  {String(m.user_id) !== String(me?.id) && (
                    <button type="button" onClick={() => void remove(m)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
