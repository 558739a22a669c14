import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { ProjectSchema, Result } from "../api/types";
import { schema } from "../testing/controls";
import { cycleRegion, deleteRegion, describeRegionShape, regionsOf, relabelRegion } from "./regionEdits";
import { DEFAULT_BINDINGS, bindingConflict } from "./shortcuts";
import { HelpOverlay } from "./HelpOverlay";
import { Workspace, controlKeys } from "./Workspace";

const TEXT = "Ada works at Acme in Paris.";
const SCHEMA: ProjectSchema = schema({
  fields: { text: "text" },
  controls: [
    { name: "ents", type: "spans", field: "text", labels: ["PER", "ORG", "LOC"] },
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"] },
  ],
});
const span = (id: string, start: number, end: number, label: string) => ({
  id,
  start,
  end,
  label,
  text: TEXT.slice(start, end),
});
const START: Result = {
  ents: [span("a1", 0, 3, "PER"), span("a2", 13, 17, "PER"), span("a3", 21, 26, "LOC")],
};

function Harness({
  results,
  notes,
  itemKey = "1",
}: {
  results: Result[];
  notes: string[];
  itemKey?: string;
}) {
  const [result, setResult] = useState<Result>(START);
  return (
    <Workspace
      schema={SCHEMA}
      data={{ text: TEXT }}
      itemKey={itemKey}
      result={result}
      onChange={(control, value) =>
        setResult((r) => {
          const next = { ...r, [control]: value };
          results.push(next);
          return next;
        })
      }
      bindings={DEFAULT_BINDINGS}
      onAction={() => {}}
      keysEnabled
      keyScope="window"
      notify={(m) => notes.push(m)}
    />
  );
}

const list = () => screen.getByRole("region", { name: "Regions" });
const row = (id: string) => list().querySelector<HTMLElement>(`[data-region="${id}"]`)!;
const marks = () => [...document.querySelectorAll(".span-text mark")].map((m) => m.textContent);
const key = (k: string, mods: Partial<KeyboardEventInit> = {}) =>
  act(() => {
    fireEvent.keyDown(window, { key: k, ...mods });
  });

describe("the region list", () => {
  it("lists each region with its label and text, grouped by control", () => {
    render(<Harness results={[]} notes={[]} />);
    const group = list().querySelector('[data-region-control="ents"]')!;
    expect(group.querySelector("h4")!.textContent).toBe("ents (3)");
    expect([...group.querySelectorAll(".region-name")].map((b) => b.textContent)).toEqual([
      "PER “Ada”",
      "PER “Acme”",
      "LOC “Paris”",
    ]);
    // a choices control has no regions: no group
    expect(list().querySelector('[data-region-control="sentiment"]')).toBeNull();
  });

  it("selects (marked in the text too), hides (not drawn), relabels and deletes through onChange", () => {
    const results: Result[] = [];
    render(<Harness results={results} notes={[]} />);
    fireEvent.click(within(row("a2")).getByRole("button", { name: "PER “Acme”" }));
    expect(row("a2").getAttribute("aria-current")).toBe("true");
    expect(document.querySelector(".span-text mark.selected")!.textContent).toBe("Acme");

    fireEvent.click(within(row("a3")).getByRole("button", { name: "Hide LOC “Paris”" }));
    expect(marks()).toEqual(["Ada", "Acme"]);
    expect(row("a3").textContent).toContain("hidden");
    fireEvent.click(within(row("a3")).getByRole("button", { name: "Show LOC “Paris”" }));
    expect(marks()).toEqual(["Ada", "Acme", "Paris"]);
    expect(results).toHaveLength(0); // hiding is view state, not an edit

    fireEvent.change(within(row("a2")).getByRole("combobox"), { target: { value: "ORG" } });
    expect(results.at(-1)!.ents).toEqual([
      span("a1", 0, 3, "PER"),
      span("a2", 13, 17, "ORG"),
      span("a3", 21, 26, "LOC"),
    ]);

    fireEvent.click(within(row("a1")).getByRole("button", { name: "Delete PER “Ada”" }));
    expect(results.at(-1)!.ents).toEqual([span("a2", 13, 17, "ORG"), span("a3", 21, 26, "LOC")]);
    expect(marks()).toEqual(["Acme", "Paris"]);
  });

  it("a locked region cannot be relabeled or deleted, by the list or by Delete", () => {
    const results: Result[] = [];
    const notes: string[] = [];
    render(<Harness results={results} notes={notes} />);
    fireEvent.click(within(row("a1")).getByRole("button", { name: "Lock PER “Ada”" }));
    expect(within(row("a1")).getByRole("combobox")).toHaveProperty("disabled", true);
    expect(within(row("a1")).getByRole("button", { name: "Delete PER “Ada”" })).toHaveProperty(
      "disabled",
      true,
    );
    expect(row("a1").textContent).toContain("locked");
    key(".", { altKey: true });
    expect(row("a1").getAttribute("aria-current")).toBe("true");
    key("Delete");
    expect(results).toHaveLength(0);
    expect(notes).toEqual(["This region is locked: unlock it to delete it."]);
  });

  it("keyboard: Alt+. and Alt+, cycle, Alt+H hides, Alt+L locks, Delete and Backspace delete", () => {
    const results: Result[] = [];
    render(<Harness results={results} notes={[]} />);
    key(".", { altKey: true });
    key(".", { altKey: true });
    expect(row("a2").getAttribute("aria-current")).toBe("true");
    key(",", { altKey: true });
    key(",", { altKey: true });
    expect(row("a3").getAttribute("aria-current")).toBe("true"); // wraps round
    key("h", { altKey: true });
    expect(marks()).toEqual(["Ada", "Acme"]);
    key("l", { altKey: true });
    expect(row("a3").textContent).toContain("locked");
    key("l", { altKey: true });
    key("Backspace");
    expect(results.at(-1)!.ents).toEqual([span("a1", 0, 3, "PER"), span("a2", 13, 17, "PER")]);
    expect(list().querySelector("[aria-current]")).toBeNull();
    key("Delete"); // nothing selected: nothing deleted
    expect(results).toHaveLength(1);
    // the keys act on the active control: on the choices control they do nothing
    key("Tab");
    key(".", { altKey: true });
    expect(list().querySelector("[aria-current]")).toBeNull();
  });

  it("starts each item with nothing selected, hidden or locked", () => {
    const { rerender } = render(<Harness results={[]} notes={[]} />);
    fireEvent.click(within(row("a1")).getByRole("button", { name: "Hide PER “Ada”" }));
    fireEvent.click(within(row("a2")).getByRole("button", { name: "PER “Acme”" }));
    rerender(<Harness results={[]} notes={[]} itemKey="2" />);
    expect(marks()).toEqual(["Ada", "Acme", "Paris"]);
    expect(list().querySelector("[aria-current]")).toBeNull();
  });

  it("lists the region keys in the shortcut help of a project with region controls", () => {
    render(
      <HelpOverlay
        bindings={DEFAULT_BINDINGS}
        controls={controlKeys(SCHEMA)}
        labelKeys={new Set()}
        onRebind={async () => {}}
        onClose={() => {}}
      />,
    );
    const row = screen.getByText("Delete the selected region (unless locked)").closest("tr")!;
    expect([...row.querySelectorAll("kbd")].map((k) => k.textContent)).toEqual(["Delete", "Backspace"]);
    expect(screen.getByText("Hide or show the selected region").closest("tr")!.textContent).toContain(
      "Alt+h",
    );
  });

  it("region keys cannot be bound to actions", () => {
    expect(bindingConflict("skip", "alt+h", DEFAULT_BINDINGS, [])).toContain("reserved");
    expect(bindingConflict("skip", "Delete", DEFAULT_BINDINGS, [])).toContain("reserved");
  });
});

describe("region edits", () => {
  const regions = [span("a", 0, 3, "PER"), span("b", 4, 9, "ORG")];
  it("recognises region lists and edits them without touching the input", () => {
    expect(regionsOf(regions)).toBe(regions);
    expect(regionsOf([])).toBeNull();
    expect(regionsOf(["a", "b"])).toBeNull(); // a ranking
    expect(regionsOf([{ start: 0, end: 1, label: "X" }])).toBeNull(); // no id
    expect(relabelRegion(regions, "b", "LOC").map((r) => r.label)).toEqual(["PER", "LOC"]);
    expect(regions[1].label).toBe("ORG");
    expect(deleteRegion(regions, "a")).toEqual([regions[1]]);
    expect(deleteRegion([regions[0]], "a")).toBeUndefined();
  });
  it("cycles with wrap-around", () => {
    expect(cycleRegion(["a", "b", "c"], null, 1)).toBe("a");
    expect(cycleRegion(["a", "b", "c"], null, -1)).toBe("c");
    expect(cycleRegion(["a", "b", "c"], "c", 1)).toBe("a");
    expect(cycleRegion(["a", "b", "c"], "gone", 1)).toBe("a");
    expect(cycleRegion([], null, 1)).toBeNull();
  });
  it("describes a region from its shape", () => {
    expect(describeRegionShape({ id: "1", label: "car", x: 10.4, y: 20, width: 30, height: 40.6 })).toBe(
      "30×41 at (10, 20)",
    );
    expect(describeRegionShape({ id: "1", label: "speech", start: 1.5, end: 3 })).toBe("1.50 s – 3.00 s");
    expect(
      describeRegionShape({
        id: "1",
        label: "p",
        points: [
          [0, 0, 2],
          [1, 1, 2],
        ],
      }),
    ).toBe("2 points");
    expect(
      describeRegionShape({ id: "1", label: "car", frames: [{ frame: 4 }, { frame: 9 }, { frame: 12 }] }),
    ).toBe("frames 4–12 (3 keyframes)");
    expect(describeRegionShape({ id: "1", label: "sky", rle: { size: [40, 60], counts: "x" } })).toBe(
      "mask of 60×40",
    );
  });
});
