/// <reference path="./jsdom.d.ts" />
/**
 * A Vite build plugin: after the bundle is written, load the UI's widget registry (through Vite's
 * own module loader, so the same TypeScript and imports as the app) and write `widgets.json` into
 * the build folder. The server reads it to answer which control types the UI can draw; without
 * a build it claims none. Widget modules may touch `window` or `document` as they load (a pixel
 * ratio, a media query), so they are loaded inside a jsdom window, as in the vitest suite.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer, type Plugin } from "vite";
import type { WidgetManifest } from "../src/labeling/widgetManifest";

const MANIFEST_MODULE = "/src/labeling/widgetManifest.ts";

/** The manifest as the registry of the UI at `root` (the frontend folder) says. */
export async function loadWidgetManifest(root: string): Promise<{ file: string; manifest: WidgetManifest }> {
  const server = await createServer({
    configFile: false,
    root,
    logLevel: "error",
    appType: "custom",
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const mod = await withDom(() => server.ssrLoadModule(MANIFEST_MODULE));
    return { file: mod.WIDGET_MANIFEST_FILE as string, manifest: mod.widgetManifest() as WidgetManifest };
  } finally {
    await server.close();
  }
}

/** Runs `load` with a jsdom window's globals installed (unless a DOM is already there, as under
 * vitest), then removes them. */
export async function withDom<T>(load: () => Promise<T>): Promise<T> {
  if (typeof globalThis.window !== "undefined") return load();
  const { JSDOM } = await import("jsdom");
  const { window } = new JSDOM("<!doctype html><html><body></body></html>", {
    url: "http://localhost/",
    pretendToBeVisual: true,
  });
  const global = globalThis as Record<string, unknown>;
  const added = Object.getOwnPropertyNames(window).filter((key) => !(key in globalThis));
  for (const key of added) global[key] = (window as unknown as Record<string, unknown>)[key];
  try {
    return await load();
  } finally {
    for (const key of added) delete global[key];
    window.close();
  }
}

export async function writeWidgetManifest(root: string, outDir: string): Promise<WidgetManifest> {
  const { file, manifest } = await loadWidgetManifest(root);
  writeFileSync(join(outDir, file), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

export function widgetManifestPlugin(outDir: string): Plugin {
  let root = process.cwd();
  return {
    name: "goldlabel-widget-manifest",
    apply: "build",
    configResolved(config) {
      root = config.root;
    },
    async closeBundle() {
      await writeWidgetManifest(root, outDir);
    },
  };
}
