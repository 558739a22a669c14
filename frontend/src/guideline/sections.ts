/**
 * A guideline cut into its sections (by the server's line ranges, so a `#` in a code block is
 * never a cut), the search over them, and a label's definition: the section whose heading is the
 * label's name, or else the section its examples are attached to.
 */
import type { GuidelineExample, GuidelineSection } from "../api/guidelines";
import { anchorsOf } from "../render/markdown";

export interface Chunk {
  /** "" for the text before the first heading. */
  anchor: string;
  title: string;
  depth: number;
  /** The section's own Markdown: its heading up to the next heading of any depth. */
  markdown: string;
}

function lines(markdown: string): string[] {
  return markdown.split(/\r\n|\r|\n/);
}

/** The document as consecutive chunks, one per heading (and the preamble, if any). */
export function chunks(markdown: string, sections: readonly GuidelineSection[]): Chunk[] {
  const all = lines(markdown);
  const out: Chunk[] = [];
  const first = sections.length > 0 ? sections[0].line : all.length;
  const preamble = all.slice(0, first).join("\n");
  if (preamble.trim()) out.push({ anchor: "", title: "", depth: 0, markdown: preamble });
  sections.forEach((s, i) => {
    const end = i + 1 < sections.length ? sections[i + 1].line : all.length;
    out.push({
      anchor: s.anchor,
      title: s.title,
      depth: s.depth,
      markdown: all.slice(s.line, end).join("\n"),
    });
  });
  return out;
}

/** A section with its subsections, as Markdown. */
export function sectionMarkdown(markdown: string, section: GuidelineSection): string {
  return lines(markdown).slice(section.line, section.end_line).join("\n");
}

/** Chunks whose text (or whose examples' explanations) contain the query, case-insensitively;
 * all of them for an empty query. */
export function searchChunks(
  list: readonly Chunk[],
  query: string,
  examples: readonly GuidelineExample[] = [],
): Chunk[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...list];
  return list.filter(
    (c) =>
      c.markdown.toLowerCase().includes(q) ||
      examples.some((e) => e.section === c.anchor && e.explanation.toLowerCase().includes(q)),
  );
}

export interface Definition {
  label: string;
  section: GuidelineSection | null;
  markdown: string;
  examples: GuidelineExample[];
}

/**
 * What the guideline says about one label of a control: the section titled like the label
 * (same anchor, so case and punctuation do not matter), else the section of an example attached
 * to that label; and every example attached to the label. Null when the guideline says nothing.
 */
export function definitionOf(
  guideline: {
    markdown: string;
    sections: readonly GuidelineSection[];
    examples: readonly GuidelineExample[];
  },
  control: string,
  label: string,
): Definition | null {
  const examples = guideline.examples.filter((e) => e.control === control && e.label === label);
  const wanted = anchorsOf([label])[0];
  const byTitle = guideline.sections.find((s) => anchorsOf([s.title])[0] === wanted);
  const section =
    byTitle ?? guideline.sections.find((s) => examples.some((e) => e.section === s.anchor)) ?? null;
  if (!section && examples.length === 0) return null;
  return {
    label,
    section,
    markdown: section ? sectionMarkdown(guideline.markdown, section) : "",
    examples,
  };
}
