/**
 * The one way the UI talks to the server: same-origin fetch with the session cookie, the CSRF
 * cookie echoed on unsafe methods, and `{detail}` error bodies turned into readable messages.
 */
import type { components } from "./schema";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
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

/** Headers an unsafe request needs (also used by the XHR upload); `always` for a GET that
 * changes state on the server (the queue's next item locks one), which needs it too. */
export function csrfHeaders(method: string, always = false): Record<string, string> {
  if (!always && !UNSAFE.has(method.toUpperCase())) return {};
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

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Send the CSRF header on a safe method too (for a GET that changes state). */
  csrf?: boolean;
}

/** Send a JSON request; resolves to the parsed body (`null` for 204), throws `ApiError`. */
export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    ...csrfHeaders(method, options.csrf),
  };
  const init: RequestInit = { method, headers, credentials: "same-origin", signal: options.signal };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, { code: "network", message: "Cannot reach the server; check your connection." });
  }
  if (res.status === 204) return null as T;
  const parsed = await parseBody(res);
  if (res.status === 401 && !path.startsWith("/api/auth/")) {
    window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  }
  if (!res.ok) throw new ApiError(res.status, errorDetail(res.status, parsed));
  return parsed as T;
}

export const http = {
  get: <T>(path: string, o?: RequestOptions) => request<T>("GET", path, undefined, o),
  post: <T>(path: string, body?: unknown, o?: RequestOptions) => request<T>("POST", path, body, o),
  put: <T>(path: string, body?: unknown, o?: RequestOptions) => request<T>("PUT", path, body, o),
  patch: <T>(path: string, body?: unknown, o?: RequestOptions) => request<T>("PATCH", path, body, o),
  del: <T>(path: string, o?: RequestOptions) => request<T>("DELETE", path, undefined, o),
};

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
    for (const [k, v] of Object.entries(csrfHeaders("POST"))) xhr.setRequestHeader(k, v);
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
