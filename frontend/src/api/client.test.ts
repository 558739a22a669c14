import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, errorDetail, errorMessage, readCookie, request } from "./client";

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

describe("request", () => {
  afterEach(() => {
    document.cookie = "goldlabel_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });

  it("echoes the CSRF cookie on unsafe methods only and sends cookies", async () => {
    document.cookie = "goldlabel_csrf=abc123";
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true }), { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    await request("POST", "/api/x", { a: 1 });
    await request("GET", "/api/y");
    const [, postInit] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const [, getInit] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect((postInit.headers as Record<string, string>)["X-CSRF-Token"]).toBe("abc123");
    expect(postInit.credentials).toBe("same-origin");
    expect((getInit.headers as Record<string, string>)["X-CSRF-Token"]).toBeUndefined();
  });

  it("echoes the CSRF cookie on a GET that asks for it (the queue's claiming next)", async () => {
    document.cookie = "goldlabel_csrf=abc123";
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetchMock);
    await request("GET", "/api/projects/1/next", undefined, { csrf: true });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)["X-CSRF-Token"]).toBe("abc123");
  });

  it("throws ApiError with the readable message and the body", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ detail: { code: "role_required", message: "nope" } }), {
            status: 403,
          }),
      ),
    );
    const err = await request("GET", "/api/z").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe("nope");
    expect((err as ApiError).status).toBe(403);
    expect((err as ApiError).code).toBe("role_required");
  });

  it("returns null for 204", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    expect(await request("GET", "/api/next")).toBeNull();
  });
});
