/** A guideline as annotators read it: its sections in order, each followed by its examples;
 * a search filters the sections and marks the hits. */
import type { GuidelineExample, GuidelineSection } from "../api/guidelines";
import type { ProjectSchema } from "../api/types";
import { Markdown } from "../render/markdown";
import { ExampleCard } from "./ExampleCard";
import { chunks, searchChunks } from "./sections";

export function GuidelineDocument({
  markdown,
  sections,
  examples,
  schema,
  query = "",
}: {
  markdown: string;
  sections: readonly GuidelineSection[];
  examples: readonly GuidelineExample[];
  schema: ProjectSchema;
  query?: string;
}) {
  const all = chunks(markdown, sections);
  const shown = searchChunks(all, query, examples);
  const anchors = new Set(sections.map((s) => s.anchor));
  const orphans = examples.filter((e) => !anchors.has(e.section));
  return (
    <div className="guideline-document">
      {shown.length === 0 && <p className="hint">No section mentions “{query}”.</p>}
      {shown.map((c) => (
        <section key={c.anchor || "preamble"} className="guideline-section" data-section={c.anchor}>
          <Markdown
            markdown={c.markdown}
            highlight={query.trim() || undefined}
            anchors={c.anchor ? [c.anchor] : []}
          />
          {examples
            .filter((e) => e.section === c.anchor)
            .map((e) => (
              <ExampleCard key={e.item_id} example={e} schema={schema} />
            ))}
        </section>
      ))}
      {!query.trim() && orphans.length > 0 && (
        <section className="guideline-section">
          <h2>Other examples</h2>
          {orphans.map((e) => (
            <ExampleCard key={e.item_id} example={e} schema={schema} />
          ))}
        </section>
      )}
    </div>
  );
}
