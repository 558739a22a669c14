import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { GuidelineExample } from "../api/guidelines";
import { DefinitionCard } from "./LabelingGuide";

const COUNTER: GuidelineExample = {
  item_id: 9,
  data: { text: "Thanks for <b>nothing</b>" },
  kind: "counterexample",
  section: "negative",
  control: "sentiment",
  label: "negative",
  reference: { sentiment: "negative" },
  wrong_result: { sentiment: "positive" },
  explanation: "sarcasm <script>alert(1)</script>",
};

describe("DefinitionCard", () => {
  it("shows the label's section, sanitised, with its examples, and opens the section", () => {
    const open = vi.fn();
    const { container } = render(
      <DefinitionCard
        request={{
          control: "sentiment",
          rect: { left: 10, top: 10, bottom: 30 },
          definitions: [
            {
              label: "negative",
              section: { anchor: "negative", title: "negative", depth: 2, line: 0, end_line: 3 },
              markdown: "## negative\n\nUnhappy <img src=x onerror=alert(1)> [x](javascript:alert(1))",
              examples: [COUNTER],
            },
          ],
        }}
        onOpenSection={open}
        onHoverChange={() => {}}
        onClose={() => {}}
      />,
    );
    const card = screen.getByRole("dialog", { name: "Guideline for sentiment" });
    expect(card.textContent).toContain("Unhappy");
    expect(container.querySelector("img, script")).toBeNull();
    expect(container.querySelector("a")?.getAttribute("href") ?? "").not.toMatch(/javascript/i);
    expect(container.querySelector("[id]")).toBeNull(); // no ids that would repeat the panel's
    expect(card.textContent).toContain("Thanks for <b>nothing</b>"); // item text as text
    expect(card.textContent).toContain("not positive, but negative");
    expect(card.textContent).toContain("sarcasm <script>alert(1)</script>");
    fireEvent.click(screen.getByRole("button", { name: /Open “negative” in the guideline/ }));
    expect(open).toHaveBeenCalledWith("negative");
  });

  it("says when the guideline has nothing on the active control, and closes with Escape", () => {
    const close = vi.fn();
    render(
      <DefinitionCard
        request={{ control: "stars", definitions: [], rect: null }}
        onOpenSection={() => {}}
        onHoverChange={() => {}}
        onClose={close}
      />,
    );
    screen.getByText(/says nothing about the labels of/);
    fireEvent.keyDown(window, { key: "Escape" });
    expect(close).toHaveBeenCalled();
  });
});
