/**
 * AnswerView with a media widget, through a fake surface and a fake widget registered for the test
 * only: the view must draw any widget's layer on its field's surface without naming either.
 */
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ProjectSchema } from "../api/types";
import { schema } from "../testing/controls";
import { AnswerView } from "./AnswerView";
import type { SurfaceProps, WidgetDef, WidgetProps } from "./types";

const fake = vi.hoisted(() => {
  type Box = { id: string; label: string };
  /** The layer: one element per region, and the reference's regions when given one. */
  const Layer = ({ control, value, readOnly, reference }: WidgetProps) => (
    <div data-layer={control.name} data-read-only={readOnly ? "true" : "false"}>
      {((value as Box[] | undefined) ?? []).map((b) => (
        <span key={b.id} data-region={b.id}>
          {b.label}
        </span>
      ))}
      {reference &&
        ((reference.value as Box[] | undefined) ?? []).map((b) => (
          <span key={b.id} data-reference-region={b.id}>
            {b.label}
          </span>
        ))}
    </div>
  );
  /** The side card: label buttons, disabled read-only. */
  const Card = ({ readOnly, reference }: WidgetProps) => (
    <div data-card>
      <button disabled={readOnly}>car</button>
      {reference && <p>diff in words</p>}
    </div>
  );
  const def = {
    Component: Card,
    placement: "side",
    labels: () => ["car"],
    surface: { image: Layer },
  };
  /** The surface: its own root, then every layer it is given. */
  const Surface = ({ field, url, layers, readOnly }: SurfaceProps) => (
    <div data-surface="image" data-field={field} data-url={url} data-read-only={String(readOnly)}>
      {layers.map((l) => (
        <div key={l.control}>{l.render()}</div>
      ))}
    </div>
  );
  return { def, Surface };
});

vi.mock("./surfaces", () => ({
  surfaceFor: (kind: string) => (kind === "image" ? fake.Surface : undefined),
}));
vi.mock("./registry", async (importOriginal) => {
  const real = await importOriginal<typeof import("./registry")>();
  const own = (c: { type: string }) => (c.type === "boxes" ? (fake.def as WidgetDef) : undefined);
  return {
    ...real,
    widgetFor: (c: { type: string }) => own(c) ?? real.widgetFor(c as never),
    hasWidget: (c: { type: string }) => own(c) !== undefined || real.hasWidget(c as never),
    layerFor: (c: { type: string }, kind: string) =>
      (own(c) ?? real.widgetFor(c as never))?.surface?.[kind as "image"],
  };
});

const SCHEMA: ProjectSchema = schema({
  fields: { image: "image", caption: "text" },
  controls: [
    { name: "objects", type: "boxes", field: "image", labels: ["car"] } as never,
    { name: "quality", type: "choices", field: "image", options: ["good", "bad"] },
    { name: "topic", type: "choices", field: "caption", options: ["a", "b"] },
  ],
});
const DATA = { image: "/media/cat.png", caption: "A cat" };
const YOURS = { objects: [{ id: "y1", label: "car" }], quality: "good", topic: "a" };
const REFERENCE = {
  objects: [
    { id: "r1", label: "car" },
    { id: "r2", label: "car" },
  ],
  quality: "bad",
  topic: "a",
};

const surfaces = () => [...document.querySelectorAll<HTMLElement>("[data-surface]")];
const regions = (el: ParentNode, attr = "data-region") =>
  [...el.querySelectorAll(`[${attr}]`)].map((r) => r.getAttribute(attr));

describe("AnswerView on a media surface", () => {
  it("draws the control's layer read-only on its field's surface, once, with its card read-only", () => {
    render(<AnswerView schema={SCHEMA} data={DATA} result={YOURS} />);
    const [surface] = surfaces();
    expect(surfaces()).toHaveLength(1);
    expect(surface.getAttribute("data-field")).toBe("image");
    expect(surface.getAttribute("data-url")).toBe("/media/cat.png");
    expect(surface.getAttribute("data-read-only")).toBe("true");
    const layer = surface.querySelector('[data-layer="objects"]')!;
    expect(layer.getAttribute("data-read-only")).toBe("true");
    expect(regions(layer)).toEqual(["y1"]);
    // the image is drawn by the surface only, not again as a plain field; the caption is plain
    expect(document.querySelectorAll('.field-card[data-field="image"]')).toHaveLength(1);
    expect(document.querySelector('.field-card[data-field="caption"]')!.textContent).toContain("A cat");
    // a choices control on the image field has no layer: it stays a card, not on the surface
    expect(surface.querySelector('[data-layer="quality"]')).toBeNull();
    const card = document.querySelector<HTMLElement>('[data-control="objects"]')!;
    expect(within(card).getByRole("button", { name: "car" })).toHaveProperty("disabled", true);
    expect(screen.queryByRole("radiogroup", { name: "Arrange" })).toBeNull();
  });

  it("draws the reference over the answer, or beside it on a second surface (toggle)", () => {
    render(<AnswerView schema={SCHEMA} data={DATA} result={YOURS} reference={REFERENCE} />);
    const view = document.querySelector(".answer-view")!;
    expect(view.getAttribute("data-arrange")).toBe("over");
    expect(surfaces()).toHaveLength(1);
    expect(regions(surfaces()[0])).toEqual(["y1"]);
    expect(regions(surfaces()[0], "data-reference-region")).toEqual(["r1", "r2"]);
    expect(document.querySelector('[data-control="objects"]')!.textContent).toContain("diff in words");

    fireEvent.click(
      within(screen.getByRole("radiogroup", { name: "Arrange" })).getByLabelText("Side by side"),
    );
    expect(view.getAttribute("data-arrange")).toBe("beside");
    const [yours, reference] = surfaces();
    expect(surfaces()).toHaveLength(2);
    expect(yours.closest("section")!.querySelector("h3")!.textContent).toBe("image — Your answer");
    expect(reference.closest("section")!.querySelector("h3")!.textContent).toBe("image — Reference");
    expect(regions(yours)).toEqual(["y1"]);
    expect(regions(reference)).toEqual(["r1", "r2"]);
    // beside, each surface shows one answer alone
    expect(regions(yours, "data-reference-region")).toEqual([]);
    expect(regions(reference, "data-reference-region")).toEqual([]);

    // showing one side only: one surface again and no arrangement to pick
    fireEvent.click(screen.getByLabelText("Reference"));
    expect(surfaces()).toHaveLength(1);
    expect(regions(surfaces()[0])).toEqual(["r1", "r2"]);
    expect(regions(surfaces()[0], "data-reference-region")).toEqual([]);
    expect(screen.queryByRole("radiogroup", { name: "Arrange" })).toBeNull();
  });

  it("starts side by side when asked", () => {
    render(
      <AnswerView schema={SCHEMA} data={DATA} result={YOURS} reference={REFERENCE} initialArrange="beside" />,
    );
    expect(surfaces()).toHaveLength(2);
  });

  it("lays the fields out as the labeling page does, each with its controls", () => {
    render(<AnswerView schema={{ ...SCHEMA, layout: [["caption", "image"]] }} data={DATA} result={YOURS} />);
    const groups = [...document.querySelectorAll<HTMLElement>(".layout-row [data-field-group]")];
    expect(groups.map((g) => g.getAttribute("data-field-group"))).toEqual(["caption", "image"]);
    const [caption, image] = groups;
    expect(
      [...caption.querySelectorAll("[data-control]")].map((c) => c.getAttribute("data-control")),
    ).toEqual(["topic"]);
    expect(image.querySelector('[data-surface="image"] [data-layer="objects"]')).not.toBeNull();
    expect(
      [...image.querySelectorAll("section[data-control]")].map((c) => c.getAttribute("data-control")),
    ).toEqual(["objects", "quality"]);
  });

  it("leaves the surface out when only other controls are shown", () => {
    render(<AnswerView schema={SCHEMA} data={DATA} result={YOURS} controls={["topic"]} />);
    expect(surfaces()).toHaveLength(0);
  });
});
