import { act, fireEvent, render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ControlDraft, ProjectSchema } from "../api/types";
import { schema } from "../testing/controls";
import { layoutRows, placeControls } from "./layout";
import { DEFAULT_BINDINGS } from "./shortcuts";
import { Workspace } from "./Workspace";

const FIELDS = { image: "image", caption: "text", notes: "text" } as const;
const CONTROLS: ControlDraft[] = [
  { name: "fixed", type: "text", field: "caption" },
  { name: "quality", type: "choices", field: "image", options: ["sharp", "blurry"] },
  { name: "people", type: "choices", field: "image", options: ["none", "some"] },
];

describe("layoutRows", () => {
  it("is one row per field in schema order without a layout", () => {
    expect(layoutRows({ fields: FIELDS, layout: null })).toEqual([["image"], ["caption"], ["notes"]]);
  });
  it("follows the layout, then the fields it leaves out, one row each", () => {
    expect(layoutRows({ fields: FIELDS, layout: [["caption", "image"]] })).toEqual([
      ["caption", "image"],
      ["notes"],
    ]);
  });
  it("drops names the schema does not have and fields placed twice", () => {
    expect(layoutRows({ fields: FIELDS, layout: [["nope"], ["notes", "image"], ["image"]] })).toEqual([
      ["notes", "image"],
      ["caption"],
    ]);
  });
  it("groups each field's controls with it, in schema order", () => {
    const rows = placeControls({ fields: FIELDS, layout: [["image", "caption"]] }, CONTROLS);
    expect(rows.map((row) => row.map((p) => [p.field, p.controls.map((c) => c.name)]))).toEqual([
      [
        ["image", ["quality", "people"]],
        ["caption", ["fixed"]],
      ],
      [["notes", []]],
    ]);
  });
});

const CAPTIONING: ProjectSchema = schema({ fields: { ...FIELDS }, controls: CONTROLS });
const DATA = { image: "/media/cat.png", caption: "A cat on a mat", notes: "from the web" };

function show(layout: string[][] | null) {
  return render(
    <Workspace
      schema={{ ...CAPTIONING, layout }}
      data={DATA}
      itemKey="1"
      result={{}}
      onChange={() => {}}
      bindings={DEFAULT_BINDINGS}
      onAction={() => {}}
      keysEnabled
      keyScope="window"
      notify={() => {}}
    />,
  );
}

const group = (field: string) => document.querySelector<HTMLElement>(`[data-field-group="${field}"]`)!;
const cardsIn = (el: HTMLElement) =>
  [...el.querySelectorAll("[data-control]")].map((c) => c.getAttribute("data-control"));
const activeControl = () => document.querySelector('[aria-current="true"]')!.getAttribute("data-control");

describe("Workspace placement", () => {
  it("puts each field's controls beside it, fields of a row side by side", () => {
    show([["image", "caption"]]);
    const rows = [...document.querySelectorAll<HTMLElement>(".layout-row")];
    expect(
      rows.map((r) =>
        [...r.querySelectorAll("[data-field-group]")].map((g) => g.getAttribute("data-field-group")),
      ),
    ).toEqual([["image", "caption"], ["notes"]]);
    expect(group("image").querySelector('.field-card[data-field="image"] img')).not.toBeNull();
    expect(cardsIn(group("image"))).toEqual(["quality", "people"]);
    expect(group("caption").querySelector(".field-card")!.textContent).toContain("A cat on a mat");
    expect(cardsIn(group("caption"))).toEqual(["fixed"]);
    // two fields in a row: each field's cards go below it; a field alone has them beside it
    expect(group("image").className).toContain("stacked");
    expect(group("notes").className).toContain("no-side");
    expect(cardsIn(group("notes"))).toEqual([]);
  });

  it("Tab follows the page: the first control shown is active first", () => {
    show([["caption", "image"]]);
    expect(activeControl()).toBe("fixed");
    act(() => {
      fireEvent.keyDown(window, { key: "Tab" });
    });
    expect(activeControl()).toBe("quality");
  });

  it("without a layout, one field per row with its cards beside it", () => {
    show(null);
    expect([...document.querySelectorAll(".layout-row")].map((r) => r.getAttribute("data-fields"))).toEqual([
      "1",
      "1",
      "1",
    ]);
    expect(group("image").className).not.toContain("stacked");
    expect(activeControl()).toBe("quality");
  });
});
