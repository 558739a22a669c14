import { act, fireEvent, render } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import type { ProjectSchema, Result } from "../api/types";
import { schema } from "../testing/controls";
import { DEFAULT_BINDINGS } from "./shortcuts";
import { Workspace, type WorkspaceAction } from "./Workspace";

const SCHEMA: ProjectSchema = schema({
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"] },
    { name: "topics", type: "choices", field: "text", options: ["a", "b", "c"], multiple: true },
    { name: "ents", type: "spans", field: "text", labels: ["PER", "ORG"], hotkeys: { ORG: "o" } },
  ],
});
const TEXT = "Ada works at Acme.";

function Harness({ onAction, results }: { onAction: (a: WorkspaceAction) => void; results: Result[] }) {
  const [result, setResult] = useState<Result>({});
  return (
    <Workspace
      schema={SCHEMA}
      data={{ text: TEXT }}
      itemKey="1"
      result={result}
      onChange={(control, value) => {
        setResult((r) => {
          const next = { ...r, [control]: value };
          results.push(next);
          return next;
        });
      }}
      bindings={DEFAULT_BINDINGS}
      onAction={onAction}
      keysEnabled
      keyScope="window"
      notify={() => {}}
    />
  );
}

const key = (k: string, mods: Partial<KeyboardEventInit> = {}) =>
  act(() => {
    fireEvent.keyDown(window, { key: k, ...mods });
  });

describe("Workspace keyboard", () => {
  it("sends digits to the active control and Tab moves between controls", () => {
    const results: Result[] = [];
    const onAction = vi.fn();
    const { container } = render(<Harness onAction={onAction} results={results} />);
    key("2");
    expect(results.at(-1)).toEqual({ sentiment: "neg" });
    key("Tab");
    key("3");
    key("1");
    expect(results.at(-1)).toEqual({ sentiment: "neg", topics: ["a", "c"] });
    expect(container.querySelector('[data-control="topics"]')!.getAttribute("aria-current")).toBe("true");
    key("Tab", { shiftKey: true });
    expect(container.querySelector('[data-control="sentiment"]')!.getAttribute("aria-current")).toBe("true");
    key("Enter");
    key("z", { ctrlKey: true });
    key("Z", { ctrlKey: true, shiftKey: true });
    key("s");
    key("?");
    expect(onAction.mock.calls.map((c) => c[0])).toEqual(["submit", "undo", "redo", "skip", "help"]);
  });

  it("labels the mouse selection of the spans control with its key", () => {
    const results: Result[] = [];
    const { container } = render(<Harness onAction={() => {}} results={results} />);
    key("Tab");
    key("Tab");
    // the caret's decorations cut the text into pieces: find the piece holding "Acme"
    const piece = [...container.querySelectorAll("[data-text-root] [data-offset]")].find((el) =>
      el.textContent!.includes("Acme"),
    )!;
    const node = piece.firstChild!;
    const at = piece.textContent!.indexOf("Acme");
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 4);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    key("o");
    expect(results.at(-1)).toEqual({
      ents: [{ id: expect.any(String), start: 13, end: 17, label: "ORG", text: "Acme" }],
    });
    expect(container.querySelector("mark")!.textContent).toBe("Acme");
  });

  it("labels spans with the keyboard only: the caret moves by word, Shift extends, a digit labels", () => {
    const results: Result[] = [];
    const { container } = render(<Harness onAction={() => {}} results={results} />);
    const caret = () => [...container.querySelectorAll(".caret")].map((el) => el.textContent).join("");
    const selection = () =>
      [...container.querySelectorAll(".caret-selection")].map((e) => e.textContent).join("");
    expect(container.querySelector(".caret")).toBeNull(); // only the focused control shows its caret
    key("Tab");
    key("Tab");
    expect(caret()).toBe("Ada");
    key("ArrowRight");
    key("ArrowRight");
    key("ArrowRight", { shiftKey: true });
    expect(caret()).toBe("Acme");
    expect(selection()).toBe("at Acme");
    key("1");
    expect(results.at(-1)).toEqual({
      ents: [{ id: expect.any(String), start: 10, end: 17, label: "PER", text: "at Acme" }],
    });
    expect(selection()).toBe("Acme"); // collapsed back to the caret
    key("ArrowLeft", { ctrlKey: true });
    key("ArrowLeft", { ctrlKey: true, shiftKey: true });
    expect(selection()).toBe("at"); // by character
    key("o");
    expect(results.at(-1)!.ents).toContainEqual({
      id: expect.any(String),
      start: 10,
      end: 12,
      label: "ORG",
      text: "at",
    });
    // digits go to the focused control only: the choices were not touched
    expect(results.at(-1)!.sentiment).toBeUndefined();
  });
});
