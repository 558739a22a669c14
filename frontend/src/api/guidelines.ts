/**
 * The guideline routes (docs/API.md, "Guidelines"), typed by the server's OpenAPI paths like
 * every call in ./endpoints, with their shapes aliased here.
 */
import { call, client } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type PublishedGuideline = S["PublishedGuideline"];
export type GuidelineDraft = S["DraftView"];
export type GuidelineVersion = S["VersionView"];
export type GuidelineVersionDetail = S["VersionDetail"];
export type GuidelineSection = S["SectionView"];
export type GuidelineExample = S["ExampleView"];
export type GuidelineDiff = S["GuidelineDiff"];
export type AcknowledgementReport = S["AcknowledgementReport"];
export type ExampleIn = S["ExampleIn"];
export type PublishLevel = S["PublishIn"]["level"];

type Id = number | string;
const path = (id: Id) => ({ project_id: Number(id) });

export const guidelineApi = {
  /** The published guideline; rejects with code `no_guideline` before the first publication. */
  published: (id: Id, signal?: AbortSignal): Promise<PublishedGuideline> =>
    call(client.GET("/api/projects/{project_id}/guideline", { params: { path: path(id) }, signal })),
  draft: (id: Id): Promise<GuidelineDraft> =>
    call(client.GET("/api/projects/{project_id}/guideline/draft", { params: { path: path(id) } })),
  saveDraft: (id: Id, markdown: string): Promise<GuidelineDraft> =>
    call(
      client.PUT("/api/projects/{project_id}/guideline/draft", { params: { path: path(id) }, body: { markdown } }),
    ),
  publish: (id: Id, level: PublishLevel, note: string): Promise<{ version: GuidelineVersion }> =>
    call(
      client.POST("/api/projects/{project_id}/guideline/publish", {
        params: { path: path(id) },
        body: { level, note },
      }),
    ),
  versions: (id: Id): Promise<GuidelineVersion[]> =>
    call(client.GET("/api/projects/{project_id}/guideline/versions", { params: { path: path(id) } })),
  version: (id: Id, versionId: number): Promise<GuidelineVersionDetail> =>
    call(
      client.GET("/api/projects/{project_id}/guideline/versions/{version_id}", {
        params: { path: { ...path(id), version_id: versionId } },
      }),
    ),
  compare: (id: Id, from: number, to: number): Promise<GuidelineDiff> =>
    call(
      client.GET("/api/projects/{project_id}/guideline/compare", {
        params: { path: path(id), query: { from, to } },
      }),
    ),
  acknowledge: (id: Id, version: number) =>
    call(
      client.POST("/api/projects/{project_id}/guideline/acknowledge", {
        params: { path: path(id) },
        body: { version },
      }),
    ),
  acknowledgements: (id: Id): Promise<AcknowledgementReport> =>
    call(client.GET("/api/projects/{project_id}/guideline/acknowledgements", { params: { path: path(id) } })),
  putExample: (id: Id, itemId: number, body: ExampleIn): Promise<GuidelineExample> =>
    call(
      client.PUT("/api/projects/{project_id}/guideline/examples/{item_id}", {
        params: { path: { ...path(id), item_id: itemId } },
        body,
      }),
    ),
  deleteExample: (id: Id, itemId: number) =>
    call(
      client.DELETE("/api/projects/{project_id}/guideline/examples/{item_id}", {
        params: { path: { ...path(id), item_id: itemId } },
      }),
    ),
};
