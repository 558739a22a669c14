import { render } from "@testing-library/react";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { FieldView, HighlightedText, Text, TextBlock, safeMediaUrl, segment, truncate } from ".";
import { ChoicesControl } from "../api/types";
import { choicesWidget } from "../labeling/ChoicesWidget";

const XSS = `<img src=x onerror=alert(1)>`;

describe("render module", () => {
  it("renders item text with markup as text, never as elements", () => {
    const { container } = render(
      <div>
        <TextBlock value={XSS} />
        <Text value={XSS} />
        <HighlightedText
          text={`Hi ${XSS} there`}
          marks={[{ id: "0", start: 3, end: 10, label: XSS, className: "lbl-0" }]}
        />
        <FieldView kind="text" value={`<script>alert(1)</script>`} />
      </div>,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    expect(container.textContent).toContain(XSS);
    expect(container.textContent).toContain("<script>alert(1)</script>");
    // a label with markup stays an attribute value
    expect(container.querySelector("mark")!.getAttribute("data-label")).toBe(XSS);
  });

  it("renders labels of a widget as text", () => {
    const control: ChoicesControl = { name: "c", type: "choices", field: "text", options: [XSS, "ok"] };
    const { container } = render(
      <choicesWidget.Component
        control={control}
        value={undefined}
        onChange={() => {}}
        data={{}}
        active
        keys={new Map([["1", XSS]])}
        activate={() => {}}
        textRootRef={() => {}}
        setKeyHandler={() => {}}
        provideSelection={() => {}}
        notify={() => {}}
      />,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain(XSS);
  });

  it("only lets same-origin paths and http(s) URLs become media sources", () => {
    expect(safeMediaUrl("/api/media/1/a.png")).toBe("/api/media/1/a.png");
    expect(safeMediaUrl("https://example.org/a.png")).toBe("https://example.org/a.png");
    expect(safeMediaUrl("javascript:alert(1)")).toBeNull();
    expect(safeMediaUrl("//evil.example/a.png")).toBeNull();
    expect(safeMediaUrl("data:text/html,<b>")).toBeNull();
    const { container } = render(<FieldView kind="image" value="javascript:alert(1)" />);
    expect(container.querySelector("img")).toBeNull();
  });

  it("cuts text at mark boundaries and truncates by characters", () => {
    const segs = segment(10, [
      { id: "a", start: 2, end: 6, label: "A", className: "" },
      { id: "b", start: 4, end: 8, label: "B", className: "" },
    ]);
    expect(segs.map((s) => [s.start, s.end, s.marks.map((m) => m.id).join("")])).toEqual([
      [0, 2, ""],
      [2, 4, "a"],
      [4, 6, "ab"],
      [6, 8, "b"],
      [8, 10, ""],
    ]);
    expect(truncate("😀😀😀", 2)).toBe("😀…");
  });

  it("is the only module that may use dangerouslySetInnerHTML", () => {
    const srcRoot = join(__dirname, "..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(tsx?|jsx?)$/.test(name) && !/\.test\./.test(name)) {
          const rel = relative(srcRoot, path);
          if (
            !rel.startsWith("render") &&
            /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML/.test(readFileSync(path, "utf8"))
          ) {
            offenders.push(rel);
          }
        }
      }
    };
    walk(srcRoot);
    expect(offenders).toEqual([]);
  });
});
