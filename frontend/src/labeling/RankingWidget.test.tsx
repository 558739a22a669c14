import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { ProjectSchema, Result } from "../api/types";
import { schema } from "../testing/controls";
import { AnswerView } from "./AnswerView";
import { HelpOverlay } from "./HelpOverlay";
import { describeRankDiff, moveItem, pairsInOrder, rankedList, rankingDiff } from "./RankingWidget";
import { DEFAULT_BINDINGS } from "./shortcuts";
import { Workspace, controlKeys } from "./Workspace";

const SCHEMA: ProjectSchema = schema({
  fields: { prompt: "text" },
  controls: [{ name: "best", type: "ranking", field: "prompt", items: ["A", "B", "C", "D"] }],
});
const control = SCHEMA.controls[0] as Parameters<typeof rankedList>[0];

function Harness({ results }: { results: Result[] }) {
  const [result, setResult] = useState<Result>({});
  return (
    <Workspace
      schema={SCHEMA}
      data={{ prompt: "Which answer is best?" }}
      itemKey="1"
      result={result}
      onChange={(name, value) =>
        setResult((r) => {
          const next = { ...r, [name]: value };
          results.push(next);
          return next;
        })
      }
      bindings={DEFAULT_BINDINGS}
      onAction={() => {}}
      keysEnabled
      keyScope="window"
      notify={() => {}}
    />
  );
}

const items = () => [...document.querySelectorAll(".ranking-item")].map((li) => li.getAttribute("data-item"));
const item = (name: string) => document.querySelector<HTMLElement>(`.ranking-item[data-item="${name}"]`)!;
const key = (k: string, mods: Partial<KeyboardEventInit> = {}) =>
  act(() => {
    fireEvent.keyDown(window, { key: k, ...mods });
  });

describe("ranking widget", () => {
  it("starts unranked (no answer) in schema order; Space keeps the order shown", () => {
    const results: Result[] = [];
    render(<Harness results={results} />);
    expect(items()).toEqual(["A", "B", "C", "D"]);
    expect(screen.getByText(/Not ranked yet/)).toBeTruthy();
    key(" ");
    expect(results.at(-1)).toEqual({ best: ["A", "B", "C", "D"] });
    expect(screen.getByText("Ranked, best first.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Clear the ranking" }));
    expect(results.at(-1)).toEqual({ best: undefined });
  });

  it("keyboard: arrows select, Alt+arrows move the selected item", () => {
    const results: Result[] = [];
    render(<Harness results={results} />);
    key("ArrowDown");
    key("ArrowDown");
    key("ArrowDown");
    expect(item("C").getAttribute("aria-current")).toBe("true");
    key("ArrowUp", { altKey: true });
    key("ArrowUp", { altKey: true });
    expect(results.at(-1)).toEqual({ best: ["C", "A", "B", "D"] });
    key("ArrowUp", { altKey: true }); // already first: stays
    expect(results.at(-1)).toEqual({ best: ["C", "A", "B", "D"] });
    key("ArrowDown", { altKey: true });
    expect(results.at(-1)).toEqual({ best: ["A", "C", "B", "D"] });
    expect(items()).toEqual(["A", "C", "B", "D"]);
  });

  it("buttons and drag and drop reorder", () => {
    const results: Result[] = [];
    render(<Harness results={results} />);
    fireEvent.click(within(item("D")).getByRole("button", { name: "Move D up" }));
    expect(results.at(-1)).toEqual({ best: ["A", "B", "D", "C"] });
    const data = new Map<string, string>();
    const dataTransfer = {
      setData: (t: string, v: string) => data.set(t, v),
      getData: (t: string) => data.get(t) ?? "",
    };
    fireEvent.dragStart(item("C"), { dataTransfer });
    fireEvent.dragOver(item("A"), { dataTransfer });
    fireEvent.drop(item("A"), { dataTransfer });
    expect(results.at(-1)).toEqual({ best: ["C", "A", "B", "D"] });
    expect(within(item("C")).getByRole("button", { name: "Move C up" })).toHaveProperty("disabled", true);
  });

  it("lists its keys in the shortcut help", () => {
    render(
      <HelpOverlay
        bindings={DEFAULT_BINDINGS}
        controls={controlKeys(SCHEMA)}
        labelKeys={new Set()}
        onRebind={async () => {}}
        onClose={() => {}}
      />,
    );
    const help = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(help).getByText("move the selected item up or down")).toBeTruthy();
    expect(within(help).getByText("Alt+↑/↓")).toBeTruthy();
    // no region control in this project: no region keys in its help
    expect(within(help).queryByText("Hide or show the selected region")).toBeNull();
  });

  it("read-only against a reference: each item's place in words, and pairs in order", () => {
    render(
      <AnswerView
        schema={SCHEMA}
        data={{ prompt: "p" }}
        result={{ best: ["B", "A", "C", "D"] }}
        reference={{ best: ["A", "C", "B", "D"] }}
      />,
    );
    const card = document.querySelector<HTMLElement>('[data-control="best"]')!;
    const lines = [...card.querySelectorAll(".diff-list li")].map((li) => [
      li.getAttribute("data-kind"),
      li.textContent,
    ]);
    expect(lines).toEqual([
      ["higher", "B ↑ #1: 2 places higher than the reference (#3)"],
      ["lower", "A ↓ #2: 1 place lower than the reference (#1)"],
      ["lower", "C ↓ #3: 1 place lower than the reference (#2)"],
      ["correct", "D ✓ #4, as in the reference"],
    ]);
    expect(card.textContent).toContain("4 of 6 pairs in the reference's order.");
    expect(card.querySelector("button")).toBeNull();
    expect(card.querySelector("[draggable]")).toBeNull();
  });

  it("read-only without a reference lists the ranking; no answer says so", () => {
    const { unmount } = render(
      <AnswerView schema={SCHEMA} data={{ prompt: "p" }} result={{ best: ["D", "C", "B", "A"] }} />,
    );
    const card = () => document.querySelector<HTMLElement>('[data-control="best"]')!;
    expect([...card().querySelectorAll("li")].map((li) => li.textContent)).toEqual(["D", "C", "B", "A"]);
    unmount();
    render(
      <AnswerView
        schema={SCHEMA}
        data={{ prompt: "p" }}
        result={{}}
        reference={{ best: ["A", "B", "C", "D"] }}
      />,
    );
    expect(card().textContent).toContain("No ranking given.");
    expect([...card().querySelectorAll("li")].map((li) => li.textContent)).toEqual(["A", "B", "C", "D"]);
  });
});

describe("ranking logic", () => {
  it("shows a ranking, then the items it lacks; ignores unknown and repeated items", () => {
    expect(rankedList(control, undefined)).toEqual(["A", "B", "C", "D"]);
    expect(rankedList(control, ["C", "A"])).toEqual(["C", "A", "B", "D"]);
    expect(rankedList(control, ["C", "Z", "C"])).toEqual(["C", "A", "B", "D"]);
  });
  it("moves an item, clamped to the list", () => {
    expect(moveItem(["A", "B", "C"], 0, 2)).toEqual(["B", "C", "A"]);
    expect(moveItem(["A", "B", "C"], 2, -5)).toEqual(["C", "A", "B"]);
    expect(moveItem(["A", "B", "C"], 1, 9)).toEqual(["A", "C", "B"]);
  });
  it("compares with a reference", () => {
    expect(rankingDiff(["A", "B"], ["B", "A"])).toEqual([
      { item: "A", yours: 1, reference: 2 },
      { item: "B", yours: 2, reference: 1 },
    ]);
    expect(describeRankDiff({ item: "X", yours: 2, reference: null })).toBe(
      "#2; the reference does not rank it",
    );
    expect(pairsInOrder(["A", "B", "C"], ["A", "B", "C"])).toEqual({ agree: 3, pairs: 3 });
    expect(pairsInOrder(["C", "B", "A"], ["A", "B", "C"])).toEqual({ agree: 0, pairs: 3 });
  });
});
