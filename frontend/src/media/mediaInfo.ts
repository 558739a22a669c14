/**
 * What the server measured about a media file when it arrived (pixel size after EXIF
 * orientation, duration, frame rate, waveform peaks, a thumbnail), with the item's own declared
 * fields (`<field>_width`, `width`, `<field>_fps` …) as the fallback for media served elsewhere.
 * Widgets read sizes, durations and frame rates only through here.
 */
import { useEffect, useState } from "react";
import { mediaApi } from "../api/media";
import type { ItemData } from "../api/types";

export interface MediaInfo {
  width: number | null;
  height: number | null;
  /** Seconds. */
  duration: number | null;
  /** Frames per second (video). */
  fps: number | null;
  /** Frame count (video). */
  frames: number | null;
  /** `GET` → `{duration, peaks_per_second, peaks}` (audio and video with sound). */
  peaksUrl: string | null;
  thumbnailUrl: string | null;
}

const EMPTY: MediaInfo = {
  width: null,
  height: null,
  duration: null,
  fps: null,
  frames: null,
  peaksUrl: null,
  thumbnailUrl: null,
};

/** `/api/media/{project}/{name}` → its parts; null for media served from anywhere else. */
export function localMedia(url: string): { projectId: number; name: string } | null {
  const m = /^\/api\/media\/(\d+)\/([^/?#]+)$/.exec(url);
  return m ? { projectId: Number(m[1]), name: decodeURIComponent(m[2]) } : null;
}

/** Where the server describes a local media file. */
export function mediaInfoUrl(url: string): string | null {
  const local = localMedia(url);
  return local ? `/api/projects/${local.projectId}/media/${encodeURIComponent(local.name)}` : null;
}

/** Where the server keeps a local media file's thumbnail (a 404 when the file has none). */
export function thumbnailUrl(url: string): string | null {
  const info = mediaInfoUrl(url);
  return info ? `${info}/thumbnail` : null;
}

function positive(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : null;
}

/** What the item itself declares beside a media field (`<field>_width`, else `width`, …). */
export function declaredInfo(data: ItemData, field: string): MediaInfo {
  const read = (key: string) => positive(data[`${field}_${key}`]) ?? positive(data[key]);
  return {
    ...EMPTY,
    width: read("width"),
    height: read("height"),
    duration: read("duration"),
    fps: read("fps"),
    frames: read("frames"),
  };
}

interface ServerInfo {
  width?: number | null;
  height?: number | null;
  duration?: number | null;
  fps?: number | null;
  frames?: number | null;
  peaks_url?: string | null;
  thumbnail_url?: string | null;
}

/** The server's measurements win over declared fields; declared ones fill what it lacks. */
export function mergeInfo(declared: MediaInfo, server: ServerInfo | null): MediaInfo {
  if (!server) return declared;
  return {
    width: positive(server.width) ?? declared.width,
    height: positive(server.height) ?? declared.height,
    duration: positive(server.duration) ?? declared.duration,
    fps: positive(server.fps) ?? declared.fps,
    frames: positive(server.frames) ?? declared.frames,
    peaksUrl: server.peaks_url ?? null,
    thumbnailUrl: server.thumbnail_url ?? null,
  };
}

/** The media's info; `loading` until the server answered (or was not asked). */
export function useMediaInfo(
  url: string,
  data: ItemData,
  field: string,
): { info: MediaInfo; loading: boolean } {
  const infoUrl = mediaInfoUrl(url);
  const [server, setServer] = useState<{ for: string; info: ServerInfo | null } | null>(null);
  useEffect(() => {
    const local = infoUrl ? localMedia(url) : null;
    if (!infoUrl || !local) return;
    let live = true;
    // Through the typed client (GET /api/projects/{pid}/media/{name}); any failure (a file
    // uploaded before measuring existed, a network error) falls back to the declared fields.
    mediaApi
      .info(local.projectId, local.name)
      .then(
        (info): ServerInfo | null => info,
        () => null,
      )
      .then((info) => {
        if (live) setServer({ for: infoUrl, info });
      });
    return () => {
      live = false;
    };
  }, [infoUrl, url]);
  const declared = declaredInfo(data, field);
  if (!infoUrl) return { info: declared, loading: false };
  const answered = server?.for === infoUrl;
  return { info: mergeInfo(declared, answered ? server.info : null), loading: !answered };
}
