/**
 * What this UI can draw, as the build writes it into `widgets.json` beside the built pages
 * (scripts/widgetManifestPlugin.ts) for the server's `GET /api/control-types`: every control type
 * the registry has a widget for, with the surface kinds its layer draws on, and the media
 * surfaces registered. Derived from the registries only, so a widget registered there is listed
 * with no other edit.
 */
import type { AnyControl } from "../api/types";
import { supportedTypes, widgetFor } from "./registry";
import { surfaceKinds } from "./surfaces";
import type { SurfaceKind } from "./types";

export const WIDGET_MANIFEST_FILE = "widgets.json";

export interface WidgetManifest {
  /** control type → the surface kinds its layer draws on ([] for a side or content widget) */
  widgets: Record<string, SurfaceKind[]>;
  /** the media field kinds this UI has a surface for */
  surfaces: SurfaceKind[];
}

export function widgetManifest(): WidgetManifest {
  const widgets: Record<string, SurfaceKind[]> = {};
  for (const type of [...supportedTypes()].sort()) {
    const def = widgetFor({ type } as AnyControl);
    widgets[type] = (Object.keys(def?.surface ?? {}) as SurfaceKind[]).sort();
  }
  return { widgets, surfaces: [...surfaceKinds()].sort() };
}
