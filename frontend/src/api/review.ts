/**
 * Review calls (docs/API.md, "Review"): the review queue and verdicts, the author's own work and
 * feedback, annotation history, the managers' verdict list and reviewer scores. Typed by the
 * server's OpenAPI paths like every call in ./endpoints.
 */
import { call, client } from "./client";
import type { components, paths } from "./schema";

type S = components["schemas"];
export type ReviewTask = S["ReviewTask"];
export type PriorReview = S["PriorReview"];
export type VerdictIn = S["VerdictIn"];
export type Verdict = VerdictIn["verdict"];
export type VerdictView = S["VerdictView"];
export type ReviewSummary = S["ReviewSummary"];
export type ReviewPage = S["ReviewPage"];
export type ReviewerScore = S["ReviewerScore"];
export type MyAnnotation = S["MyAnnotation"];
export type MyAnnotationsPage = S["MyAnnotationsPage"];
export type AuthorFeedback = S["AuthorFeedback"];
export type HistoryEntry = S["HistoryEntry"];
export type MyFilter = NonNullable<
  NonNullable<
    NonNullable<paths["/api/projects/{project_id}/my/annotations"]["get"]["parameters"]["query"]>["show"]
  >
>;

type Id = number | string;
const project = (id: Id) => ({ project_id: Number(id) });

export const reviewApi = {
  /** The next annotation waiting for the caller's review; null when none is (204). */
  next: (projectId: Id, skip: number[] = [], tier?: number): Promise<ReviewTask | null> =>
    call(
      client.GET("/api/projects/{project_id}/review/next", {
        params: { path: project(projectId), query: { skip, tier } },
      }),
    ).then((task) => task ?? null),
  decide: (annotationId: number, body: VerdictIn): Promise<VerdictView> =>
    call(
      client.POST("/api/annotations/{annotation_id}/review", {
        params: { path: { annotation_id: annotationId } },
        body,
      }),
    ),
  summary: (projectId: Id): Promise<ReviewSummary> =>
    call(client.GET("/api/projects/{project_id}/review/summary", { params: { path: project(projectId) } })),
  reviews: (projectId: Id, page = 1, pageSize = 50): Promise<ReviewPage> =>
    call(
      client.GET("/api/projects/{project_id}/reviews", {
        params: { path: project(projectId), query: { page, page_size: pageSize } },
      }),
    ),
  reviewers: (projectId: Id): Promise<ReviewerScore[]> =>
    call(client.GET("/api/projects/{project_id}/reviewers", { params: { path: project(projectId) } })),
  mine: (projectId: Id, show?: MyFilter, page = 1, pageSize = 50): Promise<MyAnnotationsPage> =>
    call(
      client.GET("/api/projects/{project_id}/my/annotations", {
        params: { path: project(projectId), query: { show, page, page_size: pageSize } },
      }),
    ),
  open: (reviewId: number): Promise<AuthorFeedback> =>
    call(client.POST("/api/reviews/{review_id}/open", { params: { path: { review_id: reviewId } } })),
  history: (annotationId: number): Promise<HistoryEntry[]> =>
    call(
      client.GET("/api/annotations/{annotation_id}/history", {
        params: { path: { annotation_id: annotationId } },
      }),
    ),
};
