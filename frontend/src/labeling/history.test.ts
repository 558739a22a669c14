import { describe, expect, it } from "vitest";
import { canRedo, canUndo, createHistory, pushHistory, redo, undo } from "./history";

describe("undo/redo history", () => {
  it("undoes and redoes whole results in order", () => {
    let h = createHistory<Record<string, unknown>>({});
    h = pushHistory(h, { sentiment: "positive" });
    h = pushHistory(h, { sentiment: "positive", entities: [{ start: 0, end: 3, label: "PER" }] });
    expect(canUndo(h)).toBe(true);
    expect(canRedo(h)).toBe(false);
    h = undo(h);
    expect(h.present).toEqual({ sentiment: "positive" });
    h = undo(h);
    expect(h.present).toEqual({});
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    h = redo(h);
    expect(h.present).toEqual({ sentiment: "positive", entities: [{ start: 0, end: 3, label: "PER" }] });
    expect(canRedo(h)).toBe(false);
    expect(redo(h)).toBe(h);
  });

  it("drops the redo branch on a new edit", () => {
    let h = createHistory(0);
    h = pushHistory(h, 1);
    h = pushHistory(h, 2);
    h = undo(h);
    h = pushHistory(h, 3);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(1);
  });

  it("folds edits with the same coalesce key into one step", () => {
    let h = createHistory("");
    h = pushHistory(h, "h", { coalesce: "comment" });
    h = pushHistory(h, "he", { coalesce: "comment" });
    h = pushHistory(h, "hey", { coalesce: "comment" });
    expect(h.present).toBe("hey");
    expect(undo(h).present).toBe("");
    // a different key, or an undo in between, starts a new step
    h = pushHistory(h, "hey!", { coalesce: "other" });
    expect(undo(h).present).toBe("hey");
    const u = undo(h);
    expect(pushHistory(u, "hey?", { coalesce: "other" }).past.length).toBe(u.past.length + 1);
  });

  it("ignores a push of the identical value and caps the past", () => {
    const h0 = createHistory({ a: 1 });
    expect(pushHistory(h0, h0.present)).toBe(h0);
    let h = createHistory(0);
    for (let i = 1; i <= 10; i++) h = pushHistory(h, i, { limit: 4 });
    expect(h.past).toEqual([6, 7, 8, 9]);
  });
});
