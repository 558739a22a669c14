/**
 * The one way the UI talks to the server: same-origin fetch with the session cookie, the CSRF
 * cookie echoed, and `{detail: {code, message}}` error bodies turned into `ApiError`s.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export const CSRF_COOKIE = "goldlabel_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/** Fired on window when the server answers 401: the session ended, the app shows the login. */
export const UNAUTHORIZED_EVENT = "goldlabel:unauthorized";

/** Every error code the server documents (generated from its OpenAPI document), plus the
 * client's own: `network` (the server could not be reached) and `unknown` (a body not in the
 * server's shape, e.g. from a proxy). Branch on these, never on messages. */
export type ErrorCode = components["schemas"]["ErrorCode"] | "network" | "unknown";
/** The server's error detail: `code`, `message`, and fields some codes carry (`row`, `control`, `current` …). */
export type ErrorDetail = { code: ErrorCode; message: string } & Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** The server's `detail`, with every field it sent. */
  readonly detail: ErrorDetail;

  constructor(status: number, detail: ErrorDetail) {
    super(errorMessage(status, detail));
    this.name = "ApiError";
    this.status = status;
    this.code = detail.code;
    this.detail = detail;
  }
}

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The CSRF header every request sends (writes and the queue's claiming GET need it; the
 * token is no secret from this page's own scripts, so sending it always is safe). */
export function csrfHeaders(): Record<string, string> {
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}

const FALLBACK: Record<number, string> = {
  401: "Please log in.",
  403: "You are not allowed to do that.",
  404: "Not found.",
  413: "That is too large for the server.",
  429: "Too many attempts; wait a moment and try again.",
};

/** The `detail` of any response body: the server's `{detail: {code, message}}`, or a stand-in
 * with code `unknown` for anything else (a proxy's HTML page, an empty body). */
export function errorDetail(status: number, body: unknown): ErrorDetail {
  const detail =
    body && typeof body === "object" && "detail" in body ? (body as { detail: unknown }).detail : null;
  if (detail && typeof detail === "object" && !Array.isArray(detail)) {
    const d = detail as Record<string, unknown>;
    if (typeof d.code === "string" && typeof d.message === "string") return d as ErrorDetail;
  }
  return { code: "unknown", message: FALLBACK[status] ?? `Request failed (${status}).` };
}

/** One sentence a person can act on: the message, prefixed with the row or control it names. */
export function errorMessage(status: number, detail: ErrorDetail): string {
  const message = detail.message || FALLBACK[status] || `Request failed (${status}).`;
  if (detail.row !== undefined && detail.row !== null) return `Row ${String(detail.row)}: ${message}`;
  if (typeof detail.control === "string" && detail.control) return `${detail.control}: ${message}`;
  return message;
}

/** The API client, typed by the paths of the server's OpenAPI document (openapi-fetch over the
 * generated `paths`): a route, parameter or body the server does not have fails the type check.
 * Every request carries the session cookie and, when there is one, the CSRF cookie's value in
 * the header (the server requires it on writes and on the claiming `GET /next`). */
export const client = createClient<paths>({
  baseUrl: window.location.origin, // absolute: a Request is built from it (relative URLs are refused outside a page)
  credentials: "same-origin",
  headers: { Accept: "application/json" },
  // Looked up per call, so tests can stub the global fetch after the client exists.
  fetch: (req: Request) => globalThis.fetch(req),
});
client.use({
  onRequest({ request }) {
    for (const [k, v] of Object.entries(csrfHeaders())) request.headers.set(k, v);
    return request;
  },
});

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a typed call (nothing for 204), or an `ApiError` carrying the server's code. */
export async function call<T>(pending: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await pending;
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, { code: "network", message: "Cannot reach the server; check your connection." });
  }
  const { data, error, response } = answer;
  if (response.status === 401 && !new URL(response.url, "http://x").pathname.startsWith("/api/auth/")) {
    window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  }
  if (!response.ok) throw new ApiError(response.status, errorDetail(response.status, error));
  return data as T;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Multipart upload through XHR, since fetch has no upload progress events.
 * Resolves to the parsed body; rejects with `ApiError` like `request`.
 */
export function upload<T>(
  path: string,
  form: FormData,
  onProgress: (p: UploadProgress) => void,
): { promise: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(new ApiError(xhr.status, errorDetail(xhr.status, parsed)));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, { code: "network", message: "Upload failed: cannot reach the server." }));
    xhr.onabort = () => reject(new ApiError(0, { code: "network", message: "Upload cancelled." }));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
