/**
 * The dashboard and alert routes (docs/API.md, "Dashboard" and "Alerts"), typed by the server's
 * OpenAPI paths like every call in ./endpoints, with their shapes aliased here.
 */
import { call, client } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type Dashboard = S["Dashboard"];
export type DayCount = S["DayCount"];
export type AgreementPoint = S["AgreementPoint"];
export type HoneypotPoint = S["HoneypotPoint"];
export type TeamConfusion = S["TeamConfusion"];
export type DriftRow = S["DriftRow"];
export type Backlogs = S["Backlogs"];
export type Progress = S["Progress"];
export type Forecast = S["Forecast"];
export type AlertRule = S["AlertRuleView"];
export type AlertEntry = S["AlertView"];
export type AlertRuleIn = S["AlertRuleIn"];
export type AlertRulePatch = S["AlertRulePatch"];
export type Metric = AlertRule["metric"];

type Id = number | string;
const path = (id: Id) => ({ project_id: Number(id) });

export const dashboardApi = {
  get: (id: Id, days?: number, signal?: AbortSignal): Promise<Dashboard> =>
    call(
      client.GET("/api/projects/{project_id}/dashboard", {
        params: { path: path(id), query: days ? { days } : {} },
        signal,
      }),
    ),
  rules: (id: Id, signal?: AbortSignal): Promise<AlertRule[]> =>
    call(client.GET("/api/projects/{project_id}/alerts/rules", { params: { path: path(id) }, signal })),
  createRule: (id: Id, body: AlertRuleIn): Promise<AlertRule> =>
    call(client.POST("/api/projects/{project_id}/alerts/rules", { params: { path: path(id) }, body })),
  updateRule: (id: Id, ruleId: number, body: AlertRulePatch): Promise<AlertRule> =>
    call(
      client.PATCH("/api/projects/{project_id}/alerts/rules/{rule_id}", {
        params: { path: { ...path(id), rule_id: ruleId } },
        body,
      }),
    ),
  deleteRule: (id: Id, ruleId: number): Promise<unknown> =>
    call(
      client.DELETE("/api/projects/{project_id}/alerts/rules/{rule_id}", {
        params: { path: { ...path(id), rule_id: ruleId } },
      }),
    ),
  alerts: (id: Id, signal?: AbortSignal): Promise<AlertEntry[]> =>
    call(client.GET("/api/projects/{project_id}/alerts", { params: { path: path(id) }, signal })),
};
