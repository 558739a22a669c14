import { fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SegmentsControl } from "../../api/types";
import { control } from "../../testing/controls";
import { resetControlState } from "../controlState";
import type { WidgetProps } from "../types";
import type { TimeSegment } from "./segments";
import { segmentsWidget } from "./SegmentsWidget";

const TURNS = control({
  name: "turns",
  type: "segments",
  field: "audio",
  labels: ["speech", "music"],
  iou_threshold: 0.5,
  speakers: false,
}) as SegmentsControl;
const A: TimeSegment = { id: "a", start: 1, end: 2, label: "speech" };
const B: TimeSegment = { id: "b", start: 4, end: 6, label: "music", text: "la la" };
const NOOP = () => {};

function props(over: Partial<WidgetProps<SegmentsControl, TimeSegment[]>>) {
  return {
    control: TURNS,
    value: [A, B],
    onChange: vi.fn(),
    data: { audio: "/api/media/1/a.wav" },
    active: true,
    keys: new Map([
      ["1", "speech"],
      ["2", "music"],
    ]),
    activate: NOOP,
    textRootRef: NOOP,
    setKeyHandler: NOOP,
    provideSelection: NOOP,
    notify: NOOP,
    ...over,
  };
}

const Card = segmentsWidget.Component;

afterEach(() => resetControlState());

describe("segments card", () => {
  it("a label chooses the next segment's label until a segment is selected, then relabels it", () => {
    const p = props({});
    render(<Card {...p} />);
    const labels = () => screen.getByRole("group", { name: /segment$/ });
    const music = within(labels()).getByRole("button", { name: /music/ });
    fireEvent.click(music);
    expect(music.getAttribute("aria-pressed")).toBe("true");
    expect(p.onChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: /0:01.00–0:02.00/ }));
    expect(document.querySelector('li[data-segment="a"]')!.getAttribute("aria-current")).toBe("true");
    expect(labels().getAttribute("aria-label")).toBe("Label of the selected segment");
    fireEvent.click(within(labels()).getByRole("button", { name: /music/ }));
    expect(p.onChange).toHaveBeenLastCalledWith([{ ...A, label: "music" }, B], undefined);
  });

  it("edits the selected segment's transcript (typing is one undo step) and deletes it", () => {
    const p = props({});
    render(<Card {...p} />);
    fireEvent.click(screen.getByRole("button", { name: /0:04.00–0:06.00/ }));
    const box = screen.getByLabelText("Transcript of the selected segment");
    expect((box as HTMLTextAreaElement).value).toBe("la la");
    fireEvent.change(box, { target: { value: "la la land" } });
    expect(p.onChange).toHaveBeenLastCalledWith([A, { ...B, text: "la la land" }], "text:b");
    fireEvent.change(box, { target: { value: "" } });
    expect(p.onChange).toHaveBeenLastCalledWith([A, { id: "b", start: 4, end: 6, label: "music" }], "text:b");
    fireEvent.click(screen.getByRole("button", { name: /Delete/ }));
    expect(p.onChange).toHaveBeenLastCalledWith([A], undefined);
  });

  it("refuses bounds that would leave a segment empty", () => {
    const p = props({});
    render(<Card {...p} />);
    fireEvent.click(screen.getByRole("button", { name: /0:01.00–0:02.00/ }));
    const end = screen.getByLabelText("End in seconds") as HTMLInputElement;
    fireEvent.change(end, { target: { value: "0.5" } });
    fireEvent.blur(end);
    expect(p.onChange).not.toHaveBeenCalled();
    expect(end.value).toBe("2");
    fireEvent.change(end, { target: { value: "3.25" } });
    fireEvent.blur(end);
    expect(p.onChange).toHaveBeenLastCalledWith([{ ...A, end: 3.25 }, B], undefined);
  });

  it("leaves a locked segment as it is", () => {
    const p = props({
      regions: { selected: "a", select: NOOP, hidden: new Set(), locked: new Set(["a"]) },
    });
    render(<Card {...p} />);
    expect(screen.getByLabelText("Transcript of the selected segment")).toHaveProperty("disabled", true);
    expect(screen.getByRole("button", { name: /Delete/ })).toHaveProperty("disabled", true);
  });

  it("read-only with a reference, lists the diff in words", () => {
    const reference = [
      { id: "r1", start: 1.2, end: 2, label: "speech", text: "hello" },
      { id: "r2", start: 8, end: 9, label: "music" },
    ];
    render(
      <Card
        {...props({ readOnly: true, value: [{ ...A, text: "hallo" }, B], reference: { value: reference } })}
      />,
    );
    const items = [...document.querySelectorAll<HTMLElement>(".segment-diff li")];
    expect(items.map((li) => li.dataset.diff)).toEqual(["matched", "missed", "extra"]);
    expect(items[0].textContent).toContain("✓ matched speech (IoU 0.80, start −0.20 s, end ±0 s)");
    expect(items[0].textContent).toContain("transcript: yours “hallo”, reference “hello”");
    expect(items[1].textContent).toContain("− missed: music");
    expect(items[2].textContent).toContain("+ extra: music");
  });

  it("describes a segment for the region list by its times, then its words", () => {
    expect(segmentsWidget.describeRegion!(TURNS, B, {})).toBe("0:04.00–0:06.00 “la la”");
    expect(segmentsWidget.describeRegion!(TURNS, A, {})).toBe("0:01.00–0:02.00");
  });
});
