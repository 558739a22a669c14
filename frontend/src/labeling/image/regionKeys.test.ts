import { describe, expect, it } from "vitest";
import { eventKey } from "../shortcuts";
import { cycleId, regionCommand, stepInPixels } from "./regionKeys";

const key = (k: string, mods: Partial<{ shiftKey: boolean; altKey: boolean; ctrlKey: boolean }> = {}) =>
  eventKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })!;

describe("region keys", () => {
  it("maps key presses (as the workspace names them) to commands", () => {
    expect(regionCommand(key("ArrowLeft"))).toEqual({ kind: "move", dx: -1, dy: 0 });
    expect(regionCommand(key("ArrowDown", { shiftKey: true }))).toEqual({ kind: "move", dx: 0, dy: 10 });
    expect(regionCommand(key("ArrowRight", { altKey: true }))).toEqual({ kind: "resize", dw: 1, dh: 0 });
    expect(regionCommand(key("ArrowUp", { altKey: true, shiftKey: true }))).toEqual({
      kind: "resize",
      dw: 0,
      dh: -10,
    });
    expect(regionCommand(key("Delete"))).toEqual({ kind: "delete" });
    expect(regionCommand(key("Backspace"))).toEqual({ kind: "delete" });
    expect(regionCommand(key("]"))).toEqual({ kind: "cycle", step: 1 });
    expect(regionCommand(key("["))).toEqual({ kind: "cycle", step: -1 });
    expect(regionCommand(key("n"))).toEqual({ kind: "new" });
    expect(regionCommand(key("Escape"))).toEqual({ kind: "escape" });
    expect(regionCommand(key("ArrowLeft", { ctrlKey: true }))).toBeNull();
    expect(regionCommand(key("1"))).toBeNull();
  });

  it("makes a step one screen pixel, at least one image pixel", () => {
    expect(stepInPixels(1, 0.125)).toBe(8);
    expect(stepInPixels(10, 0.125)).toBe(80);
    expect(stepInPixels(1, 4)).toBe(1);
  });

  it("cycles through regions, wrapping, from nothing selected", () => {
    expect(cycleId(["a", "b", "c"], null, 1)).toBe("a");
    expect(cycleId(["a", "b", "c"], null, -1)).toBe("c");
    expect(cycleId(["a", "b", "c"], "c", 1)).toBe("a");
    expect(cycleId(["a", "b", "c"], "a", -1)).toBe("c");
    expect(cycleId([], "a", 1)).toBeNull();
  });
});
