import { describe, expect, it } from "vitest";
import { queryString } from "../../api/endpoints";
import type { ItemRow } from "../../api/types";
import { MAX_META_COLUMNS, isFiltered, metaColumns, nextSort, readQuery, writeQuery } from "./itemQuery";

describe("the items list's query in the URL", () => {
  it("reads only values the server allows", () => {
    const q = readQuery(
      new URLSearchParams(
        "q=Ada&has_annotations=false&skipped=true&below_overlap=maybe&sort=meta.gold&order=up",
      ),
    );
    expect(q).toEqual({
      q: "Ada",
      has_annotations: false,
      below_overlap: undefined,
      skipped: true,
      annotator: undefined,
      sort: undefined,
      order: undefined,
    });
    expect(readQuery(new URLSearchParams("sort=annotation_count&order=desc"))).toMatchObject({
      sort: "annotation_count",
      order: "desc",
    });
  });

  it("writes a patch, removing what is unset, and keeps other parameters", () => {
    const p = writeQuery(new URLSearchParams("item=7&q=old&skipped=true"), {
      q: "",
      has_annotations: true,
      skipped: undefined,
    });
    expect(p.toString()).toBe("item=7&has_annotations=true");
    expect(queryString({ q: "50% off", annotator: null, page: 2, skipped: false })).toBe(
      "q=50%25+off&page=2&skipped=false",
    );
  });

  it("flips the order on the same column and starts ascending on another", () => {
    expect(nextSort({}, "rank")).toEqual({ sort: "rank", order: "desc" }); // queue order is the default
    expect(nextSort({}, "id")).toEqual({ sort: "id", order: "asc" });
    expect(nextSort({ sort: "id", order: "desc" }, "id")).toEqual({ sort: "id", order: "asc" });
    expect(nextSort({ sort: "id", order: "desc" }, "annotation_count")).toEqual({
      sort: "annotation_count",
      order: "asc",
    });
    expect(isFiltered({ sort: "created_at" })).toBe(false);
    expect(isFiltered({ below_overlap: false })).toBe(true);
    expect(isFiltered({ gold: "honeypot" })).toBe(true);
    expect(readQuery(new URLSearchParams("gold=exam")).gold).toBe("exam");
    expect(readQuery(new URLSearchParams("gold=production")).gold).toBeUndefined();
  });

  it("lists meta columns from managers' rows only, capped", () => {
    const at = "2026-01-01T00:00:00Z";
    const rows: ItemRow[] = [
      { id: 1, data: {}, annotation_count: 0, created_at: at, meta: { source: "a", gold: "x" } },
      { id: 2, data: {}, annotation_count: 0, created_at: at, meta: { lang: "en", source: "b" } },
    ];
    expect(metaColumns(rows)).toEqual(["source", "gold", "lang"]);
    expect(metaColumns([{ id: 3, data: {}, annotation_count: 1, created_at: at }])).toEqual([]);
    const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(metaColumns([{ id: 4, data: {}, annotation_count: 0, created_at: at, meta: wide }])).toHaveLength(
      MAX_META_COLUMNS,
    );
  });
});
