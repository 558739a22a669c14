/**
 * The final-label and adjudication routes (docs/API.md, "Final labels" and "Adjudication"),
 * typed by the server's OpenAPI paths: each item's one trusted result with its provenance, and
 * the expert's queue of items whose consensus stayed unsure at the maximum overlap.
 */
import { call, client } from "./client";
import type { components, paths } from "./schema";
import type { Result } from "./types";

type S = components["schemas"];
/** A project's consensus settings as the server returns them (`project.consensus`). */
export type ConsensusSettings = S["ConsensusSettings-Output"];
export type ConsensusMethod = ConsensusSettings["method"];
export type ReviewSample = ConsensusSettings["review"]["sample"];
export type FinalLabel = S["FinalLabelView"];
export type Provenance = FinalLabel["provenance"];
export type FinalPage = S["FinalPage"];
export type AdjudicationAnswer = S["AdjudicationAnswer"];
export type AdjudicationItem = S["AdjudicationItem"];
export type AdjudicationPage = S["AdjudicationPage"];

/** `GET /final`'s filters and order (all optional; the server validates them). */
export type FinalQuery = Omit<
  NonNullable<paths["/api/projects/{project_id}/final"]["get"]["parameters"]["query"]>,
  "page" | "page_size"
>;
export type FinalSort = NonNullable<FinalQuery["sort"]>;

type Id = number | string;
const path = (id: Id) => ({ project_id: Number(id) });

export const finalApi = {
  /** The project's final labels, one per item (managers and reviewers), maybe filtered. */
  final: (
    id: Id,
    page: number,
    pageSize: number,
    signal?: AbortSignal,
    filters: FinalQuery = {},
  ): Promise<FinalPage> =>
    call(
      client.GET("/api/projects/{project_id}/final", {
        params: { path: path(id), query: { ...filters, page, page_size: pageSize } },
        signal,
      }),
    ),
  /** Items waiting for adjudication, with every answer and the current final label. */
  adjudication: (id: Id, page: number, pageSize: number, signal?: AbortSignal): Promise<AdjudicationPage> =>
    call(
      client.GET("/api/projects/{project_id}/adjudication", {
        params: { path: path(id), query: { page, page_size: pageSize } },
        signal,
      }),
    ),
  /** The expert's result becomes the item's final label (provenance `adjudicated`). */
  adjudicate: (id: Id, itemId: number, result: Result): Promise<FinalLabel> =>
    call(
      client.POST("/api/projects/{project_id}/adjudication/{item_id}", {
        params: { path: { ...path(id), item_id: itemId } },
        body: { result },
      }),
    ),
  /** Managers: the items' queue priority (higher is served sooner); how many changed. */
  setPriority: (id: Id, itemIds: number[], priority: number): Promise<S["PriorityChange"]> =>
    call(
      client.POST("/api/projects/{project_id}/items/priority", {
        params: { path: path(id) },
        body: { item_ids: itemIds, priority },
      }),
    ),
};
