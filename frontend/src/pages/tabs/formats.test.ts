import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client";
import type { FileFormat } from "../../api/types";
import {
  acceptOf,
  downloadExport,
  exportUrl,
  filenameOf,
  formatFromName,
  groupByKind,
  importSummary,
  importUrl,
  kindTitle,
} from "./formats";

function fmt(name: string, kind: string, o: Partial<FileFormat> = {}): FileFormat {
  return {
    name,
    title: name.toUpperCase(),
    kind,
    extension: ".json",
    media_type: "application/json",
    imports: true,
    exports: true,
    default_labels: "final",
    suffixes: [],
    ...o,
  };
}

const FORMATS = [
  fmt("json", "rows", { suffixes: [".json"], default_labels: "annotations" }),
  fmt("jsonl", "rows", { suffixes: [".jsonl", ".ndjson"], extension: ".jsonl" }),
  fmt("coco", "images", { imports: false }),
  fmt("labelstudio", "labelstudio", { suffixes: [".json"] }),
  fmt("ls_tasks", "labelstudio", { suffixes: [".ls.json"] }),
  fmt("mot", "audio_video", { exports: false, suffixes: [".txt"], extension: ".zip" }),
];

describe("formats grouped by kind", () => {
  it("keeps the server's order and only the formats that move the asked way", () => {
    const exports = groupByKind(FORMATS, "exports");
    expect(exports.map((g) => [g.title, g.formats.map((f) => f.name)])).toEqual([
      ["goldlabel rows", ["json", "jsonl"]],
      ["Images", ["coco"]],
      ["Label Studio", ["labelstudio", "ls_tasks"]],
    ]);
    const imports = groupByKind(FORMATS, "imports");
    expect(imports.flatMap((g) => g.formats.map((f) => f.name))).toEqual([
      "json",
      "jsonl",
      "labelstudio",
      "ls_tasks",
      "mot",
    ]);
    expect(kindTitle("point_clouds")).toBe("point clouds"); // a kind this UI has not heard of
  });
});

describe("the format a file's name says", () => {
  it("takes the longest suffix of a format that imports, the first listed on a tie", () => {
    expect(formatFromName("tasks.JSONL", FORMATS)?.name).toBe("jsonl");
    expect(formatFromName("a.ndjson", FORMATS)?.name).toBe("jsonl");
    expect(formatFromName("a.json", FORMATS)?.name).toBe("json"); // json before labelstudio
    expect(formatFromName("export.ls.json", FORMATS)?.name).toBe("ls_tasks");
    expect(formatFromName("gt.txt", FORMATS)?.name).toBe("mot"); // imports, though it does not export
    expect(formatFromName("photo.png", FORMATS)).toBeNull();
    expect(formatFromName("a.json", [])).toBeNull();
  });

  it("accepts every suffix and extension of the formats that import", () => {
    expect(acceptOf(FORMATS).split(",").sort()).toEqual([
      ".json",
      ".jsonl",
      ".ls.json",
      ".ndjson",
      ".txt",
      ".zip",
    ]);
  });
});

describe("query strings", () => {
  it("exports with labels and gold, drafts only for row formats and never with gold", () => {
    const [json, , coco] = FORMATS;
    const base = { labels: "final" as const, goldOnly: false, includeDrafts: true };
    expect(exportUrl(4, { ...base, format: json })).toBe(
      "/api/projects/4/export?format=json&labels=final&include_drafts=true",
    );
    expect(exportUrl(4, { ...base, format: coco, labels: "annotations" })).toBe(
      "/api/projects/4/export?format=coco&labels=annotations",
    );
    expect(exportUrl(4, { ...base, format: json, goldOnly: true })).toBe(
      "/api/projects/4/export?format=json&labels=final&gold=only",
    );
  });

  it("imports with the chosen format, what the labels become and the gold set only for gold", () => {
    const base = {
      format: null,
      labelsAs: "annotations" as const,
      goldSet: "exam" as const,
      onDuplicate: "error" as const,
    };
    expect(importUrl(7, base)).toBe("/api/projects/7/items?on_duplicate=error&labels_as=annotations");
    expect(importUrl(7, { ...base, format: "jsonl", labelsAs: "gold", onDuplicate: "skip" })).toBe(
      "/api/projects/7/items?on_duplicate=skip&labels_as=gold&format=jsonl&gold_set=exam",
    );
    expect(importUrl(7, { ...base, labelsAs: "predictions" })).toBe(
      "/api/projects/7/items?on_duplicate=error&labels_as=predictions",
    );
  });
});

describe("import summary", () => {
  const none = { created: 0, skipped: 0, annotations: 0, predictions: 0 };
  it("counts items, then the labels that came with them, then the skipped rows", () => {
    expect(importSummary({ ...none, created: 1 }, "a.csv")).toBe("Imported 1 item from a.csv.");
    expect(importSummary({ ...none, created: 3, annotations: 5 }, "a.jsonl")).toBe(
      "Imported 3 items and 5 annotations from a.jsonl.",
    );
    expect(importSummary({ ...none, created: 2, annotations: 1, predictions: 2, skipped: 1 }, "t.json")).toBe(
      "Imported 2 items, 1 annotation and 2 predictions from t.json; skipped 1 row whose id was already imported.",
    );
    expect(importSummary({ ...none, skipped: 4 }, "a.csv")).toBe(
      "Imported 0 items from a.csv; skipped 4 rows whose id was already imported.",
    );
  });
});

describe("export download", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("names the file from Content-Disposition and never takes a path from it", () => {
    expect(filenameOf('attachment; filename="project-4-coco.json"', "x")).toBe("project-4-coco.json");
    expect(filenameOf('attachment; filename="../../etc/passwd"', "x")).toBe("passwd");
    expect(filenameOf(null, "fallback.csv")).toBe("fallback.csv");
  });

  it("saves the body as the named file and reports the bytes as they arrive", async () => {
    const body = "id,text\n1,a\n";
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(body, {
            headers: {
              "Content-Type": "text/csv",
              "Content-Disposition": 'attachment; filename="project-4.csv"',
            },
          }),
      ),
    );
    const created: Blob[] = [];
    const objectUrls = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = (b: Blob) => (created.push(b), "blob:x");
    URL.revokeObjectURL = () => undefined;
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    const progress: number[] = [];
    const saved = await downloadExport("/api/projects/4/export?format=csv", "f.csv", (n) => progress.push(n));
    expect(saved).toEqual({ name: "project-4.csv", bytes: body.length });
    expect(clicked).toEqual(["project-4.csv"]);
    expect([created[0].size, created[0].type]).toEqual([body.length, "text/csv"]);
    expect(progress.at(-1)).toBe(body.length);
    click.mockRestore();
    URL.createObjectURL = objectUrls.create;
    URL.revokeObjectURL = objectUrls.revoke;
  });

  it("rejects a refusal with the server's code and message, and saves nothing", async () => {
    const detail = { code: "no_image_regions", message: "a COCO export needs a boxes … control" };
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ detail }), { status: 422 })),
    );
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click");
    const refused = downloadExport("/api/projects/4/export?format=coco", "f.json", () => undefined);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({
      status: 422,
      code: "no_image_regions",
      message: detail.message,
    });
    expect(click).not.toHaveBeenCalled();
    click.mockRestore();
  });
});
