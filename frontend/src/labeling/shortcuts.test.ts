import { describe, expect, it } from "vitest";
import {
  DEFAULT_BINDINGS,
  assignLabelKeys,
  bindingConflict,
  eventKey,
  mergeBindings,
  normaliseKey,
} from "./shortcuts";

const press = (
  key: string,
  mods: Partial<{ ctrl: boolean; shift: boolean; alt: boolean; meta: boolean }> = {},
) =>
  eventKey({ key, ctrlKey: !!mods.ctrl, shiftKey: !!mods.shift, altKey: !!mods.alt, metaKey: !!mods.meta });

describe("key names", () => {
  it("normalises key presses", () => {
    expect(press("Enter")).toBe("Enter");
    expect(press("s")).toBe("s");
    expect(press("S", { shift: true })).toBe("shift+s");
    expect(press("?", { shift: true })).toBe("?");
    expect(press("z", { ctrl: true })).toBe("ctrl+z");
    expect(press("Z", { ctrl: true, shift: true })).toBe("ctrl+shift+z");
    expect(press("z", { meta: true })).toBe("ctrl+z");
    expect(press("Tab", { shift: true })).toBe("shift+Tab");
    expect(press("Shift", { shift: true })).toBeNull();
  });

  it("normalises written keys the same way", () => {
    expect(normaliseKey("Ctrl+Shift+Z")).toBe("ctrl+shift+z");
    expect(normaliseKey("S")).toBe("s");
    expect(normaliseKey("Enter")).toBe("Enter");
  });

  it("merges stored bindings over the defaults, ignoring unknown actions", () => {
    const b = mergeBindings({ skip: "K", bogus: "x" });
    expect(b.skip).toBe("k");
    expect(b.submit).toBe(DEFAULT_BINDINGS.submit);
    expect("bogus" in b).toBe(false);
  });
});

describe("label keys", () => {
  it("assigns digits 1..9 then 0 in order", () => {
    const keys = assignLabelKeys(["a", "b", "c"]);
    expect([...keys]).toEqual([
      ["1", "a"],
      ["2", "b"],
      ["3", "c"],
    ]);
    const many = assignLabelKeys(Array.from({ length: 11 }, (_, i) => `l${i}`));
    expect(many.get("0")).toBe("l9");
    expect(many.size).toBe(10);
  });

  it("uses the control's hotkeys and skips the digits they take", () => {
    const keys = assignLabelKeys(["PER", "ORG", "LOC"], { ORG: "1", LOC: "l" });
    expect(keys.get("1")).toBe("ORG");
    expect(keys.get("l")).toBe("LOC");
    expect(keys.get("2")).toBe("PER");
  });
});

describe("rebinding collisions", () => {
  const labelKeys = new Set(["1", "2", "p"]);

  it("refuses a key bound to another action", () => {
    expect(bindingConflict("skip", "Enter", DEFAULT_BINDINGS, labelKeys)).toMatch(/Submit/);
    expect(bindingConflict("skip", "ctrl+z", DEFAULT_BINDINGS, labelKeys)).toMatch(/Undo/);
  });

  it("refuses label keys: digits always, and the project's hotkeys", () => {
    expect(bindingConflict("skip", "7", DEFAULT_BINDINGS, labelKeys)).toMatch(/label key/);
    expect(bindingConflict("skip", "P", DEFAULT_BINDINGS, labelKeys)).toMatch(/label key in this project/);
  });

  it("refuses reserved keys and accepts a free key or the action's own key", () => {
    expect(bindingConflict("help", "Escape", DEFAULT_BINDINGS, labelKeys)).toMatch(/reserved/);
    expect(bindingConflict("skip", "shift+Tab", DEFAULT_BINDINGS, labelKeys)).toMatch(/previous control/);
    expect(bindingConflict("skip", "ArrowRight", DEFAULT_BINDINGS, labelKeys)).toMatch(/caret/);
    expect(bindingConflict("undo", "ctrl+shift+ArrowLeft", DEFAULT_BINDINGS, labelKeys)).toMatch(/caret/);
    expect(bindingConflict("skip", "k", DEFAULT_BINDINGS, labelKeys)).toBeNull();
    expect(bindingConflict("skip", "s", DEFAULT_BINDINGS, labelKeys)).toBeNull();
  });
});
