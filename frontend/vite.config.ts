/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { widgetManifestPlugin } from "./scripts/widgetManifestPlugin.ts";

// The Python server serves the built files: index.html for every non-/api path, plus /assets;
// apidocs.html is the interactive API docs page it serves at /api/docs. widgets.json lists the
// control types the UI has widgets for (the server's GET /api/control-types reads it).
const outDir = fileURLToPath(new URL("../src/goldlabel/static", import.meta.url));
const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  plugins: [react(), widgetManifestPlugin(outDir)],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1600, // the API docs page carries Swagger UI whole (about 1.5 MB)
    rollupOptions: { input: { main: page("index.html"), apidocs: page("apidocs.html") } },
  },
  server: {
    // `npm run dev` next to `goldlabel start --port 8000`
    proxy: { "/api": { target: "http://127.0.0.1:8000", changeOrigin: false } },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    setupFiles: ["src/test-setup.ts"],
  },
});
