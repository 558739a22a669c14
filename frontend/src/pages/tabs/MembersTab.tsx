/** Members and pending invitations. Adding an email invites it (whether or not it has an account
 * yet: the server's answer is the same); the person joins when they accept. A member's email
 * changes their role at once. A team joins in one step (`teams/ProjectTeams`); each member's
 * rate (`teams/RateEditor`) prices their work on the Time & cost tab. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/endpoints";
import type { Invitation, Member, MemberAdded, Project, Role } from "../../api/types";
import { useAuth } from "../../auth";
import { Text } from "../../render";
import { ErrorAlert } from "../../components/Fields";
import { costsApi, type MemberRate } from "../../api/teams";
import { ProjectTeams } from "../../teams/ProjectTeams";
import { RateEditor } from "../../teams/RateEditor";
import { WorkloadForm } from "../../teams/WorkloadForm";

const ROLES: Role[] = ["annotator", "reviewer", "manager"];

export function addedMessage(added: MemberAdded): string {
  return added.status === "member"
    ? `${added.email} is now ${added.role}.`
    : `Invitation for ${added.email} as ${added.role}: they join when they accept it on their projects page.`;
}

export function MembersTab({ project }: { project: Project }) {
  const { me } = useAuth();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("annotator");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rates, setRates] = useState<Map<number, MemberRate>>(new Map());

  const load = useCallback(() => {
    api.members(project.id).then(setMembers, (err: Error) => setError(err.message));
    api.invitations(project.id).then(setInvitations, (err: Error) => setError(err.message));
    costsApi.rates(project.id).then(
      (all) => setRates(new Map(all.map((r) => [r.user_id, r]))),
      (err: Error) => setError(err.message),
    );
  }, [project.id]);
  useEffect(load, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(addedMessage(await api.addMember(project.id, email.trim(), role)));
      setEmail("");
      load();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const act = async (question: string, call: () => Promise<unknown>) => {
    if (!window.confirm(question)) return;
    setError(null);
    setNotice(null);
    try {
      await call();
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
      {notice && (
        <p className="ok" role="status">
          <Text value={notice} />
        </p>
      )}
      <ErrorAlert message={error} />
      <ProjectTeams project={project} onChange={load} />
      <WorkloadForm project={project} />
      {members && (
        <table className="table" aria-label="Members">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Team</th>
              <th>Rate</th>
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
                <td className="hint">
                  {rates.get(m.user_id)?.via_team && <Text value={rates.get(m.user_id)!.via_team!} />}
                </td>
                <td>
                  {rates.has(m.user_id) && (
                    <RateEditor
                      projectId={project.id}
                      rate={rates.get(m.user_id)!}
                      onSaved={(r) => {
                        setRates((old) => new Map(old).set(r.user_id, r));
                        setNotice(`Rate of ${r.email} saved.`);
                      }}
                      onError={setError}
                    />
                  )}
                </td>
                <td className="num">
                  {String(m.user_id) !== String(me?.id) && (
                    <button
                      type="button"
                      onClick={() =>
                        void act(`Remove ${m.email} from this project?`, () =>
                          api.removeMember(project.id, m.user_id),
                        )
                      }
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {invitations.length > 0 && (
        <>
          <h3 className="section-title">Pending invitations</h3>
          <table className="table" aria-label="Pending invitations">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Invited</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {invitations.map((inv) => (
                <tr key={inv.id}>
                  <td>
                    <Text value={inv.email} />
                  </td>
                  <td>{inv.role}</td>
                  <td className="hint">
                    {new Date(inv.created_at).toLocaleDateString()}
                    {inv.invited_by && (
                      <>
                        {" "}
                        by <Text value={inv.invited_by} />
                      </>
                    )}
                  </td>
                  <td className="num">
                    <button
                      type="button"
                      onClick={() =>
                        void act(`Revoke the invitation for ${inv.email}?`, () =>
                          api.revokeInvitation(project.id, inv.id),
                        )
                      }
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
