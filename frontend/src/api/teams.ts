/**
 * The teams, assignment, rates and cost routes (docs/API.md, "Teams" and "Time and cost"),
 * typed by the server's OpenAPI paths like every call in ./endpoints.
 */
import { call, client } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type Team = S["TeamView"];
export type TeamDetail = S["TeamDetail"];
export type ProjectTeam = S["ProjectTeamView"];
export type ProjectTeamChange = S["ProjectTeamChange"];
export type MemberRate = S["MemberRateView"];
export type RateKind = NonNullable<MemberRate["rate_kind"]>;
export type CostReport = S["CostReport"];
export type PersonCost = S["PersonCost"];
type Role = S["ProjectTeamIn"]["role"];

type Id = number | string;
const project = (id: Id) => ({ project_id: Number(id) });
const team = (id: Id) => ({ team_id: Number(id) });

export const teamsApi = {
  list: (): Promise<Team[]> => call(client.GET("/api/teams")),
  create: (name: string): Promise<Team> => call(client.POST("/api/teams", { body: { name } })),
  get: (id: Id): Promise<TeamDetail> =>
    call(client.GET("/api/teams/{team_id}", { params: { path: team(id) } })),
  rename: (id: Id, name: string): Promise<TeamDetail> =>
    call(client.PATCH("/api/teams/{team_id}", { params: { path: team(id) }, body: { name } })),
  remove: (id: Id): Promise<unknown> =>
    call(client.DELETE("/api/teams/{team_id}", { params: { path: team(id) } })),
  addMember: (id: Id, email: string): Promise<unknown> =>
    call(client.POST("/api/teams/{team_id}/members", { params: { path: team(id) }, body: { email } })),
  removeMember: (id: Id, userId: number): Promise<unknown> =>
    call(
      client.DELETE("/api/teams/{team_id}/members/{user_id}", {
        params: { path: { team_id: Number(id), user_id: userId } },
      }),
    ),
  onProject: (id: Id): Promise<ProjectTeam[]> =>
    call(client.GET("/api/projects/{project_id}/teams", { params: { path: project(id) } })),
  addToProject: (id: Id, teamId: number, role: Role): Promise<ProjectTeamChange> =>
    call(
      client.POST("/api/projects/{project_id}/teams", {
        params: { path: project(id) },
        body: { team_id: teamId, role },
      }),
    ),
  removeFromProject: (id: Id, teamId: number): Promise<ProjectTeamChange> =>
    call(
      client.DELETE("/api/projects/{project_id}/teams/{team_id}", {
        params: { path: { project_id: Number(id), team_id: teamId } },
      }),
    ),
};

type AssignBody = S["AssignIn"];

export const assignApi = {
  /** Reserve items (by ids, or every item matching the Items tab's query) for a person or a team;
   * neither releases them to anyone. */
  assign: (id: Id, body: AssignBody): Promise<S["AssignmentResult"]> =>
    call(client.POST("/api/projects/{project_id}/items/assign", { params: { path: project(id) }, body })),
};

export const costsApi = {
  rates: (id: Id): Promise<MemberRate[]> =>
    call(client.GET("/api/projects/{project_id}/rates", { params: { path: project(id) } })),
  setRate: (id: Id, userId: number, kind: RateKind | null, rate: number | null): Promise<MemberRate> =>
    call(
      client.PATCH("/api/projects/{project_id}/members/{user_id}/rate", {
        params: { path: { project_id: Number(id), user_id: userId } },
        body: { rate_kind: kind, rate },
      }),
    ),
  report: (id: Id, signal?: AbortSignal): Promise<CostReport> =>
    call(client.GET("/api/projects/{project_id}/costs", { params: { path: project(id) }, signal })),
  /** The CSV's URL: a plain link downloads it with the session cookie. */
  csvUrl: (id: Id): string => `/api/projects/${Number(id)}/costs.csv`,
};
