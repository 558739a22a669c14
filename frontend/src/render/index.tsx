/**
 * The only module allowed to turn untrusted text (item data, labels, project names, guideline
 * text) into markup. Everything here renders through React text nodes and attributes, which React
 * escapes; nothing here (or anywhere else) uses dangerouslySetInnerHTML. If Markdown is ever
 * rendered, it is sanitised here and nowhere else.
 */
import type { ReactNode } from "react";

/** Any untrusted value as display text: strings as they are, the rest as JSON. */
export function toDisplayString(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value, null, 2) ?? "";
  } catch {
    return String(value);
  }
}

/** Shorten for table cells, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

export function Text({ value, max }: { value: unknown; max?: number }): ReactNode {
  const s = toDisplayString(value);
  return max === undefined ? s : truncate(s, max);
}

/** A block of untrusted text, whitespace kept. */
export function TextBlock({ value, className }: { value: unknown; className?: string }) {
  return <div className={`text-block ${className ?? ""}`}>{toDisplayString(value)}</div>;
}

export interface Mark {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  /** Shown after the marked text through CSS `attr(data-label)`, so it is not selectable text. */
  label: string;
  className: string;
  selected?: boolean;
  id: string;
}

/** A range drawn over the text without a label (the keyboard caret and its selection). */
export interface Decoration {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  className: string;
}

interface Segment {
  start: number;
  end: number;
  marks: Mark[];
  /** Class names of the decorations covering the piece. */
  decorations: string[];
}

/** Cut the text at every mark and decoration boundary; each piece lists what covers it. */
export function segment(textLength: number, marks: Mark[], decorations: Decoration[] = []): Segment[] {
  const cuts = new Set<number>([0, textLength]);
  for (const m of [...marks, ...decorations]) {
    cuts.add(Math.max(0, Math.min(textLength, m.start)));
    cuts.add(Math.max(0, Math.min(textLength, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (end <= start) continue;
    const covers = (r: { start: number; end: number }) => r.start <= start && r.end >= end;
    out.push({
      start,
      end,
      marks: marks.filter(covers),
      decorations: decorations.filter(covers).map((d) => d.className),
    });
  }
  return out;
}

/**
 * Text with highlighted ranges. Every piece carries `data-offset` (its UTF-16 start) so a DOM
 * selection can be mapped back to offsets; the text content of the container is exactly `text`.
 */
export function HighlightedText({
  text,
  marks,
  decorations,
  onMarkClick,
  className,
}: {
  text: string;
  marks: Mark[];
  decorations?: Decoration[];
  onMarkClick?: (id: string) => void;
  className?: string;
}) {
  const segments = segment(text.length, marks, decorations);
  return (
    <div className={`text-block highlighted ${className ?? ""}`} data-text-root="">
      {segments.map((s) => {
        const piece = text.slice(s.start, s.end);
        const decorated = s.decorations.join(" ");
        if (s.marks.length === 0) {
          return (
            <span key={s.start} data-offset={s.start} className={decorated || undefined}>
              {piece}
            </span>
          );
        }
        // The innermost (shortest) mark decides the colour; all labels go in the tooltip.
        const top = [...s.marks].sort((a, b) => a.end - a.start - (b.end - b.start))[0];
        const endsHere = s.marks.filter((m) => m.end === s.end);
        return (
          <mark
            key={s.start}
            data-offset={s.start}
            className={`${top.className}${s.marks.some((m) => m.selected) ? " selected" : ""}${decorated ? ` ${decorated}` : ""}`}
            title={s.marks.map((m) => m.label).join(", ")}
            data-label={endsHere.map((m) => m.label).join(", ") || undefined}
            onClick={onMarkClick ? () => onMarkClick(top.id) : undefined}
          >
            {piece}
          </mark>
        );
      })}
    </div>
  );
}

/** Only same-origin media paths and http(s) URLs become `src`; anything else shows as text. */
export function safeMediaUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const v = value.trim();
  if (v.startsWith("/") && !v.startsWith("//")) return v;
  try {
    const u = new URL(v);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/** A data field by its kind: text and JSON as text, media through an element with a checked URL. */
export function FieldView({ kind, value }: { kind: string; value: unknown }) {
  const url = safeMediaUrl(value);
  if (kind === "image" && url) return <img className="field-media" src={url} alt="" />;
  if (kind === "audio" && url) return <audio className="field-media" src={url} controls />;
  if (kind === "video" && url) return <video className="field-media" src={url} controls />;
  return <TextBlock value={value} className={kind === "json" ? "mono" : undefined} />;
}
