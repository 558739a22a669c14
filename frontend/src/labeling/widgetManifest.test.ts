import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { AnyControl } from "../api/types";
import { writeWidgetManifest } from "../../scripts/widgetManifestPlugin";
import { supportedTypes, widgetFor } from "./registry";
import { surfaceKinds } from "./surfaces";
import { WIDGET_MANIFEST_FILE, widgetManifest } from "./widgetManifest";

describe("the widget manifest", () => {
  it("lists every registered widget with the surface kinds of its layers", () => {
    const manifest = widgetManifest();
    expect(Object.keys(manifest.widgets).sort()).toEqual([...supportedTypes()].sort());
    for (const [type, kinds] of Object.entries(manifest.widgets)) {
      const def = widgetFor({ type } as AnyControl);
      expect(kinds).toEqual(Object.keys(def?.surface ?? {}).sort());
    }
    expect(manifest.surfaces).toEqual([...surfaceKinds()].sort());
    // The text widgets draw beside or in place of the data, on no media surface.
    expect(manifest.widgets.choices).toEqual([]);
    expect(manifest.widgets.spans).toEqual([]);
  });

  it("lists a widget added to the registry, and its layers, with no other edit", async () => {
    vi.resetModules();
    vi.doMock("./registry", async (original) => {
      const real = await original<typeof import("./registry")>();
      const layer = () => null;
      const added: Record<string, unknown> = {
        boxes: { Component: layer, placement: "side", labels: () => [], surface: { image: layer } },
        segments: {
          Component: layer,
          placement: "side",
          labels: () => [],
          surface: { video: layer, audio: layer },
        },
      };
      return {
        ...real,
        supportedTypes: () => [...real.supportedTypes(), ...Object.keys(added)],
        widgetFor: (c: AnyControl) => added[c.type] ?? real.widgetFor(c),
      };
    });
    const { widgetManifest: withAdded } = await import("./widgetManifest");
    const manifest = withAdded();
    expect(manifest.widgets.boxes).toEqual(["image"]);
    expect(manifest.widgets.segments).toEqual(["audio", "video"]);
    expect(manifest.widgets.choices).toEqual([]);
    vi.doUnmock("./registry");
  });

  it("is what the build writes, read from the registry through Vite's module loader", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "widgets-"));
    const root = resolve(__dirname, "../..");
    const written = await writeWidgetManifest(root, outDir);
    const onDisk = JSON.parse(readFileSync(join(outDir, WIDGET_MANIFEST_FILE), "utf8"));
    expect(onDisk).toEqual(written);
    expect(onDisk).toEqual(widgetManifest());
  }, 30_000);
});
