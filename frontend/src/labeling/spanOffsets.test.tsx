import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { HighlightedText } from "../render";
import { addSpan } from "./SpansWidget";
import { codePointToUtf16, selectionOffsets, trimRange, utf16ToCodePoint } from "./spanOffsets";

function select(startNode: Node, startOffset: number, endNode: Node, endOffset: number): Selection {
  const sel = window.getSelection()!;
  sel.removeAllRanges();
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  sel.addRange(range);
  return sel;
}

describe("span selection → offsets", () => {
  it("maps a selection inside one text node", () => {
    const text = "Ada Lovelace met Acme in London.";
    const { container } = render(<HighlightedText text={text} marks={[]} />);
    const root = container.firstElementChild!;
    const node = root.querySelector("span")!.firstChild!;
    const sel = select(node, 17, node, 21);
    expect(selectionOffsets(root, sel)).toEqual({ start: 17, end: 21 });
  });

  it("maps a selection across highlighted pieces", () => {
    const text = "Ada Lovelace met Acme in London.";
    const marks = [{ id: "0", start: 0, end: 12, label: "PER", className: "lbl-0" }];
    const { container } = render(<HighlightedText text={text} marks={marks} />);
    const root = container.firstElementChild!;
    const pieces = root.querySelectorAll("[data-offset]");
    expect(pieces).toHaveLength(2);
    // from "Lovelace" (inside the mark) to the end of "met"
    const sel = select(pieces[0].firstChild!, 4, pieces[1].firstChild!, 4);
    expect(selectionOffsets(root, sel)).toEqual({ start: 4, end: 16 });
    expect(root.textContent).toBe(text); // the label badge is CSS, not text
  });

  it("trims whitespace and ignores empty or outside selections", () => {
    expect(trimRange("  hello  ", 0, 9)).toEqual({ start: 2, end: 7 });
    expect(trimRange("   ", 0, 3)).toBeNull();
    const { container } = render(
      <div>
        <HighlightedText text="inside" marks={[]} />
        <p>outside</p>
      </div>,
    );
    const root = container.querySelector("[data-text-root]")!;
    const outside = container.querySelector("p")!.firstChild!;
    expect(selectionOffsets(root, select(outside, 0, outside, 3))).toBeNull();
    const inside = root.querySelector("span")!.firstChild!;
    expect(selectionOffsets(root, select(inside, 2, inside, 2))).toBeNull();
  });

  it("stores offsets in code points, as the server counts them", () => {
    const text = "😀 Paris is 👍 nice";
    const utf16Start = text.indexOf("Paris");
    expect(utf16Start).toBe(3);
    expect(utf16ToCodePoint(text, utf16Start)).toBe(2);
    expect(codePointToUtf16(text, 2)).toBe(3);
    const spans = addSpan(undefined, text, { start: 3, end: 8 }, "LOC");
    expect(spans).toEqual([
      { id: expect.stringMatching(/^[A-Za-z0-9]{10}$/), start: 2, end: 7, label: "LOC", text: "Paris" },
    ]);
    expect(Array.from(text).slice(2, 7).join("")).toBe("Paris");
    for (let i = 0; i <= Array.from(text).length; i++) {
      expect(utf16ToCodePoint(text, codePointToUtf16(text, i))).toBe(i);
    }
  });

  it("keeps spans sorted and does not add a duplicate", () => {
    const text = "Ada met Bob";
    let spans = addSpan(undefined, text, { start: 8, end: 11 }, "PER");
    spans = addSpan(spans, text, { start: 0, end: 3 }, "PER");
    spans = addSpan(spans, text, { start: 0, end: 3 }, "PER");
    expect(spans.map((s) => s.start)).toEqual([0, 8]);
  });
});
