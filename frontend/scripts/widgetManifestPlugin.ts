/**
 * A Vite build plugin: after the bundle is written, load the UI's widget registry (through Vite's
 * own module loader, so the same TypeScript and imports as the app) and write `widgets.json` into
 * the build folder. The server reads it to answer which control types the UI can draw; without
 * a build it claims none. Widget modules must import without a DOM (no `window` at module level).
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
    const mod = await server.ssrLoadModule(MANIFEST_MODULE);
    return { file: mod.WIDGET_MANIFEST_FILE as string, manifest: mod.widgetManifest() as WidgetManifest };
  } finally {
    await server.close();
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
