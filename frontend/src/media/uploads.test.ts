import { describe as suite, expect, it } from "vitest";
import type { MediaFile } from "../api/media";
import {
  describe,
  filesFor,
  formatBytes,
  itemsForFiles,
  kindOf,
  mediaFields,
  percent,
  progressed,
} from "./uploads";

const file = (name: string, content_type: string, extra: Partial<MediaFile> = {}): MediaFile => ({
  name,
  url: `/api/media/3/${name}`,
  content_type,
  bytes: 10,
  width: null,
  height: null,
  duration: null,
  fps: null,
  frames: null,
  peaks_url: null,
  thumbnail_url: null,
  ...extra,
});

suite("upload progress", () => {
  it("is a percent while sending, then the server is measuring", () => {
    expect(progressed(50, 200)).toEqual({ kind: "uploading", loaded: 50, total: 200 });
    expect(percent(progressed(50, 200))).toBe(25);
    expect(progressed(200, 200)).toEqual({ kind: "processing" });
    expect(percent({ kind: "processing" })).toBe(100);
    expect(percent({ kind: "queued" })).toBe(0);
    expect(percent({ kind: "failed", message: "x" })).toBe(0);
  });
});

suite("media fields", () => {
  const fields = { caption: "text", photo: "image", clip: "video", voice: "audio" };
  it("lists only media fields, the kind most files have first", () => {
    const videos = [file("a.mp4", "video/mp4"), file("b.mp4", "video/webm"), file("c.png", "image/png")];
    expect(mediaFields(fields, videos)).toEqual(["clip", "photo", "voice"]);
    expect(mediaFields(fields, [file("c.wav", "audio/x-wav")])[0]).toBe("voice");
    expect(mediaFields({ text: "text" }, videos)).toEqual([]);
    expect(kindOf("application/zip")).toBeNull();
  });

  it("offers a field only the files of its kind", () => {
    const mixed = [file("a.png", "image/png"), file("b.wav", "audio/x-wav"), file("c.jpg", "image/jpeg")];
    expect(filesFor("image", mixed).map((f) => f.name)).toEqual(["a.png", "c.jpg"]);
    expect(filesFor("video", mixed)).toEqual([]);
  });

  it("makes one import row per file, its name as the id", () => {
    const rows = itemsForFiles("photo", [file("a b.png", "image/png")]);
    expect(rows).toEqual([{ id: "a b.png", data: { photo: "/api/media/3/a b.png" } }]);
  });
});

suite("labels", () => {
  it("formats sizes and measurements", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(3.5 * 1024 * 1024)).toBe("3.5 MB");
    expect(describe(file("v.mp4", "video/mp4", { width: 64, height: 48, duration: 2, fps: 29.97 }))).toBe(
      "64×48 · 2.0 s · 29.97 fps",
    );
    expect(describe(file("p.png", "image/png"))).toBe("");
  });
});
