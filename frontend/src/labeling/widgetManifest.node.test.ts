// @vitest-environment node
import { describe, expect, it } from "vitest";
import { withDom } from "../../scripts/widgetManifestPlugin";

describe("the widget manifest plugin outside a browser (the build)", () => {
  it("loads widget modules inside a DOM that it removes afterwards", async () => {
    expect(typeof globalThis.window).toBe("undefined");
    const seen = await withDom(async () => ({
      window: typeof window,
      ratio: window.devicePixelRatio,
      canvas: document.createElement("canvas").tagName,
    }));
    expect(seen).toEqual({ window: "object", ratio: 1, canvas: "CANVAS" });
    expect(typeof globalThis.window).toBe("undefined");
    expect(typeof (globalThis as Record<string, unknown>).document).toBe("undefined");
  });
});
