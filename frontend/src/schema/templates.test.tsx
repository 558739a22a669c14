import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { api } from "../api/endpoints";
import type { AnyControl, Project, SchemaTemplate } from "../api/types";
import type { SurfaceKind, WidgetDef } from "../labeling/types";
import { schema } from "../testing/controls";
import { undrawableControls } from "./drawable";
import { SchemaEditor } from "./SchemaEditor";

const TEMPLATES: SchemaTemplate[] = [
  {
    id: "sentiment",
    title: "Sentiment",
    description: "Is a short review positive, negative or neutral?",
    field_kinds: ["text"],
    schema: schema({
      fields: { text: "text" },
      controls: [{ name: "sentiment", type: "choices", field: "text", options: ["positive", "negative"] }],
    }),
  },
  {
    id: "object-detection",
    title: "Object detection",
    description: "Draw a box around every shape.",
    field_kinds: ["image"],
    schema: schema({
      fields: { image: "image" },
      controls: [{ name: "objects", type: "boxes", field: "image", labels: ["circle", "square"] }],
    }),
  },
];

// A UI with a known set of widgets, whatever the real registry holds today: no ranking widget,
// a segments widget with an audio layer only, a boxes widget with an image layer, and no image
// surface.
vi.mock("../labeling/registry", async (original) => {
  const real = await original<typeof import("../labeling/registry")>();
  const layer = () => null;
  const fake: Record<string, unknown> = {
    ranking: undefined,
    segments: { Component: layer, placement: "side", labels: () => [], surface: { audio: layer } },
    boxes: { Component: layer, placement: "side", labels: () => [], surface: { image: layer } },
  };
  const widgetFor = (c: AnyControl) => (c.type in fake ? fake[c.type] : real.widgetFor(c));
  return {
    ...real,
    widgetFor,
    hasWidget: (c: AnyControl) => widgetFor(c) !== undefined,
    layerFor: (c: AnyControl, kind: string) =>
      (widgetFor(c) as WidgetDef | undefined)?.surface?.[kind as SurfaceKind],
  };
});
vi.mock("../labeling/surfaces", () => ({
  surfaceFor: (kind: string) => (kind === "image" ? undefined : () => null),
  surfaceKinds: () => ["audio", "video"],
}));

describe("controls this UI cannot draw", () => {
  it("are named with the reason; controls drawn beside the data are fine on media fields", () => {
    const mixed = schema({
      fields: { image: "image", clip: "video", text: "text" },
      controls: [
        { name: "objects", type: "boxes", field: "image", labels: ["circle"] },
        { name: "quality", type: "rating", field: "image" },
        { name: "moments", type: "segments", field: "clip", labels: ["jump"] },
        { name: "order_these", type: "ranking", field: "text", items: ["x", "y"] },
        { name: "entities", type: "spans", field: "text", labels: ["PER"] },
      ],
    });
    expect(undrawableControls(mixed)).toEqual([
      { control: "objects", type: "boxes", reason: "this UI cannot show image fields yet" },
      { control: "moments", type: "segments", reason: "the segments widget cannot draw on a video field" },
      { control: "order_these", type: "ranking", reason: "this UI has no widget for ranking controls yet" },
    ]);
  });
});

function editor(text: string, onText = vi.fn()) {
  return render(
    <MemoryRouter initialEntries={["/new"]}>
      <Routes>
        <Route path="/new" element={<SchemaEditor text={text} onText={onText} />} />
        <Route path="/projects/:id" element={<p>project page</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

describe("the schema editor's templates", () => {
  it("fills the editor with the chosen template's schema", async () => {
    vi.spyOn(api, "templates").mockResolvedValue(TEMPLATES);
    vi.spyOn(api, "validateSchema").mockResolvedValue({ schema: TEMPLATES[0].schema, warnings: [] });
    const onText = vi.fn();
    editor("{}", onText);
    const select = await screen.findByLabelText("Start from a template");
    await waitFor(() => expect(screen.getByRole("option", { name: "Sentiment" })).toBeTruthy());
    fireEvent.change(select, { target: { value: "sentiment" } });
    expect(JSON.parse(onText.mock.calls.at(-1)![0])).toEqual(TEMPLATES[0].schema);
    expect(screen.getByText(/positive, negative or neutral/)).toBeTruthy();
  });

  it("tries a template in a new project with sample data and opens it", async () => {
    vi.spyOn(api, "templates").mockResolvedValue(TEMPLATES);
    vi.spyOn(api, "validateSchema").mockResolvedValue({ schema: TEMPLATES[1].schema, warnings: [] });
    const create = vi.spyOn(api, "createSampleProject").mockResolvedValue({ id: 41 } as Project);
    editor("{}");
    await waitFor(() => expect(screen.getByRole("option", { name: "Object detection" })).toBeTruthy());
    fireEvent.change(screen.getByLabelText("Start from a template"), {
      target: { value: "object-detection" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Try with sample data" }));
    await screen.findByText("project page");
    expect(create).toHaveBeenCalledWith("object-detection");
  });

  it("shows why a template could not be tried", async () => {
    vi.spyOn(api, "templates").mockResolvedValue(TEMPLATES);
    vi.spyOn(api, "validateSchema").mockResolvedValue({ schema: TEMPLATES[0].schema, warnings: [] });
    vi.spyOn(api, "createSampleProject").mockRejectedValue(new Error("you may not create projects"));
    editor("{}");
    await waitFor(() => expect(screen.getByRole("option", { name: "Sentiment" })).toBeTruthy());
    fireEvent.change(screen.getByLabelText("Start from a template"), { target: { value: "sentiment" } });
    fireEvent.click(screen.getByRole("button", { name: "Try with sample data" }));
    expect((await screen.findByRole("alert")).textContent).toBe("you may not create projects");
  });

  it("warns by control name when the schema uses a control the UI cannot draw", async () => {
    vi.spyOn(api, "templates").mockResolvedValue([]);
    const unknown = schema({
      fields: { video: "video", text: "text" },
      controls: [
        { name: "sentiment", type: "choices", field: "text", options: ["a", "b"] },
        { name: "order_these", type: "ranking", field: "text", items: ["x", "y"] },
      ],
    });
    vi.spyOn(api, "validateSchema").mockResolvedValue({ schema: unknown, warnings: [] });
    editor(JSON.stringify(unknown));
    const warning = await screen.findByTestId("schema-undrawable", {}, { timeout: 3000 });
    expect([...warning.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "order_these (ranking): this UI has no widget for ranking controls yet",
    ]);
    expect(warning.textContent).not.toContain("sentiment");
  });
});
