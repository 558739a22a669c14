/**
 * The guideline on the labeling page: a panel beside the item (toggled by a button and a key),
 * searchable, and a card with a label's definition and examples, shown when the pointer rests on
 * a label in a widget or, for every label of the active control, with a key.
 */
import { useEffect, useRef, useState } from "react";
import type { PublishedGuideline } from "../api/guidelines";
import type { ProjectSchema } from "../api/types";
import { Text } from "../render";
import { Markdown, sectionDomId } from "../render/markdown";
import { ExampleSummary } from "./ExampleCard";
import { GuidelineDocument } from "./GuidelineDocument";
import type { Definition } from "./sections";
import "./guideline.css";

export function GuidelinePanel({
  guideline,
  schema,
  focus,
  onClose,
}: {
  guideline: PublishedGuideline;
  schema: ProjectSchema;
  /** A section to scroll to (changes when a definition card's link is followed). */
  focus: { anchor: string } | null;
  onClose: () => void;
}) {
  const [query, setQuery] = useState("");
  useEffect(() => {
    if (!focus) return;
    setQuery("");
    window.setTimeout(() => document.getElementById(sectionDomId(focus.anchor))?.scrollIntoView(), 0);
  }, [focus]);
  return (
    <aside className="guideline-panel" aria-label="Guideline">
      <header>
        <h2>Guideline {guideline.version.name}</h2>
        <button type="button" onClick={onClose} aria-label="Close the guideline">
          ×
        </button>
      </header>
      <input
        type="search"
        className="guideline-search"
        placeholder="Search the guideline"
        aria-label="Search the guideline"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") (e.target as HTMLElement).blur();
        }}
      />
      <GuidelineDocument
        markdown={guideline.markdown}
        sections={guideline.sections}
        examples={guideline.examples}
        schema={schema}
        query={query}
      />
    </aside>
  );
}

export interface DefinitionRequest {
  control: string;
  definitions: Definition[];
  /** Where to show the card: beside this rectangle (a hovered label), else at the top right. */
  rect: { left: number; top: number; bottom: number } | null;
}

export function DefinitionCard({
  request,
  onOpenSection,
  onHoverChange,
  onClose,
}: {
  request: DefinitionRequest;
  onOpenSection: (anchor: string) => void;
  onHoverChange: (inside: boolean) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const style = request.rect
    ? {
        left: Math.max(8, Math.min(request.rect.left, window.innerWidth - 460)),
        top: request.rect.bottom + 6,
      }
    : { right: 16, top: 64 };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div
      ref={ref}
      className="definition-card"
      role="dialog"
      aria-label={`Guideline for ${request.control}`}
      style={style}
      onMouseEnter={() => onHoverChange(true)}
      onMouseLeave={() => onHoverChange(false)}
    >
      {request.definitions.length === 0 && (
        <p className="hint">
          The guideline says nothing about the labels of <Text value={request.control} /> yet.
        </p>
      )}
      {request.definitions.map((d) => (
        <section key={d.label} className="definition" data-definition={d.label}>
          <h3>
            <Text value={d.label} />
          </h3>
          {d.markdown && <Markdown markdown={d.markdown} headingIds={false} />}
          {d.examples.length > 0 && (
            <ul aria-label="Examples">
              {d.examples.map((e) => (
                <ExampleSummary key={e.item_id} example={e} control={request.control} />
              ))}
            </ul>
          )}
          {d.section && (
            <button type="button" className="link" onClick={() => onOpenSection(d.section!.anchor)}>
              Open “<Text value={d.section.title} />” in the guideline
            </button>
          )}
        </section>
      ))}
    </div>
  );
}
