/**
 * The one way the UI talks to the server: same-origin fetch with the session cookie, the CSRF
 * cookie echoed on unsafe methods, and `{detail}` error bodies turned into readable messages.
 */

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const CSRF_COOKIE = "goldlabel_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/** Fired on window when the server answers 401: the session ended, the app shows the login. */
export const UNAUTHORIZED_EVENT = "goldlabel:unauthorized";

export class ApiError extends Error {
  readonly status: number;
  /** The parsed response body (usually `{detail}`), kept for callers that need fields. */
  readonly body: unknown;

  constructor(status: number, message: string, body: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
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

/** Headers an unsafe request needs (also used by the XHR upload). */
export function csrfHeaders(method: string): Record<string, string> {
  if (!UNSAFE.has(method.toUpperCase())) return {};
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}

function describeLoc(loc: unknown): string {
  if (!Array.isArray(loc)) return "";
  // FastAPI puts "body"/"query" first; the rest is the field path.
  const path = loc.filter((p, i) => !(i === 0 && (p === "body" || p === "query" || p === "path")));
  return path.join(".");
}

/** Turn any error body the server sends into one sentence a person can act on. */
export function errorMessage(status: number, body: unknown): string {
  const detail =
    body && typeof body === "object" && "detail" in body ? (body as { detail: unknown }).detail : body;
  if (typeof detail === "string" && detail.trim()) return detail;
  if (Array.isArray(detail) && detail.length > 0) {
    // FastAPI request validation: [{loc, msg, type}]
    return detail
      .map((d) => {
        if (d && typeof d === "object") {
          const where = describeLoc((d as { loc?: unknown }).loc);
          const msg = String((d as { msg?: unknown }).msg ?? JSON.stringify(d));
          return where ? `${where}: ${msg}` : msg;
        }
        return String(d);
      })
      .join("; ");
  }
  if (detail && typeof detail === "object") {
    const d = detail as Record<string, unknown>;
    const message = typeof d.message === "string" ? d.message : JSON.stringify(d);
    if (d.row !== undefined && d.row !== null) return `Row ${String(d.row)}: ${message}`;
    if (typeof d.control === "string" && d.control) return `${d.control}: ${message}`;
    return message;
  }
  switch (status) {
    case 401:
      return "Please log in.";
    case 403:
      return "You are not allowed to do that.";
    case 404:
      return "Not found.";
    case 429:
      return "Too many attempts; wait a moment and try again.";
    default:
      return `Request failed (${status}).`;
  }
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
}

/** Send a JSON request; resolves to the parsed body (`null` for 204), throws `ApiError`. */
export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...csrfHeaders(method) };
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
    throw new ApiError(0, "Cannot reach the server; check your connection.", null);
  }
  if (res.status === 204) return null as T;
  const parsed = await parseBody(res);
  if (res.status === 401 && !path.startsWith("/api/auth/")) {
    window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  }
  if (!res.ok) throw new ApiError(res.status, errorMessage(res.status, parsed), parsed);
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
      else reject(new ApiError(xhr.status, errorMessage(xhr.status, parsed), parsed));
    };
    xhr.onerror = () => reject(new ApiError(0, "Upload failed: cannot reach the server.", null));
    xhr.onabort = () => reject(new ApiError(0, "Upload cancelled.", null));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
