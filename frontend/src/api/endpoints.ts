/** Typed calls, one per API route the UI uses (see docs/API.md). */
import { http, request } from "./client";
import type {
  AgreementReport,
  Annotation,
  AnnotatorQuality,
  ConsensusPage,
  AnnotationIn,
  AnnotationPatch,
  DeletionPreview,
  ItemPage,
  Me,
  Member,
  NextItem,
  Project,
  ProjectIn,
  ProjectPatch,
  ProjectSummary,
  Role,
  SchemaCheck,
  SchemaSource,
} from "./types";

type Id = number | string;
const enc = encodeURIComponent;

export const api = {
  login: (email: string, password: string) => http.post<unknown>("/api/auth/login", { email, password }),
  logout: () => http.post<unknown>("/api/auth/logout"),
  me: () => http.get<Me>("/api/auth/me"),
  saveShortcuts: (shortcuts: Record<string, string>) =>
    http.put<unknown>("/api/auth/me/shortcuts", { shortcuts }),

  projects: () => http.get<ProjectSummary[]>("/api/projects"),
  project: (id: Id) => http.get<Project>(`/api/projects/${enc(String(id))}`),
  createProject: (body: ProjectIn) => http.post<Project>("/api/projects", body),
  /** A schema change that alters stored annotations answers 409 `schema_change_affects_annotations`
   * with the counts, unless `force` is set. */
  updateProject: (id: Id, body: ProjectPatch) =>
    http.patch<Project>(`/api/projects/${enc(String(id))}`, body),
  /** Either a schema object or a Label Studio XML `label_config`; answers the normalised schema
   * and what the conversion ignored. */
  validateSchema: (body: SchemaSource, signal?: AbortSignal) =>
    http.post<SchemaCheck>("/api/schema/validate", body, { signal }),
  archiveProject: (id: Id) => http.post<Project>(`/api/projects/${enc(String(id))}/archive`),
  unarchiveProject: (id: Id) => http.post<Project>(`/api/projects/${enc(String(id))}/unarchive`),
  deletionPreview: (id: Id) => http.get<DeletionPreview>(`/api/projects/${enc(String(id))}/deletion`),
  /** `confirm` must be the project's name. */
  deleteProject: (id: Id, confirm: string) =>
    request<null>("DELETE", `/api/projects/${enc(String(id))}`, { confirm }),

  members: (id: Id) => http.get<Member[]>(`/api/projects/${enc(String(id))}/members`),
  addMember: (id: Id, email: string, role: Role) =>
    http.post<Member>(`/api/projects/${enc(String(id))}/members`, { email, role }),
  removeMember: (id: Id, userId: Id) =>
    http.del<null>(`/api/projects/${enc(String(id))}/members/${enc(String(userId))}`),

  items: (id: Id, page: number, pageSize: number, signal?: AbortSignal) =>
    http.get<ItemPage>(`/api/projects/${enc(String(id))}/items?page=${page}&page_size=${pageSize}`, {
      signal,
    }),
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
