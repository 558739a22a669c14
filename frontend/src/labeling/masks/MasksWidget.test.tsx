import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MasksControl } from "../../api/types";
import { resetControlState, setControlState } from "../controlState";
import type { WidgetProps } from "../types";
import { masksWidget } from "./MasksWidget";
import type { StoredMask } from "./painting";
import { MaskRaster } from "./raster";

const control: MasksControl = {
  name: "seg",
  type: "masks",
  field: "image",
  labels: ["cat", "dog"],
  hotkeys: {},
  required: false,
  iou_threshold: 0.5,
};

function disc(id: string, label: string, cx: number, cy: number, r: number): StoredMask {
  const raster = new MaskRaster(40, 60);
  raster.paintDisc(cx, cy, r, 1);
  return { id, label, rle: raster.toRle() };
}

function props(
  over: Partial<WidgetProps<MasksControl, StoredMask[]>> = {},
): WidgetProps<MasksControl, StoredMask[]> {
  return {
    control,
    value: undefined,
    onChange: vi.fn(),
    data: { image: "/x.png" },
    active: true,
    keys: new Map([
      ["1", "cat"],
      ["2", "dog"],
    ]),
    activate: vi.fn(),
    textRootRef: vi.fn(),
    setKeyHandler: vi.fn(),
    provideSelection: vi.fn(),
    notify: vi.fn(),
    ...over,
  };
}

const Card = masksWidget.Component;

afterEach(() => {
  cleanup();
  resetControlState();
});

describe("the masks card", () => {
  it("lists labels with their keys, the tools and the brush size", () => {
    render(<Card {...props()} />);
    const labels = screen.getByRole("radiogroup", { name: "seg label" });
    expect(within(labels).getByRole("radio", { name: /1\s*cat/ })).toHaveProperty("ariaChecked", "true");
    fireEvent.click(within(labels).getByRole("radio", { name: /2\s*dog/ }));
    expect(within(labels).getByRole("radio", { name: /dog/ })).toHaveProperty("ariaChecked", "true");
    const tools = screen.getByRole("radiogroup", { name: "Tool" });
    fireEvent.click(within(tools).getByRole("radio", { name: /Eraser/ }));
    expect(within(tools).getByRole("radio", { name: /Eraser/ })).toHaveProperty("ariaChecked", "true");
    expect(screen.getByTestId("mask-size").textContent).toBe("20 px");
    fireEvent.change(screen.getByRole("slider", { name: /Brush size/ }), { target: { value: "35" } });
    expect(screen.getByTestId("mask-size").textContent).toBe("35 px");
  });

  it("describes a mask in the shell's region list by its area", () => {
    const a = disc("aaaaaaaaaa", "cat", 10, 10, 3);
    const area = MaskRaster.fromRle(a.rle).area();
    expect(masksWidget.describeRegion!(control, a, {})).toBe(`${area} px`);
    expect(masksWidget.describeRegion!(control, { ...a, rle: { size: [2, 2], counts: [1] } }, {})).toBe(
      "unreadable RLE",
    );
  });

  it("picking a label relabels the selected mask", () => {
    const a = disc("aaaaaaaaaa", "cat", 10, 10, 3);
    const onChange = vi.fn();
    act(() => setControlState("seg", "selected", "aaaaaaaaaa"));
    render(<Card {...props({ value: [a], onChange })} />);
    fireEvent.click(screen.getByRole("radio", { name: /dog/ }));
    expect(onChange).toHaveBeenCalledWith([{ ...a, label: "dog" }]);
  });

  it("a locked mask keeps its label", () => {
    const a = disc("aaaaaaaaaa", "cat", 10, 10, 3);
    const onChange = vi.fn();
    const regions = { selected: a.id, select: vi.fn(), hidden: new Set<string>(), locked: new Set([a.id]) };
    render(<Card {...props({ value: [a], onChange, regions })} />);
    fireEvent.click(screen.getByRole("radio", { name: /dog/ }));
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe("the masks card read-only", () => {
  it("says in words how the answer differs from the reference", () => {
    const reference = [
      disc("r1", "cat", 15, 15, 8),
      disc("r2", "dog", 45, 20, 6),
      disc("r3", "cat", 30, 34, 4),
    ];
    const answer = [disc("a1", "cat", 15, 15, 8), disc("a2", "cat", 45, 20, 6), disc("a3", "dog", 5, 35, 3)];
    render(<Card {...props({ value: answer, readOnly: true, reference: { value: reference } })} />);
    const lines = screen.getAllByRole("listitem").map((li) => [li.dataset.kind, li.textContent]);
    expect(lines).toEqual([
      ["matched", "✓ matched cat (IoU 1.00)"],
      ["wrong_label", "≠ wrong label: cat → dog (IoU 1.00)"],
      ["missed", "− missed: cat"],
      ["extra", "+ extra: dog"],
    ]);
    const areas = screen.getByTestId("mask-areas").textContent!;
    const missed = MaskRaster.fromRle(reference[2].rle).area();
    const extra = MaskRaster.fromRle(answer[2].rle).area();
    expect(areas).toContain(`Missed area: ${missed} px`);
    expect(areas).toContain(`Extra area: ${extra} px`);
    expect(areas).toContain("hatched");
    expect(areas).toContain("dotted");
  });

  it("without a reference, lists the masks", () => {
    render(<Card {...props({ value: [disc("a1", "dog", 15, 15, 2)], readOnly: true })} />);
    expect(screen.getByText(/Mask 1: dog/)).toBeTruthy();
  });

  it("masks of different image sizes are not compared", () => {
    const other: StoredMask = { id: "o", label: "cat", rle: { size: [10, 10], counts: [99, 1] } };
    render(
      <Card
        {...props({ value: [disc("a1", "cat", 5, 5, 2)], readOnly: true, reference: { value: [other] } })}
      />,
    );
    expect(screen.getByText(/different sizes/)).toBeTruthy();
  });
});
