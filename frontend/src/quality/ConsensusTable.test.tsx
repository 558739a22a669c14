import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ConsensusPage } from "../api/types";
import { ConsensusTable, lowAgreement } from "./ConsensusTable";
import { consensusLines, fmt, fmtSeconds } from "./format";

const XSS = `<img src=x onerror=alert(1)>`;
const CONTROLS = [
  { name: "sentiment", type: "choices" },
  { name: "entities", type: "spans" },
  { name: "note", type: "text" },
  { name: "score", type: "rating" },
];
const q = (value: unknown, agreement: number | null = 1) => ({
  value,
  method: "dawid_skene",
  confidence: 0.9,
  agreement,
  n_annotations: 3,
});
const ITEMS: ConsensusPage["items"] = [
  {
    item_id: 7,
    controls: {
      sentiment: q(XSS),
      entities: q([
        { start: 0, end: 5, label: "PER", text: "Grace" },
        { start: 10, end: 14, label: XSS, text: XSS },
        { start: 20, end: 22, label: "ORG" },
      ]),
      note: q(XSS, 0.2),
      score: q(4, null),
    },
  },
  { item_id: 8, controls: { sentiment: q("positive", 0.67) } },
];

describe("consensus table", () => {
  it("renders hostile values as text, never as markup", () => {
    const { container } = render(<ConsensusTable controls={CONTROLS} items={ITEMS} threshold={0.6} />);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("[onerror]")).toBeNull();
    const cells = [...container.querySelectorAll("tr[data-item='7'] td.value")].map((td) => td.textContent);
    expect(cells[0]).toBe(XSS);
    expect(cells[2]).toBe(XSS);
    // spans as "label: text", one list item each (offsets only when no text came with a span)
    const spans = [...container.querySelectorAll("tr[data-item='7'] td.value li")].map(
      (li) => li.textContent,
    );
    expect(spans).toEqual(["PER: Grace", `${XSS}: ${XSS}`, "ORG: [20,22)"]);
  });

  it("shows confidence, agreement and n per control and highlights low-agreement rows", () => {
    const { container } = render(<ConsensusTable controls={CONTROLS} items={ITEMS} threshold={0.6} />);
    const first = container.querySelector("tr[data-item='7']")!;
    const second = container.querySelector("tr[data-item='8']")!;
    expect(first.className).toContain("low-agreement");
    expect(second.className).not.toContain("low-agreement");
    expect(first.querySelector("td.low")!.textContent).toBe("0.20");
    const nums = [...first.querySelectorAll("td.num")].map((td) => td.textContent);
    expect(nums.slice(0, 3)).toEqual(["0.90", "1.00", "3"]);
    expect(nums.slice(-3)).toEqual(["0.90", "—", "3"]); // no agreement for the rating
    // controls without annotations on an item say so
    expect(second.textContent).toContain("no annotations");
    expect(lowAgreement(ITEMS[1], 0.7)).toBe(true);
    expect(lowAgreement(ITEMS[1], 0.5)).toBe(false);
  });

  it("formats values by control type", () => {
    expect(consensusLines("spans", [])).toEqual(["(none)"]);
    expect(consensusLines("choices", ["a", "b"])).toEqual(["a", "b"]);
    expect(consensusLines("ranking", ["a", "b", "c"])).toEqual(["a > b > c"]);
    expect(consensusLines("rating", 3)).toEqual(["3"]);
    expect(consensusLines("text", null)).toEqual(["—"]);
    expect(consensusLines("text", "two\n lines")).toEqual(["two lines"]);
    expect(consensusLines("boxes", [{ x: 1, label: "car" }])).toEqual(['[{"x":1,"label":"car"}]']);
    expect(consensusLines("text", "x".repeat(500))[0]).toHaveLength(160);
    expect(fmt(null)).toBe("—");
    expect(fmt(Number.NaN)).toBe("—");
    expect(fmt(0.123456, 3)).toBe("0.123");
    expect(fmtSeconds(12345)).toBe("12.3 s");
  });
});
