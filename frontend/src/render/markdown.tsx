/**
 * Guideline Markdown, rendered sanitised. Part of the render module (the only place untrusted
 * text becomes markup): react-markdown builds React elements (never innerHTML), raw HTML in the
 * Markdown is not parsed (no rehype-raw: it shows as text), rehype-sanitize keeps only GitHub's
 * safe elements and attributes (no `on*` handlers, no `style`, `href`/`src` only http(s),
 * mailto and relative), and react-markdown's URL filter drops `javascript:`, `vbscript:` and
 * `data:` URLs before that.
 *
 * Headings get ids from the GitHub-style anchor of their text (github-slugger, the same anchors
 * the server computes: slugCases.json holds the cases both sides test). The DOM id is the anchor
 * behind a prefix (`sectionDomId`), so a heading named "root" cannot clobber the page's own
 * ids; in-page links `#anchor` are rewritten to the prefixed id.
 */
import GithubSlugger from "github-slugger";
import type { ReactNode } from "react";
import ReactMarkdown, { defaultUrlTransform } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

export const SECTION_ID_PREFIX = "guideline-";

export function sectionDomId(anchor: string): string {
  return SECTION_ID_PREFIX + anchor;
}

/** github-slugger's anchors for headings in document order (what the server computes). */
export function anchorsOf(headings: readonly string[]): string[] {
  const slugger = new GithubSlugger();
  return headings.map((h) => slugger.slug(h));
}

// A minimal hast shape: what the plugins below read and write.
interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** Ids on headings (after sanitising, so the sanitiser's own id prefix does not apply), and
 * in-page links pointed at them. */
function rehypeSectionIds() {
  return (tree: HastNode) => {
    const slugger = new GithubSlugger();
    const walk = (node: HastNode) => {
      if (node.type === "element" && node.tagName && HEADINGS.has(node.tagName)) {
        const anchor = slugger.slug(textOf(node));
        node.properties = { ...node.properties, id: sectionDomId(anchor), dataAnchor: anchor };
      }
      if (node.type === "element" && node.tagName === "a") {
        const href = node.properties?.href;
        if (typeof href === "string" && href.startsWith("#") && !href.startsWith(`#${SECTION_ID_PREFIX}`)) {
          node.properties = { ...node.properties, href: `#${sectionDomId(decodeHash(href.slice(1)))}` };
        }
      }
      node.children?.forEach(walk);
    };
    walk(tree);
  };
}

function decodeHash(hash: string): string {
  try {
    return decodeURIComponent(hash);
  } catch {
    return hash;
  }
}

/** Wrap every case-insensitive match of `query` in text nodes in <mark>. */
function rehypeHighlight(query: string) {
  const needle = query.toLowerCase();
  return () => (tree: HastNode) => {
    if (!needle) return;
    const walk = (node: HastNode) => {
      if (!node.children) return;
      const out: HastNode[] = [];
      for (const child of node.children) {
        if (child.type !== "text" || !child.value) {
          walk(child);
          out.push(child);
          continue;
        }
        const text = child.value;
        const lower = text.toLowerCase();
        let from = 0;
        for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
          if (at > from) out.push({ type: "text", value: text.slice(from, at) });
          out.push({
            type: "element",
            tagName: "mark",
            properties: { className: ["search-hit"] },
            children: [{ type: "text", value: text.slice(at, at + needle.length) }],
          });
          from = at + needle.length;
        }
        if (from < text.length) out.push({ type: "text", value: text.slice(from) });
      }
      node.children = out;
    };
    walk(tree);
  };
}

/** Only http(s), mailto, relative and in-page URLs; everything else (javascript:, data:,
 * vbscript:, file: …) becomes empty. Applied before the sanitiser, which checks again. */
export function safeMarkdownUrl(url: string): string {
  const kept = defaultUrlTransform(url);
  if (!kept) return "";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(kept.trim());
  if (scheme && !["http", "https", "mailto"].includes(scheme[1].toLowerCase())) return "";
  return kept;
}

export function Markdown({
  markdown,
  highlight,
  className,
}: {
  markdown: string;
  /** Text to mark wherever it occurs (search). */
  highlight?: string;
  className?: string;
}): ReactNode {
  const rehypePlugins = [
    rehypeSanitize,
    rehypeSectionIds,
    ...(highlight ? [rehypeHighlight(highlight)] : []),
  ];
  return (
    <div className={`markdown ${className ?? ""}`}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={rehypePlugins as never}
        urlTransform={safeMarkdownUrl}
        skipHtml
      >
        {markdown}
      </ReactMarkdown>
    </div>
  );
}
