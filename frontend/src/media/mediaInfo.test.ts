import { renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { localMedia, thumbnailUrl, useMediaInfo } from "./mediaInfo";

const SERVER = {
  name: "a b.mp4",
  url: "/api/media/4/a%20b.mp4",
  content_type: "video/mp4",
  bytes: 100,
  width: 1280,
  height: 720,
  duration: 12.5,
  fps: 25,
  frames: 312,
  peaks_url: "/api/projects/4/media/a%20b.mp4/peaks",
  thumbnail_url: "/api/projects/4/media/a%20b.mp4/thumbnail",
};

describe("media info", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("names local files and their thumbnails", () => {
    expect(localMedia("/api/media/4/a%20b.mp4")).toEqual({ projectId: 4, name: "a b.mp4" });
    expect(localMedia("https://example.com/a.mp4")).toBeNull();
    expect(thumbnailUrl("/api/media/4/a%20b.mp4")).toBe("/api/projects/4/media/a%20b.mp4/thumbnail");
    expect(thumbnailUrl("https://example.com/a.jpg")).toBeNull();
  });

  it("asks the typed route and lets the server's measurements win over declared fields", async () => {
    const fetchMock = vi.fn(async (_req: Request) => new Response(JSON.stringify(SERVER), { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    const data = { clip: SERVER.url, clip_width: 10, clip_fps: 30 };
    const { result } = renderHook(() => useMediaInfo(SERVER.url, data, "clip"));
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    const request = fetchMock.mock.calls[0][0];
    expect(new URL(request.url).pathname).toBe("/api/projects/4/media/a%20b.mp4");
    expect(result.current.info).toEqual({
      width: 1280,
      height: 720,
      duration: 12.5,
      fps: 25,
      frames: 312,
      peaksUrl: SERVER.peaks_url,
      thumbnailUrl: SERVER.thumbnail_url,
    });
  });

  it("falls back to the declared fields when the server has no info", async () => {
    const detail = { code: "not_found", message: "media file not found" };
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ detail }), { status: 404 })),
    );
    const { result } = renderHook(() =>
      useMediaInfo("/api/media/4/old.png", { img_width: 640, height: 480 }, "img"),
    );
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.info).toMatchObject({ width: 640, height: 480, peaksUrl: null });
  });

  it("does not ask about media served elsewhere", () => {
    const fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    const { result } = renderHook(() =>
      useMediaInfo("https://cdn.example/x.png", { width: 5, height: 6 }, "x"),
    );
    expect(result.current).toMatchObject({ loading: false, info: { width: 5, height: 6 } });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
