/** Typed calls, one per API route the UI uses (see docs/API.md). */
import { http } from "./client";
import type {
  AgreementReport,
  Annotation,
  AnnotatorQuality,
  ConsensusPage,
  AnnotationIn,
  AnnotationPatch,
  DeletedItems,
  ItemDetail,
  ItemPage,
  ItemQuery,
  Me,
  Member,
  NextItem,
  Project,
  ProjectSchema,
  ProjectSummary,
  Role,
} from "./types";

type Id = number | string;
const enc = encodeURIComponent;

/** Query parameters with the unset ones (undefined, null, "") left out. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") out.set(k, String(v));
  }
  return out.toString();
}

export const api = {
  login: (email: string, password: string) => http.post<unknown>("/api/auth/login", { email, password }),
  logout: () => http.post<unknown>("/api/auth/logout"),
  me: () => http.get<Me>("/api/auth/me"),
  saveShortcuts: (shortcuts: Record<string, string>) =>
    http.put<unknown>("/api/auth/me/shortcuts", { shortcuts }),

  projects: () => http.get<ProjectSummary[]>("/api/projects"),
  project: (id: Id) => http.get<Project>(`/api/projects/${enc(String(id))}`),
  createProject: (body: { name: string; description?: string; schema: ProjectSchema }) =>
    http.post<Project>("/api/projects", body),
  updateProject: (id: Id, body: { name?: string; description?: string; schema?: ProjectSchema }) =>
    http.patch<Project>(`/api/projects/${enc(String(id))}`, body),
  /** Either a schema object or a Label Studio XML `label_config`; answers the normalised schema. */
  validateSchema: (body: { schema: unknown } | { label_config: string }, signal?: AbortSignal) =>
    http.post<{ schema: ProjectSchema }>("/api/schema/validate", body, { signal }),

  members: (id: Id) => http.get<Member[]>(`/api/projects/${enc(String(id))}/members`),
  addMember: (id: Id, email: string, role: Role) =>
    http.post<Member>(`/api/projects/${enc(String(id))}/members`, { email, role }),
  removeMember: (id: Id, userId: Id) =>
    http.del<null>(`/api/projects/${enc(String(id))}/members/${enc(String(userId))}`),

  items: (id: Id, page: number, pageSize: number, query: ItemQuery = {}, signal?: AbortSignal) =>
    http.get<ItemPage>(
      `/api/projects/${enc(String(id))}/items?${queryString({ ...query, page, page_size: pageSize })}`,
      { signal },
    ),
  item: (itemId: Id, signal?: AbortSignal) =>
    http.get<ItemDetail>(`/api/items/${enc(String(itemId))}`, { signal }),
  deleteItem: (itemId: Id) => http.del<null>(`/api/items/${enc(String(itemId))}`),
  /** All or nothing: one id that is not an item of the project deletes nothing. */
  deleteItems: (id: Id, ids: number[]) =>
    http.post<DeletedItems>(`/api/projects/${enc(String(id))}/items/delete`, { ids }),
  /** `null` when nothing is left for the caller (204). */
  next: (id: Id) => http.get<NextItem | null>(`/api/projects/${enc(String(id))}/next`),
  skip: (itemId: Id, reason: string) => http.post<null>(`/api/items/${enc(String(itemId))}/skip`, { reason }),
  createAnnotation: (itemId: Id, body: AnnotationIn) =>
    http.post<Annotation>(`/api/items/${enc(String(itemId))}/annotations`, body),
  updateAnnotation: (annotationId: Id, body: AnnotationPatch) =>
    http.patch<Annotation>(`/api/annotations/${enc(String(annotationId))}`, body),

  agreement: (id: Id, signal?: AbortSignal) =>
    http.get<AgreementReport>(`/api/projects/${enc(String(id))}/agreement`, { signal }),
  annotators: (id: Id, signal?: AbortSignal) =>
    http.get<AnnotatorQuality[]>(`/api/projects/${enc(String(id))}/annotators`, { signal }),
  consensus: (id: Id, page: number, pageSize: number, signal?: AbortSignal) =>
    http.get<ConsensusPage>(`/api/projects/${enc(String(id))}/consensus?page=${page}&page_size=${pageSize}`, {
      signal,
    }),

  importUrl: (id: Id) => `/api/projects/${enc(String(id))}/items`,
  exportUrl: (id: Id, format: "json" | "jsonl" | "csv") =>
    `/api/projects/${enc(String(id))}/export?format=${format}`,
};
