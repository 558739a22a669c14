import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ProjectSchema } from "../api/types";
import { schema } from "../testing/controls";
import { AnswerView } from "./AnswerView";
import { choiceDiff } from "./ChoicesWidget";
import { ratingDiffText } from "./RatingWidget";
import { spansDiff } from "./spansDiff";
import { textDiff } from "./TextWidget";

const TEXT = "Ada Lovelace met Charles Babbage in London with Mary.";
const SCHEMA: ProjectSchema = schema({
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "neg", "neutral"] },
    { name: "topics", type: "choices", field: "text", options: ["a", "b", "c"], multiple: true },
    { name: "stars", type: "rating", field: "text", min: 1, max: 5 },
    { name: "ents", type: "spans", field: "text", labels: ["PER", "LOC", "ORG"] },
    { name: "summary", type: "text", field: "text" },
  ],
});
const span = (start: number, end: number, label: string) => ({
  start,
  end,
  label,
  text: TEXT.slice(start, end),
});

const YOURS = {
  sentiment: "neg",
  topics: ["a", "c"],
  stars: 3,
  ents: [span(0, 12, "PER"), span(17, 24, "PER"), span(33, 35, "LOC"), span(36, 42, "ORG")],
  summary: "Two people met in Paris",
};
const REFERENCE = {
  sentiment: "pos",
  topics: ["a", "b"],
  stars: 4,
  ents: [span(0, 12, "PER"), span(17, 32, "PER"), span(36, 42, "LOC"), span(48, 52, "PER")],
  summary: "Two mathematicians met in London",
};

const card = (name: string) => document.querySelector<HTMLElement>(`[data-control="${name}"]`)!;

describe("AnswerView", () => {
  it("draws a result read-only with the labeling widgets: clicks change nothing", () => {
    render(<AnswerView schema={SCHEMA} data={{ text: TEXT }} result={YOURS} />);
    expect(screen.queryByRole("radiogroup", { name: "Show" })).toBeNull();
    const neg = within(card("sentiment")).getByRole("radio", { name: /neg/ });
    expect(neg.getAttribute("aria-checked")).toBe("true");
    fireEvent.click(within(card("sentiment")).getByRole("radio", { name: /pos/ }));
    expect(neg.getAttribute("aria-checked")).toBe("true");
    expect(within(card("summary")).getByRole("textbox")).toHaveProperty("readOnly", true);
    expect(within(card("ents")).queryByRole("button", { name: /Remove/ })).toBeNull();
    // the spans' text is drawn once, by the spans widget, not again as a plain field
    expect(document.querySelectorAll('[data-field="text"]')).toHaveLength(0);
  });

  it("toggles between your answer, the reference and both", () => {
    render(<AnswerView schema={SCHEMA} data={{ text: TEXT }} result={YOURS} reference={REFERENCE} />);
    const view = document.querySelector(".answer-view")!;
    expect(view.getAttribute("data-show")).toBe("both");
    fireEvent.click(screen.getByLabelText("Reference"));
    expect(view.getAttribute("data-show")).toBe("reference");
    expect(within(card("sentiment")).getByRole("radio", { name: /pos/ }).getAttribute("aria-checked")).toBe(
      "true",
    );
    expect(within(card("summary")).getByRole("textbox")).toHaveProperty("value", REFERENCE.summary);
    fireEvent.click(screen.getByLabelText("Your answer"));
    expect(within(card("sentiment")).getByRole("radio", { name: /neg/ }).getAttribute("aria-checked")).toBe(
      "true",
    );
    expect(document.querySelector("[data-status]")).toBeNull();
  });

  it("choices: chosen right, missed and wrongly chosen, in words", () => {
    render(<AnswerView schema={SCHEMA} data={{ text: TEXT }} result={YOURS} reference={REFERENCE} />);
    const status = (control: string, option: string) =>
      card(control).querySelector(`[data-option="${option}"]`)!.getAttribute("data-status");
    expect(status("sentiment", "neg")).toBe("wrong");
    expect(status("sentiment", "pos")).toBe("missed");
    expect(status("sentiment", "neutral")).toBe("none");
    expect(status("topics", "a")).toBe("correct");
    expect(status("topics", "b")).toBe("missed");
    expect(status("topics", "c")).toBe("wrong");
    expect(card("topics").textContent).toContain("✓ right");
    expect(card("topics").textContent).toContain("✗ wrongly chosen");
    expect(card("topics").textContent).toContain("missed");
    const control = SCHEMA.controls[0] as Parameters<typeof choiceDiff>[0];
    expect(choiceDiff(control, undefined, "pos").map((d) => d.status)).toEqual(["missed", "none", "none"]);
  });

  it("rating: yours against the reference", () => {
    render(<AnswerView schema={SCHEMA} data={{ text: TEXT }} result={YOURS} reference={REFERENCE} />);
    const stars = card("stars");
    expect(within(stars).getByRole("radio", { name: /^3/ }).getAttribute("data-status")).toBe("yours");
    expect(within(stars).getByRole("radio", { name: /^4/ }).getAttribute("data-status")).toBe("reference");
    expect(stars.textContent).toContain("Yours: 3 · Reference: 4 (off by 1)");
    expect(ratingDiffText(4, 4)).toBe("Yours: 4 — same as the reference");
    expect(ratingDiffText(undefined, 2)).toBe("Yours: no answer · Reference: 2");
  });

  it("spans: correct, wrong label, partial, extra and missed, each with a mark and a line of text", () => {
    render(<AnswerView schema={SCHEMA} data={{ text: TEXT }} result={YOURS} reference={REFERENCE} />);
    const ents = card("ents");
    const kinds = [...ents.querySelectorAll(".diff-list li")].map((li) => li.getAttribute("data-kind"));
    expect(kinds).toEqual(["correct", "partial", "extra", "wrong_label", "missed"]);
    const lines = [...ents.querySelectorAll(".diff-list li")].map((li) => li.textContent);
    expect(lines).toContain("− Missed: PER “Mary”");
    expect(lines).toContain("✓ Correct: PER “Ada Lovelace”");
    expect(lines).toContain("+ Extra: LOC “in” is not in the reference");
    expect(lines).toContain("≠ Wrong label: “London” is LOC, you marked ORG");
    expect(lines).toContain(
      "≈ Partial overlap: you marked PER “Charles”; the reference marks “Charles Babbage”",
    );
    // the text is drawn whole, marks carry their kind as a class and a label (not colour alone)
    expect(ents.querySelector(".highlighted")!.textContent).toBe(TEXT);
    const london = [...ents.querySelectorAll("mark")].find((m) => m.textContent === "London")!;
    expect(london.className).toContain("diff-wrong_label");
    expect(london.getAttribute("data-label")).toBe("≠ ORG→LOC");
    expect(ents.querySelector(".diff-legend")!.textContent).toContain("Missed (dashed box)");
  });

  it("spansDiff pairs spans", () => {
    expect(spansDiff([span(0, 3, "PER")], [span(0, 3, "PER")]).map((e) => e.kind)).toEqual(["correct"]);
    expect(spansDiff([], [span(0, 3, "PER")]).map((e) => e.kind)).toEqual(["missed"]);
    expect(spansDiff([span(0, 3, "PER")], undefined).map((e) => e.kind)).toEqual(["extra"]);
    // a span over a reference span of another label with other boundaries: wrong label, not also missed
    expect(spansDiff([span(0, 5, "LOC")], [span(0, 3, "PER")]).map((e) => e.kind)).toEqual(["wrong_label"]);
  });

  it("text: a word-level diff, struck through and underlined", () => {
    render(<AnswerView schema={SCHEMA} data={{ text: TEXT }} result={YOURS} reference={REFERENCE} />);
    const diff = within(card("summary")).getByTestId("text-diff");
    expect([...diff.querySelectorAll("del")].map((d) => d.textContent)).toEqual(["people", "Paris"]);
    expect([...diff.querySelectorAll("ins")].map((d) => d.textContent)).toEqual(["mathematicians", "London"]);
    const parts = textDiff("a b c", "a x c");
    expect(
      parts
        .filter((p) => p.kind !== "reference")
        .map((p) => p.text)
        .join(""),
    ).toBe("a b c");
    expect(
      parts
        .filter((p) => p.kind !== "yours")
        .map((p) => p.text)
        .join(""),
    ).toBe("a x c");
  });

  it("names the sides as asked and shows only the controls asked for, with an aside", () => {
    render(
      <AnswerView
        schema={SCHEMA}
        data={{ text: TEXT }}
        result={YOURS}
        reference={REFERENCE}
        labels={{ yours: "Wrong answer", reference: "Right answer" }}
        controls={["sentiment"]}
        aside={(c) => <p>why {c.name}</p>}
      />,
    );
    expect(screen.getByLabelText("Wrong answer")).toBeTruthy();
    expect(document.querySelectorAll("[data-control]")).toHaveLength(1);
    expect(screen.getByText("why sentiment")).toBeTruthy();
    expect(document.querySelector('[data-field="text"]')).not.toBeNull();
  });
});
