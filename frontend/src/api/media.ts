/**
 * Media calls: what the server measured about a project's files (one file's info, the managers'
 * listing), typed by the OpenAPI paths like ./endpoints.ts, and the upload URL for the XHR
 * upload (fetch has no upload progress events).
 */
import { call, client } from "./client";
import type { components } from "./schema";

/** One file as measured on arrival: sizes after EXIF orientation, duration, fps, frames, and
 * where its peaks and thumbnail are (null when it has none). */
export type MediaFile = components["schemas"]["MediaInfoView"];
export type MediaPage = components["schemas"]["MediaPage"];
export type Peaks = components["schemas"]["PeaksView"];

export const mediaApi = {
  info: (projectId: number, name: string, signal?: AbortSignal): Promise<MediaFile> =>
    call(
      client.GET("/api/projects/{project_id}/media/{name}", {
        params: { path: { project_id: projectId, name } },
        signal,
      }),
    ),
  list: (projectId: number, page: number, pageSize: number, signal?: AbortSignal): Promise<MediaPage> =>
    call(
      client.GET("/api/projects/{project_id}/media", {
        params: { path: { project_id: projectId }, query: { page, page_size: pageSize } },
        signal,
      }),
    ),
  uploadUrl: (projectId: number) => `/api/projects/${projectId}/media`,
};
