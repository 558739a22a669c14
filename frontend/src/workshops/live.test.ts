import { describe, expect, it } from "vitest";
import type { ProjectSchema } from "../api/types";
import { bars, disputed, overlay, questionText } from "./live";

const d = (counts: Record<string, number>, answered: number) => ({ control: "sentiment", counts, answered });

describe("workshop helpers", () => {
  it("orders bars by count with shares of the answers", () => {
    expect(bars(d({ negative: 1, positive: 3 }, 4))).toEqual([
      { label: "positive", count: 3, share: 0.75 },
      { label: "negative", count: 1, share: 0.25 },
    ]);
  });

  it("calls an item disputed when no answer has three quarters", () => {
    expect(disputed(d({ a: 2, b: 2 }, 4))).toBe(true);
    expect(disputed(d({ a: 3, b: 1 }, 4))).toBe(false);
    expect(disputed(d({ a: 1 }, 1))).toBe(false);
  });

  it("words a question from the split", () => {
    expect(questionText("Basics", 0, [d({ a: 1, b: 1 }, 2)])).toContain(
      '"Basics", item 1: answers were split (sentiment: a 1, b 1)',
    );
  });

  it("merges every trainee's regions with unique ids and leaves scalars out", () => {
    const schema = {
      fields: { text: "text" },
      controls: [
        { name: "sentiment", type: "choices", field: "text", options: ["a"] },
        { name: "entities", type: "spans", field: "text", labels: ["PER"] },
      ],
    } as unknown as ProjectSchema;
    const merged = overlay(schema, [
      { user: "x", result: { sentiment: "a", entities: [{ id: "r1", start: 0, end: 2, label: "PER" }] } },
      { user: "y", result: { entities: [{ id: "r1", start: 1, end: 3, label: "PER" }] } },
    ]);
    expect(merged).toEqual({
      entities: [
        { id: "t0-r1", start: 0, end: 2, label: "PER" },
        { id: "t1-r1", start: 1, end: 3, label: "PER" },
      ],
    });
  });
});
