/**
 * The live-workshop routes (docs/API.md, "Live workshops"), typed by the server's OpenAPI paths
 * like every call in ./endpoints, and the Server-Sent-Events stream of a workshop's state.
 */
import { call, client } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type WorkshopState = S["WorkshopState"];
export type WorkshopSummary = S["WorkshopSummary"];
export type WorkshopReport = S["WorkshopReport"];
export type ControlDistribution = S["ControlDistribution"];
export type GoldSetName = NonNullable<S["WorkshopIn"]["gold_set"]>;

type Id = number | string;
const ws = (id: Id) => ({ params: { path: { workshop_id: Number(id) } } });

export const workshopApi = {
  list: (projectId: Id): Promise<WorkshopSummary[]> =>
    call(
      client.GET("/api/projects/{project_id}/workshops", {
        params: { path: { project_id: Number(projectId) } },
      }),
    ),
  create: (projectId: Id, title: string, goldSet: GoldSetName): Promise<WorkshopState> =>
    call(
      client.POST("/api/projects/{project_id}/workshops", {
        params: { path: { project_id: Number(projectId) } },
        body: { title, gold_set: goldSet },
      }),
    ),
  state: (id: Id): Promise<WorkshopState> => call(client.GET("/api/workshops/{workshop_id}", ws(id))),
  join: (id: Id): Promise<WorkshopState> => call(client.POST("/api/workshops/{workshop_id}/join", ws(id))),
  answer: (id: Id, itemId: number, result: Record<string, unknown>): Promise<WorkshopState> =>
    call(
      client.POST("/api/workshops/{workshop_id}/answer", { ...ws(id), body: { item_id: itemId, result } }),
    ),
  reveal: (id: Id): Promise<WorkshopState> =>
    call(client.POST("/api/workshops/{workshop_id}/reveal", ws(id))),
  next: (id: Id, position: number): Promise<WorkshopState> =>
    call(client.POST("/api/workshops/{workshop_id}/next", { ...ws(id), body: { position } })),
  close: (id: Id): Promise<WorkshopState> => call(client.POST("/api/workshops/{workshop_id}/close", ws(id))),
  question: (id: Id, itemId: number, text: string) =>
    call(
      client.POST("/api/workshops/{workshop_id}/question", { ...ws(id), body: { item_id: itemId, text } }),
    ),
  report: (id: Id): Promise<WorkshopReport> =>
    call(client.GET("/api/workshops/{workshop_id}/report", ws(id))),
};

/** Listen to a workshop's state: `onState` gets each whole state (the current one first, again
 * after every reconnect, which EventSource does by itself); `onGone` when access ended. Returns
 * the function that stops listening. */
export function listenToWorkshop(
  id: Id,
  onState: (state: WorkshopState) => void,
  onGone: () => void,
  onError?: () => void,
): () => void {
  const source = new EventSource(`/api/workshops/${Number(id)}/events`, { withCredentials: true });
  source.addEventListener("state", (e) => {
    const state = JSON.parse((e as MessageEvent<string>).data) as WorkshopState;
    onState(state);
    if (state.state === "closed") source.close();
  });
  source.addEventListener("gone", () => {
    source.close();
    onGone();
  });
  source.onerror = () => onError?.();
  return () => source.close();
}
