/**
 * The disagreements routes (docs/API.md, "Disagreements"): ranked ambiguous cases, a case made a
 * question or a guideline example in one step, and agreement on the affected labels after a
 * guideline version. Typed by the server's OpenAPI paths like every call in ./endpoints.
 */
import { call, client } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type DisagreementReport = S["DisagreementReport"];
export type DisagreementCase = S["Case"];
export type CaseItem = S["CaseItem"];
export type CaseQuestion = S["CaseQuestion"];
export type CaseExample = S["CaseExample"];
export type CaseQuestionIn = S["CaseQuestionIn"];
export type CaseExampleIn = S["CaseExampleIn"];
export type Impact = S["Impact"];
export type LabelImpact = S["LabelImpact"];
export type AgreementEstimate = S["AgreementEstimate"];

type Id = number | string;
const path = (id: Id) => ({ project_id: Number(id) });

export const disagreementsApi = {
  cases: (id: Id, page: number, pageSize: number, signal?: AbortSignal): Promise<DisagreementReport> =>
    call(
      client.GET("/api/projects/{project_id}/disagreements", {
        params: { path: path(id), query: { page, page_size: pageSize } },
        signal,
      }),
    ),
  ask: (id: Id, body: CaseQuestionIn): Promise<CaseQuestion> =>
    call(
      client.POST("/api/projects/{project_id}/disagreements/question", { params: { path: path(id) }, body }),
    ),
  example: (id: Id, body: CaseExampleIn): Promise<CaseExample> =>
    call(
      client.POST("/api/projects/{project_id}/disagreements/example", { params: { path: path(id) }, body }),
    ),
  /** `labels`: `control:label` each; empty: the labels of cases already made questions or examples. */
  impact: (id: Id, version: number, labels: string[], signal?: AbortSignal): Promise<Impact> =>
    call(
      client.GET("/api/projects/{project_id}/disagreements/impact", {
        params: { path: path(id), query: { guideline_version: version, labels } },
        signal,
      }),
    ),
};
