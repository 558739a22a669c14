import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, call, client, errorDetail, errorMessage, readCookie } from "./client";
import { api } from "./endpoints";

describe("error messages", () => {
  it("turns every detail shape into a sentence", () => {
    const row = { code: "invalid_import", row: 3, message: "data has no field 'text'" } as const;
    expect(errorMessage(422, row)).toBe("Row 3: data has no field 'text'");
    const control = { code: "invalid_result", control: "sentiment", message: "unknown option" } as const;
    expect(errorMessage(422, control)).toBe("sentiment: unknown option");
    expect(errorMessage(409, { code: "stale_version", message: "changed elsewhere", current: {} })).toBe(
      "changed elsewhere",
    );
  });

  it("reads the server's detail and stands in for anything else", () => {
    const detail = { code: "not_found", message: "project not found" };
    expect(errorDetail(404, { detail })).toEqual(detail);
    expect(errorDetail(404, null)).toEqual({ code: "unknown", message: "Not found." });
    expect(errorDetail(502, "<html>bad gateway</html>")).toEqual({
      code: "unknown",
      message: "Request failed (502).",
    });
  });

  it("reads cookies", () => {
    expect(readCookie("goldlabel_csrf", "a=1; goldlabel_csrf=tok%3D; b=2")).toBe("tok=");
    expect(readCookie("missing", "a=1")).toBeNull();
  });
});

describe("typed calls", () => {
  afterEach(() => {
    document.cookie = "goldlabel_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });

  const sent = (mock: ReturnType<typeof vi.fn>, n: number) => mock.mock.calls[n][0] as Request;

  it("send the session cookie and echo the CSRF cookie, on a write and on the claiming next", async () => {
    document.cookie = "goldlabel_csrf=abc123";
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true }), { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    await api.createProject({ name: "p", schema: { fields: { t: "text" }, controls: [] } });
    await api.next(1);
    expect(sent(fetchMock, 0).method).toBe("POST");
    expect(sent(fetchMock, 0).headers.get("X-CSRF-Token")).toBe("abc123");
    expect(sent(fetchMock, 0).credentials).toBe("same-origin");
    expect(new URL(sent(fetchMock, 1).url).pathname).toBe("/api/projects/1/next");
    expect(sent(fetchMock, 1).headers.get("X-CSRF-Token")).toBe("abc123");
  });

  it("fill path and query parameters from the generated routes", async () => {
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 }),
    );
    vi.stubGlobal("fetch", fetchMock);
    await api.items(7, 2, 25, { q: "Ada", has_annotations: true, annotator: undefined });
    const url = new URL(sent(fetchMock, 0).url);
    expect(url.pathname).toBe("/api/projects/7/items");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: "Ada",
      has_annotations: "true",
      page: "2",
      page_size: "25",
    });
  });

  it("throw ApiError with the server's code and message", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ detail: { code: "role_required", message: "nope" } }), {
            status: 403,
          }),
      ),
    );
    const err = await api.project(3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe("nope");
    expect((err as ApiError).status).toBe(403);
    expect((err as ApiError).code).toBe("role_required");
  });

  it("say when the server cannot be reached", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    const err = await call(client.GET("/api/auth/me")).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe("network");
  });

  it("answer null for 204 (nothing left in the queue)", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    expect(await api.next(1)).toBeNull();
  });
});
