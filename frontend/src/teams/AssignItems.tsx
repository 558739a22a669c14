/** The Items tab's "Assign" action (managers): the selected items, or every item matching the
 * current filters, go to one member or one team on the project; the queue then serves them to
 * nobody else. "Anyone" releases them. */
import { useEffect, useState } from "react";
import { api } from "../api/endpoints";
import type { ItemQuery, Member, Project } from "../api/types";
import { assignApi, teamsApi, type ProjectTeam } from "../api/teams";

export function AssignItems({
  project,
  selected,
  query,
  total,
  onDone,
}: {
  project: Project;
  selected: number[];
  query: ItemQuery;
  total: number;
  onDone: (message: { kind: "ok" | "error"; text: string }) => void;
}) {
  const [members, setMembers] = useState<Member[]>([]);
  const [teams, setTeams] = useState<ProjectTeam[]>([]);
  const [target, setTarget] = useState("");

  useEffect(() => {
    api.members(project.id).then(setMembers, () => setMembers([]));
    teamsApi.onProject(project.id).then(setTeams, () => setTeams([]));
  }, [project.id]);

  const scope = selected.length > 0 ? `${selected.length} selected` : `all ${total} matching`;
  const assign = async () => {
    const [kind, id] = target.split(":");
    const who =
      kind === "user" ? { assignee_id: Number(id) } : kind === "team" ? { team_id: Number(id) } : {};
    const items = selected.length > 0 ? { ids: selected } : { query };
    try {
      const r = await assignApi.assign(project.id, { ...items, ...who });
      const name =
        kind === "user"
          ? members.find((m) => m.user_id === Number(id))?.email
          : kind === "team"
            ? teams.find((t) => t.team_id === Number(id))?.name
            : "anyone";
      onDone({ kind: "ok", text: `${r.items} item${r.items === 1 ? "" : "s"} now go to ${name}.` });
    } catch (err) {
      onDone({ kind: "error", text: (err as Error).message });
    }
  };

  return (
    <span className="assign-items">
      <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Assign to">
        <option value="">Assign {scope} to…</option>
        <option value="anyone">anyone (release)</option>
        {teams.length > 0 && (
          <optgroup label="Teams">
            {teams.map((t) => (
              <option key={t.team_id} value={`team:${t.team_id}`}>
                {t.name}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="Members">
          {members.map((m) => (
            <option key={m.user_id} value={`user:${m.user_id}`}>
              {m.email}
            </option>
          ))}
        </optgroup>
      </select>
      <button type="button" disabled={!target || total === 0} onClick={() => void assign()}>
        Assign
      </button>
    </span>
  );
}
