/**
 * The image widgets' side cards (DOM, no canvas): the diff in words against a reference, the
 * label picker relabelling the selected region or picking the next label, and the keypoints
 * card naming the next point to place.
 */
import { fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { BoxesControl, KeypointsControl, PolygonsControl } from "../../api/types";
import { control } from "../../testing/controls";
import { resetControlState, setControlState } from "../controlState";
import type { WidgetProps } from "../types";
import type { Box } from "./boxes";
import { boxesWidget } from "./BoxesWidget";
import type { Pose } from "./keypoints";
import { keypointsWidget } from "./KeypointsWidget";
import type { Polygon } from "./polygons";
import { polygonsWidget } from "./PolygonsWidget";

const NOOP = () => {};

function props<C, V>(c: C, value: V | undefined, over: Partial<WidgetProps> = {}) {
  return {
    control: c,
    value,
    onChange: vi.fn(),
    data: {},
    active: true,
    keys: new Map([
      ["1", "car"],
      ["2", "person"],
    ]),
    activate: NOOP,
    textRootRef: NOOP,
    setKeyHandler: NOOP,
    provideSelection: NOOP,
    notify: NOOP,
    ...over,
  } as unknown as WidgetProps<never, V>;
}

const boxes = control({
  name: "objects",
  type: "boxes",
  field: "image",
  labels: ["car", "person"],
}) as BoxesControl;
const box = (x: number, label: string, id = `b${x}`): Box => ({ id, x, y: 0, width: 10, height: 10, label });

beforeEach(() => resetControlState());

describe("boxes card", () => {
  it("lists the diff against a reference in words", () => {
    const Card = boxesWidget.Component;
    const answer = [box(0, "person"), box(200, "car")];
    const reference = [box(0, "car"), box(100, "car"), box(205, "car")];
    render(<Card {...props(boxes, answer, { readOnly: true, reference: { value: reference } })} />);
    const lines = screen.getAllByRole("listitem").map((li) => [li.dataset.kind, li.textContent]);
    expect(lines).toEqual([
      ["wrong_label", "≠ wrong label: person → car (IoU 1.00)"],
      ["missed", "− missed: car"],
      ["low_overlap", "≈ low IoU 0.33 < 0.5: car"],
    ]);
    expect(screen.queryByRole("button")).toBeNull(); // no tools in a diff
  });

  it("relabels the selected box, or picks the next box's label", () => {
    const Card = boxesWidget.Component;
    const p = props(boxes, [box(0, "car", "a")]);
    const { rerender } = render(<Card {...p} />);
    expect(screen.getByTestId("objects-status").textContent).toContain("Next box: car");
    fireEvent.click(screen.getByRole("button", { name: /person/ }));
    expect(p.onChange).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: /person/ }).getAttribute("aria-pressed")).toBe("true");

    setControlState("objects", "selected", "a");
    rerender(<Card {...p} />);
    expect(screen.getByTestId("objects-status").textContent).toContain("Selected: car 10×10 at (0, 0)");
    fireEvent.click(screen.getByRole("button", { name: /person/ }));
    expect(p.onChange).toHaveBeenCalledWith([{ ...box(0, "car", "a"), label: "person" }]);
  });
});

describe("polygons card", () => {
  it("says what is being drawn", () => {
    const polygons = control({
      name: "shapes",
      type: "polygons",
      field: "image",
      labels: ["roof"],
    }) as PolygonsControl;
    setControlState("shapes", "draft", [
      [0, 0],
      [5, 5],
    ]);
    const Card = polygonsWidget.Component;
    render(<Card {...props<PolygonsControl, Polygon[]>(polygons, [])} />);
    expect(screen.getByTestId("shapes-status").textContent).toMatch(/^Drawing roof: 2 vertices — /);
  });
});

describe("keypoints card", () => {
  const keypoints = control({
    name: "pose",
    type: "keypoints",
    field: "image",
    labels: ["person"],
    points: ["head", "neck", "hand"],
  }) as KeypointsControl;

  it("names the next point to place and each point's state", () => {
    const pose: Pose = {
      id: "p",
      label: "person",
      points: [
        [1, 1, 2],
        [0, 0, 0],
        [3, 3, 1],
      ],
    };
    setControlState("pose", "placing", { id: "p", next: 1 });
    const Card = keypointsWidget.Component;
    render(<Card {...props<KeypointsControl, Pose[]>(keypoints, [pose])} />);
    expect(screen.getByTestId("pose-status").textContent).toContain("Placing person: next point neck");
    const points = screen
      .getAllByRole("listitem")
      .map((li) => [li.dataset.point, li.dataset.next ?? "", li.textContent]);
    expect(points).toEqual([
      ["head", "", "● head"],
      ["neck", "true", "· neck (not placed)"],
      ["hand", "", "◐ hand (hidden)"],
    ]);
  });

  it("lists the pose diff with OKS", () => {
    const ref: Pose = {
      id: "r",
      label: "person",
      points: [
        [10, 10, 2],
        [10, 50, 2],
        [40, 50, 2],
      ],
    };
    const Card = keypointsWidget.Component;
    render(
      <Card
        {...props<KeypointsControl, Pose[]>(keypoints, [{ ...ref, id: "a" }], {
          readOnly: true,
          reference: { value: [ref] },
        })}
      />,
    );
    expect(screen.getByRole("listitem").textContent).toBe("✓ matched person (OKS 1.00)");
  });
});
