/** The Members tab's teams: add a team with a role in one step (all its members join), see the
 * teams on the project, take one off (the members it brought leave). Teams themselves are made
 * on the Teams page, by people an admin allowed to create projects. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api/client";
import type { Project, Role } from "../api/types";
import { teamsApi, type ProjectTeam, type Team } from "../api/teams";
import { ErrorAlert } from "../components/Fields";
import { Text } from "../render";

const ROLES: Role[] = ["annotator", "reviewer", "manager"];

export function ProjectTeams({ project, onChange }: { project: Project; onChange: () => void }) {
  const [onProject, setOnProject] = useState<ProjectTeam[]>([]);
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [teamId, setTeamId] = useState("");
  const [role, setRole] = useState<Role>("annotator");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    teamsApi.onProject(project.id).then(setOnProject, (err: Error) => setError(err.message));
    // Only people with the project-creation right see teams (403 otherwise: no form then).
    teamsApi.list().then(
      (all) => setTeams(all.filter((t) => t.may_manage)),
      (err: unknown) => setTeams(err instanceof ApiError && err.status === 403 ? [] : null),
    );
  }, [project.id]);
  useEffect(load, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const r = await teamsApi.addToProject(project.id, Number(teamId), role);
      const name = teams?.find((t) => t.id === r.team_id)?.name ?? "The team";
      setNotice(
        `${name} is on the project as ${r.role}: ${r.members} new member${r.members === 1 ? "" : "s"}.`,
      );
      load();
      onChange();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const remove = async (t: ProjectTeam) => {
    if (!window.confirm(`Take ${t.name} off this project? The members it brought leave it.`)) return;
    setError(null);
    setNotice(null);
    try {
      const r = await teamsApi.removeFromProject(project.id, t.team_id);
      setNotice(`${t.name} is off the project: ${-r.members} member${r.members === -1 ? "" : "s"} left.`);
      load();
      onChange();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section aria-label="Teams on this project" className="project-teams">
      {teams && teams.length > 0 && (
        <form className="inline-form" onSubmit={(e) => void add(e)} aria-label="Add team">
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)} aria-label="Team" required>
            <option value="">Choose a team…</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.member_count})
              </option>
            ))}
          </select>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label="Join as">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!teamId}>
            Add team
          </button>
        </form>
      )}
      {teams && teams.length === 0 && onProject.length === 0 && (
        <p className="hint">
          Whole teams can join at once: make one on the <Link to="/teams">Teams</Link> page.
        </p>
      )}
      {notice && (
        <p className="ok" role="status">
          <Text value={notice} />
        </p>
      )}
      <ErrorAlert message={error} />
      {onProject.length > 0 && (
        <ul className="team-list" aria-label="Teams">
          {onProject.map((t) => (
            <li key={t.team_id}>
              <strong>
                <Text value={t.name} />
              </strong>{" "}
              as {t.role}, {t.member_count} member{t.member_count === 1 ? "" : "s"}{" "}
              <button type="button" onClick={() => void remove(t)}>
                Remove team
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
