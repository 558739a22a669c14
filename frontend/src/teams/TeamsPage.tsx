/** The Teams page (route /teams): people an admin allowed to create projects make teams, add and
 * remove their members; a team joins projects in one step from a project's Members tab. Whoever
 * joins a team later joins its projects too, and leaving the team leaves them. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ApiError } from "../api/client";
import { teamsApi, type Team, type TeamDetail } from "../api/teams";
import { ErrorAlert } from "../components/Fields";
import { Text } from "../render";
import "./teams.css";

export function TeamsPage() {
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [denied, setDenied] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    teamsApi.list().then(setTeams, (err: unknown) => {
      if (err instanceof ApiError && err.status === 403) setDenied(true);
      else setError((err as Error).message);
    });
  }, []);
  useEffect(load, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await teamsApi.create(name.trim());
      setName("");
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="page teams-page">
      <div className="page-title">
        <h1>Teams</h1>
      </div>
      {denied ? (
        <p className="hint">
          Teams are made by people an admin allowed to create projects. Ask an admin if you need that right.
        </p>
      ) : (
        <>
          <p className="hint">
            A team joins a project in one step, from the project&apos;s Members tab. People who join the team
            later join its projects too; people who leave it leave the projects they were on only through it.
          </p>
          <form className="inline-form" onSubmit={(e) => void create(e)} aria-label="New team">
            <input
              required
              maxLength={200}
              placeholder="Team name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-label="Team name"
            />
            <button type="submit" className="primary" disabled={!name.trim()}>
              Create team
            </button>
          </form>
          <ErrorAlert message={error} />
          {teams && teams.length === 0 && <p className="hint">No teams yet.</p>}
          {teams?.map((t) => (
            <TeamCard key={t.id} team={t} onChange={load} />
          ))}
        </>
      )}
    </div>
  );
}

function TeamCard({ team, onChange }: { team: Team; onChange: () => void }) {
  const [detail, setDetail] = useState<TeamDetail | null>(null);
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    teamsApi.get(team.id).then(setDetail, (err: Error) => setError(err.message));
  }, [team.id]);
  useEffect(load, [load]);

  const act = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      load();
      onChange();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className="team-card" aria-label={`Team ${team.name}`}>
      <h2>
        <Text value={team.name} />{" "}
        <span className="hint">
          {team.member_count} member{team.member_count === 1 ? "" : "s"}
          {team.created_by && (
            <>
              {" "}
              · made by <Text value={team.created_by} />
            </>
          )}
        </span>
      </h2>
      <ErrorAlert message={error} />
      <ul aria-label={`Members of ${team.name}`}>
        {detail?.members.map((m) => (
          <li key={m.user_id}>
            <Text value={m.email} />{" "}
            {team.may_manage && (
              <button
                type="button"
                onClick={() =>
                  window.confirm(`Remove ${m.email} from ${team.name}? They leave its projects too.`) &&
                  void act(() => teamsApi.removeMember(team.id, m.user_id))
                }
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {team.may_manage && (
        <>
          <form
            className="inline-form"
            aria-label={`Add a member to ${team.name}`}
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await teamsApi.addMember(team.id, email.trim());
                setEmail("");
              });
            }}
          >
            <input
              type="email"
              required
              placeholder="email@example.org"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-label={`Email to add to ${team.name}`}
            />
            <button type="submit">Add member</button>
          </form>
          <button
            type="button"
            className="danger"
            onClick={() =>
              window.confirm(`Delete ${team.name}? It leaves every project, with the members it brought.`) &&
              void act(() => teamsApi.remove(team.id))
            }
          >
            Delete team
          </button>
        </>
      )}
    </section>
  );
}
