import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { GuidelineExample, GuidelineSection } from "../api/guidelines";
import { sectionDomId } from "../render/markdown";
import { schema as schemaOf } from "../testing/controls";
import { GuidelineDocument } from "./GuidelineDocument";
import { chunks, definitionOf, searchChunks, sectionMarkdown } from "./sections";

const MD = [
  "Intro text.", // 0
  "", // 1
  "# Sentiment", // 2
  "", // 3
  "## Positive", // 4
  "Pleased writers.", // 5
  "", // 6
  "## PER", // 7
  "A person <img src=x onerror=alert(1)>.", // 8
  "", // 9
  "## PER", // 10
  "Second PER.", // 11
].join("\n");

const SECTIONS: GuidelineSection[] = [
  { anchor: "sentiment", title: "Sentiment", depth: 1, line: 2, end_line: 12 },
  { anchor: "positive", title: "Positive", depth: 2, line: 4, end_line: 7 },
  { anchor: "per", title: "PER", depth: 2, line: 7, end_line: 10 },
  { anchor: "per-1", title: "PER", depth: 2, line: 10, end_line: 12 },
];

const SCHEMA = schemaOf({
  fields: { text: "text" },
  controls: [{ name: "sentiment", type: "choices", field: "text", options: ["positive", "negative"] }],
});

const EXAMPLES: GuidelineExample[] = [
  {
    item_id: 1,
    data: { text: "I love it" },
    kind: "example",
    section: "positive",
    control: "sentiment",
    label: "positive",
    reference: { sentiment: "positive" },
    wrong_result: null,
    explanation: "clearly pleased",
  },
  {
    item_id: 2,
    data: { text: "I love it not" },
    kind: "counterexample",
    section: "positive",
    control: "sentiment",
    label: "negative",
    reference: { sentiment: "negative" },
    wrong_result: { sentiment: "positive" },
    explanation: "negation flips it",
  },
  {
    item_id: 3,
    data: { text: "orphan" },
    kind: "example",
    section: "gone",
    control: null,
    label: null,
    reference: { sentiment: "negative" },
    wrong_result: null,
    explanation: "",
  },
];

describe("guideline sections", () => {
  it("cuts the document at every heading, keeping the preamble", () => {
    const list = chunks(MD, SECTIONS);
    expect(list.map((c) => c.anchor)).toEqual(["", "sentiment", "positive", "per", "per-1"]);
    expect(list[2].markdown).toBe("## Positive\nPleased writers.\n");
    expect(sectionMarkdown(MD, SECTIONS[0])).toContain("Second PER.");
  });

  it("searches sections and example explanations", () => {
    const list = chunks(MD, SECTIONS);
    expect(searchChunks(list, "PLEASED").map((c) => c.anchor)).toEqual(["positive"]);
    expect(searchChunks(list, "negation", EXAMPLES).map((c) => c.anchor)).toEqual(["positive"]);
    expect(searchChunks(list, "  ")).toHaveLength(5);
  });

  it("finds a label's definition by heading, else by its examples", () => {
    const g = { markdown: MD, sections: SECTIONS, examples: EXAMPLES };
    const positive = definitionOf(g, "sentiment", "positive");
    expect(positive?.section?.anchor).toBe("positive");
    expect(positive?.examples.map((e) => e.item_id)).toEqual([1]);
    const negative = definitionOf(g, "sentiment", "negative");
    expect(negative?.section?.anchor).toBe("positive"); // where its counterexample is attached
    expect(negative?.examples.map((e) => e.item_id)).toEqual([2]);
    expect(definitionOf(g, "entities", "per")?.section?.anchor).toBe("per");
    expect(definitionOf(g, "sentiment", "neutral")).toBeNull();
  });
});

describe("GuidelineDocument", () => {
  it("renders sections with the server's anchors and examples under them, sanitised", () => {
    const { container } = render(
      <GuidelineDocument markdown={MD} sections={SECTIONS} examples={EXAMPLES} schema={SCHEMA} />,
    );
    const ids = [...container.querySelectorAll("h1, h2")].map((h) => h.id);
    expect(ids).toEqual(["sentiment", "positive", "per", "per-1", ""].map((a) => (a ? sectionDomId(a) : "")));
    expect(container.querySelector("img")).toBeNull();
    const positive = container.querySelector('[data-section="positive"]')!;
    expect(positive.querySelectorAll("[data-example]")).toHaveLength(2);
    const counter = positive.querySelector('[data-example="2"]')!;
    expect(
      counter
        .querySelector('[aria-label="Wrong answer"] [data-option="positive"]')
        ?.getAttribute("aria-checked"),
    ).toBe("true");
    expect(
      counter
        .querySelector('[aria-label="Right answer"] [data-option="negative"]')
        ?.getAttribute("aria-checked"),
    ).toBe("true");
    expect(counter.textContent).toContain("negation flips it");
    // read-only: drawn by the widgets in their read-only mode
    expect(
      counter
        .querySelector('[aria-label="Right answer"] [data-option="negative"]')
        ?.getAttribute("aria-readonly"),
    ).toBe("true");
    screen.getByRole("heading", { name: "Other examples" });
  });

  it("filters by the search and marks hits", () => {
    const { container } = render(
      <GuidelineDocument
        markdown={MD}
        sections={SECTIONS}
        examples={EXAMPLES}
        schema={SCHEMA}
        query="second"
      />,
    );
    expect(
      [...container.querySelectorAll("[data-section]")].map((s) => s.getAttribute("data-section")),
    ).toEqual(["per-1"]);
    expect(container.querySelector("mark.search-hit")?.textContent).toBe("Second");
  });
});
