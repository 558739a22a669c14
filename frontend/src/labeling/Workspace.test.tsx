import { act, fireEvent, render } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import type { ProjectSchema, Result } from "../api/types";
import { DEFAULT_BINDINGS } from "./shortcuts";
import { Workspace, type WorkspaceAction } from "./Workspace";

const SCHEMA: ProjectSchema = {
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"] },
    { name: "topics", type: "choices", field: "text", options: ["a", "b", "c"], multiple: true },
    { name: "ents", type: "spans", field: "text", labels: ["PER", "ORG"], hotkeys: { ORG: "o" } },
  ],
};
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
    const node = container.querySelector("[data-text-root] span")!.firstChild!;
    const range = document.createRange();
    range.setStart(node, TEXT.indexOf("Acme"));
    range.setEnd(node, TEXT.indexOf("Acme") + 4);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    key("o");
    expect(results.at(-1)).toEqual({ ents: [{ start: 13, end: 17, label: "ORG", text: "Acme" }] });
    expect(container.querySelector("mark")!.textContent).toBe("Acme");
  });
});
