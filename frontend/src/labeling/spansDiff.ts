/**
 * A spans answer against a reference: each of your spans is correct, has the wrong label,
 * overlaps a reference span of its label only partly, or is extra; each reference span nobody
 * covered is missed. Offsets are the server's code points, like the spans themselves.
 */
import type { Span } from "./SpansWidget";

export type SpanDiffKind = "correct" | "wrong_label" | "partial" | "extra" | "missed";

export interface SpanDiffEntry {
  kind: SpanDiffKind;
  /** Your span; for "missed", the reference span. */
  span: Span;
  /** The reference span it was matched with (wrong label, partial). */
  reference?: Span;
}

/** Words for each kind, and the mark drawn for it (not only a colour: see answer.css). */
export const SPAN_DIFF_TEXT: Record<SpanDiffKind, { name: string; mark: string; drawn: string }> = {
  correct: { name: "Correct", mark: "✓", drawn: "solid underline" },
  wrong_label: { name: "Wrong label", mark: "≠", drawn: "wavy underline" },
  partial: { name: "Partial overlap", mark: "≈", drawn: "dotted underline" },
  extra: { name: "Extra", mark: "+", drawn: "struck through" },
  missed: { name: "Missed", mark: "−", drawn: "dashed box" },
};

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const sameRange = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

export function spansDiff(
  yours: readonly Span[] | undefined,
  reference: readonly Span[] | undefined,
): SpanDiffEntry[] {
  const refs = reference ?? [];
  const covered = new Set<number>();
  const out: SpanDiffEntry[] = [];
  const find = (pred: (r: Span) => boolean) => {
    const i = refs.findIndex(pred);
    if (i >= 0) covered.add(i);
    return i >= 0 ? refs[i] : undefined;
  };
  for (const span of yours ?? []) {
    const exact = find((r) => sameRange(r, span) && r.label === span.label);
    if (exact) {
      out.push({ kind: "correct", span, reference: exact });
      continue;
    }
    const relabelled = find((r) => sameRange(r, span));
    if (relabelled) {
      out.push({ kind: "wrong_label", span, reference: relabelled });
      continue;
    }
    const partial = find((r) => overlaps(r, span) && r.label === span.label);
    if (partial) {
      out.push({ kind: "partial", span, reference: partial });
      continue;
    }
    const other = find((r) => overlaps(r, span));
    out.push(other ? { kind: "wrong_label", span, reference: other } : { kind: "extra", span });
  }
  refs.forEach((r, i) => {
    if (!covered.has(i)) out.push({ kind: "missed", span: r });
  });
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** One line saying what an entry is, for the list under the text (and screen readers). */
export function describeSpanDiff(e: SpanDiffEntry, text: (s: Span) => string): string {
  const quoted = (s: Span) => `“${text(s)}”`;
  switch (e.kind) {
    case "correct":
      return `Correct: ${e.span.label} ${quoted(e.span)}`;
    case "wrong_label":
      return sameRange(e.span, e.reference!)
        ? `Wrong label: ${quoted(e.span)} is ${e.reference!.label}, you marked ${e.span.label}`
        : `Wrong label: you marked ${quoted(e.span)} ${e.span.label}; the reference has ${e.reference!.label} ${quoted(e.reference!)}`;
    case "partial":
      return `Partial overlap: you marked ${e.span.label} ${quoted(e.span)}; the reference marks ${quoted(e.reference!)}`;
    case "extra":
      return `Extra: ${e.span.label} ${quoted(e.span)} is not in the reference`;
    case "missed":
      return `Missed: ${e.span.label} ${quoted(e.span)}`;
  }
}
