/**
 * Field kind → the surface that draws it (an image canvas, a waveform, a video with its
 * timeline). Adding a media surface = one module + one line here; the shell never names one.
 */
import type { ComponentType } from "react";
import { AudioSurface } from "./audio/AudioSurface";
import { ImageSurface } from "./image/ImageSurface";
import type { SurfaceKind, SurfaceProps } from "./types";
import { VideoSurface } from "./video/VideoSurface";

const SURFACES: Partial<Record<SurfaceKind, ComponentType<SurfaceProps>>> = {
  image: ImageSurface,
  audio: AudioSurface,
  video: VideoSurface,
};

export function surfaceFor(kind: string): ComponentType<SurfaceProps> | undefined {
  return (SURFACES as Record<string, ComponentType<SurfaceProps>>)[kind];
}

/** The surface kinds this UI can draw (the build's widget manifest lists them for the server). */
export function surfaceKinds(): SurfaceKind[] {
  return Object.keys(SURFACES) as SurfaceKind[];
}
