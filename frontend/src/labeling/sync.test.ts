import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import type { Annotation } from "../api/types";
import { AnnotationSync, StaleVersion, cleanResult } from "./sync";

const ann = (over: Partial<Annotation> = {}): Annotation => ({
  id: 7,
  item_id: 1,
  author: "a@example.org",
  result: {},
  status: "draft",
  lead_time_ms: 0,
  version: 1,
  created_at: "",
  updated_at: "",
  guideline_version_id: null,
  guideline_version: null,
  from_prediction: null,
  prediction_distance: null,
  imported: null,
  ...over,
});

describe("AnnotationSync", () => {
  it("creates once, then patches with the last version, one save at a time", async () => {
    const calls: string[] = [];
    let version = 1;
    const api = {
      create: vi.fn(async () => {
        calls.push("create");
        await new Promise((r) => setTimeout(r, 5));
        return ann({ version });
      }),
      update: vi.fn(async (_id: number, body: { version: number }) => {
        calls.push(`update v${body.version}`);
        version = body.version + 1;
        return ann({ version });
      }),
    };
    const sync = new AnnotationSync(api, null);
    const a = sync.save({ c: "x" }, "draft", 10);
    const b = sync.save({ c: "y" }, "draft", 20);
    const c = sync.save({ c: "z", empty: undefined }, "submitted", 30.4, 12.6);
    await Promise.all([a, b, c]);
    expect(calls).toEqual(["create", "update v1", "update v2"]);
    expect(api.update.mock.calls[1][1]).toEqual({
      result: { c: "z" },
      status: "submitted",
      lead_time_ms: 30,
      active_ms: 13, // the active time since the previous save
      version: 2,
    });
  });

  it("on 409 takes the server's annotation and reports StaleVersion", async () => {
    const current = ann({ version: 5, result: { c: "server" } });
    const api = {
      create: vi.fn(),
      update: vi
        .fn()
        .mockRejectedValueOnce(new ApiError(409, { code: "stale_version", message: "changed", current }))
        .mockResolvedValueOnce(ann({ version: 6 })),
    };
    const sync = new AnnotationSync(api, ann({ version: 2 }));
    const err = await sync.save({ c: "mine" }, "draft", 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleVersion);
    expect((err as StaleVersion).current?.result).toEqual({ c: "server" });
    await sync.save({ c: "again" }, "draft", 0);
    expect(api.update.mock.calls[1][1].version).toBe(5);
  });

  it("drops empty values from results", () => {
    expect(cleanResult({ a: 1, b: undefined, c: null })).toEqual({ a: 1 });
  });
});
