import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Markdown, anchorsOf, safeMarkdownUrl, sectionDomId } from "./markdown";
import slugCases from "./slugCases.json";

function html(markdown: string, highlight?: string): HTMLElement {
  return render(<Markdown markdown={markdown} highlight={highlight} />).container;
}

/** Every URL-carrying attribute and every event handler of the rendered tree. */
function attributes(container: HTMLElement): string[] {
  const out: string[] = [];
  for (const el of container.querySelectorAll("*")) {
    for (const a of el.attributes) out.push(`${el.tagName.toLowerCase()} ${a.name}=${a.value}`);
  }
  return out;
}

function assertInert(container: HTMLElement) {
  expect(container.querySelector("script, iframe, object, embed, style, form, input, svg, math")).toBeNull();
  for (const attr of attributes(container)) {
    expect(attr).not.toMatch(/ on[a-z]+=/i);
    expect(attr).not.toMatch(/ style=/i);
    expect(attr).not.toMatch(/(href|src)=\s*(javascript|vbscript|data):/i);
  }
}

describe("guideline Markdown is sanitised", () => {
  const HOSTILE: [string, string][] = [
    ["raw script", `Hello <script>alert(1)</script> world`],
    ["script block", `<script>\nalert(1)\n</script>`],
    ["img onerror", `<img src=x onerror="alert(1)">`],
    ["svg onload", `<svg onload=alert(1)><circle r=5 /></svg>`],
    ["iframe", `<iframe src="javascript:alert(1)"></iframe>`],
    ["javascript link", `[x](javascript:alert(1))`],
    ["javascript link, mixed case and entities", `[x](JaVaScRiPt:alert(1)) [y](&#106;avascript:alert(1))`],
    ["javascript with whitespace", `[x]( javascript:alert(1) ) [z](java\tscript:alert(1))`],
    ["vbscript link", `[x](vbscript:msgbox(1))`],
    ["data link", `[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`],
    ["data image", `![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)`],
    ["javascript image", `![x](javascript:alert(1))`],
    ["autolink javascript", `<javascript:alert(1)>`],
    ["autolink data", `<data:text/html,<script>alert(1)</script>>`],
    ["reference link", `[x][r]\n\n[r]: javascript:alert(1)`],
    ["html link", `<a href="javascript:alert(1)" onclick="alert(1)">x</a>`],
    ["style attribute", `<p style="background:url(javascript:alert(1))">x</p>`],
    ["form", `<form action="https://evil.example"><input name=x></form>`],
    ["heading with html", `# Hi <img src=x onerror=alert(1)>`],
  ];

  it.each(HOSTILE)("%s runs nothing", (_, markdown) => {
    const container = html(markdown);
    assertInert(container);
    expect(container.querySelector("img[onerror]")).toBeNull();
  });

  it("keeps ordinary Markdown, with http(s), mailto and relative links", () => {
    const container = html(
      "# Title\n\n**bold** _em_ `code`\n\n- a\n- b\n\n| h |\n|---|\n| c |\n\n" +
        "[web](https://example.com/x) [mail](mailto:a@example.com) [rel](/projects/1) <https://auto.example>",
    );
    expect(container.querySelector("h1")?.textContent).toBe("Title");
    expect(container.querySelector("strong")?.textContent).toBe("bold");
    expect(container.querySelector("table")).not.toBeNull();
    const hrefs = [...container.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(hrefs).toEqual([
      "https://example.com/x",
      "mailto:a@example.com",
      "/projects/1",
      "https://auto.example",
    ]);
    assertInert(container);
  });

  it("filters URLs by scheme", () => {
    expect(safeMarkdownUrl("https://x.example")).toBe("https://x.example");
    expect(safeMarkdownUrl("#per")).toBe("#per");
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd"]) {
      expect(safeMarkdownUrl(bad)).toBe("");
    }
  });
});

describe("section anchors", () => {
  it.each(slugCases.cases.map((c) => [c.headings.join(" | "), c] as const))(
    "github-slugger agrees with the server: %s",
    (_, c) => {
      expect(anchorsOf(c.headings)).toEqual(c.anchors);
    },
  );

  it("gives rendered headings the prefixed anchors, in document order", () => {
    const container = html("# Intro\n\n## PER\n\n```\n# code\n```\n\n## PER\n\n### The *PER* `x` label");
    const ids = [...container.querySelectorAll("h1, h2, h3")].map((h) => h.id);
    expect(ids).toEqual(["intro", "per", "per-1", "the-per-x-label"].map(sectionDomId));
  });

  it("leaves raw HTML out of a heading's anchor, as the server does", () => {
    const container = html("# a <b>bold</b> claim");
    expect(container.querySelector("h1")?.id).toBe(sectionDomId("a-bold-claim"));
  });

  it("cannot clobber the page's ids, and points in-page links at the sections", () => {
    const container = html("# root\n\n[see](#root) [user](#user-content-x)");
    expect(container.querySelector("h1")?.id).toBe("guideline-root");
    const links = [...container.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links[0]).toBe("#guideline-root");
    expect(container.querySelector("[name]")).toBeNull();
  });

  it("highlights search hits in text only", () => {
    const container = html("# Person\n\nA person is a [person](https://p.example).", "person");
    const hits = [...container.querySelectorAll("mark.search-hit")].map((m) => m.textContent);
    expect(hits).toEqual(["Person", "person", "person"]);
    expect(container.querySelector("a")?.getAttribute("href")).toBe("https://p.example");
    // the heading keeps the id of its whole text
    expect(container.querySelector("h1")?.id).toBe(sectionDomId("person"));
  });
});
