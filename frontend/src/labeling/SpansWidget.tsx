/**
 * `spans`: labeled ranges of a text field. Select text with the mouse, or move the keyboard caret
 * (see caret.ts), then press a label key. Value: [{id, start, end, label, text}] in code points
 * (the server's string offsets), end exclusive. Left with no span, the answer is `[]` ("no
 * entities"), never a missing key. The spans are listed, selected, hidden, locked, relabeled and
 * deleted in the shell's region list; a hidden span is not drawn, the selected one is marked.
 */
import { useEffect, useRef, useState } from "react";
import type { SpansControl } from "../api/types";
import { HighlightedText, Text, truncate, type Decoration, type Mark } from "../render";
import { CARET_KEYS, caretAt, caretRange, collapse, initialCaret, moveCaret, type Caret } from "./caret";
import { newRegionId } from "./regionIds";
import { displayKey } from "./shortcuts";
import { codePointToUtf16, offsetWithin, utf16ToCodePoint, type Utf16Range } from "./spanOffsets";
import { SPAN_DIFF_TEXT, describeSpanDiff, spansDiff, type SpanDiffKind } from "./spansDiff";
import type { LabelOutcome, WidgetDef, WidgetProps } from "./types";

export interface Span {
  /** Given when the span is made (`newRegionId`), or by the server for older answers. */
  id?: string;
  start: number;
  end: number;
  label: string;
  /** The covered text, for people reading exports; the server checks it matches. */
  text?: string;
}

export function fieldText(data: Record<string, unknown>, field: string): string {
  const v = data[field];
  return typeof v === "string" ? v : v === null || v === undefined ? "" : String(v);
}

/** Add the span for a UTF-16 selection of `text`, keeping spans sorted; duplicates are no-ops. */
export function addSpan(
  spans: readonly Span[] | undefined,
  text: string,
  selection: Utf16Range,
  label: string,
): Span[] {
  const start = utf16ToCodePoint(text, selection.start);
  const end = utf16ToCodePoint(text, selection.end);
  const span: Span = {
    id: newRegionId(),
    start,
    end,
    label,
    text: text.slice(selection.start, selection.end),
  };
  const current = spans ?? [];
  if (current.some((s) => s.start === span.start && s.end === span.end && s.label === span.label)) {
    return [...current];
  }
  return [...current, span].sort((a, b) => a.start - b.start || a.end - b.end);
}

export function labelSelection(
  control: SpansControl,
  value: Span[] | undefined,
  label: string,
  text: string,
  selection: Utf16Range | null,
): LabelOutcome<Span[]> {
  if (!selection) return { error: `Select some text first, then press the key for “${label}”.` };
  if (!control.labels.includes(label)) return { error: `Unknown label “${label}”.` };
  return { value: addSpan(value, text, selection, label) };
}

function SpansWidget({
  control,
  value,
  data,
  active,
  keys,
  activate,
  textRootRef,
  setKeyHandler,
  provideSelection,
  readOnly,
  reference,
  regions,
}: WidgetProps<SpansControl, Span[]>) {
  const text = fieldText(data, control.field);
  if (reference) return <SpansDiff control={control} text={text} value={value} reference={reference.value} />;
  const spans = value ?? [];
  const [caret, setCaret] = useState<Caret | null>(() => initialCaret(text));
  const root = useRef<HTMLElement | null>(null);
  const keyOf = new Map([...keys].map(([k, label]) => [label, k]));
  const colour = (label: string) => `lbl lbl-${Math.max(0, control.labels.indexOf(label)) % 10}`;

  // A new item's text: the caret starts again on its first word.
  useEffect(() => setCaret(initialCaret(text)), [text]);
  // Once a label is applied (or undone), the selection shrinks back to the caret's word.
  useEffect(() => setCaret((c) => (c ? collapse(c) : c)), [value]);

  useEffect(() => {
    if (!active) return;
    provideSelection(() => (caret ? caretRange(caret) : null));
    setKeyHandler((key) => {
      const move = CARET_KEYS[key];
      if (move && caret) {
        setCaret(moveCaret(text, caret, move.direction, move.granularity, move.extend));
        return true;
      }
      if (key === "Escape" && caret) {
        setCaret(collapse(caret));
        return true;
      }
      return false;
    });
    return () => {
      setKeyHandler(null);
      provideSelection(null);
    };
  });

  // Keep the caret on screen in long texts.
  useEffect(() => {
    if (active) root.current?.querySelector(".caret")?.scrollIntoView?.({ block: "nearest" });
  }, [active, caret]);

  const marks: Mark[] = spans
    .filter((s) => !(s.id && regions?.hidden.has(s.id)))
    .map((s, i) => ({
      id: s.id ?? `#${i}`,
      start: codePointToUtf16(text, s.start),
      end: codePointToUtf16(text, s.end),
      label: s.label,
      className: `${colour(s.label)}${s.id && regions?.locked.has(s.id) ? " region-locked" : ""}`,
      selected: s.id !== undefined && s.id === regions?.selected,
    }));
  const range = caret ? caretRange(caret) : null;
  const decorations: Decoration[] =
    active && !readOnly && caret && range
      ? [
          { ...range, className: "caret-selection" },
          { ...caret.focus, className: "caret" },
        ]
      : [];

  return (
    <div
      className={`spans${readOnly ? " read-only" : ""}`}
      onMouseUp={() => {
        if (readOnly) return;
        activate();
        // A click (no selection) puts the caret on the clicked word.
        const sel = window.getSelection();
        if (root.current && sel && sel.isCollapsed && sel.focusNode && root.current.contains(sel.focusNode)) {
          setCaret(caretAt(text, offsetWithin(root.current, sel.focusNode, sel.focusOffset)));
        }
      }}
    >
      <div className="span-legend" aria-label={`${control.name} labels`}>
        {control.labels.map((label) => (
          <span key={label} className={`legend-item ${colour(label)}`} data-label={label}>
            {keyOf.get(label) && <kbd>{displayKey(keyOf.get(label)!)}</kbd>}
            <Text value={label} />
          </span>
        ))}
      </div>
      <div
        ref={(el) => {
          root.current = el;
          textRootRef(el);
        }}
        className="span-text"
      >
        <HighlightedText
          text={text}
          marks={marks}
          decorations={decorations}
          onMarkClick={
            readOnly
              ? undefined
              : (id) => {
                  activate();
                  if (!id.startsWith("#")) regions?.select(id);
                }
          }
        />
      </div>
      {active && !readOnly && range && (
        <p className="caret-status hint" aria-live="polite" data-testid="caret-selection">
          Selected: “<Text value={truncate(text.slice(range.start, range.end), 80)} />” — ←/→ word, Shift
          extends, Ctrl by character, a label key labels it
        </p>
      )}
    </div>
  );
}

const DIFF_KINDS: SpanDiffKind[] = ["correct", "wrong_label", "partial", "extra", "missed"];

/** The spans widget's diff drawing: your spans and the missed reference spans over the text,
 * each kind with its own line style and mark, a legend, and the same as a list in words. */
function SpansDiff({
  control,
  text,
  value,
  reference,
}: {
  control: SpansControl;
  text: string;
  value: Span[] | undefined;
  reference: Span[] | undefined;
}) {
  const entries = spansDiff(value, reference);
  const utf16 = (s: Span) => ({ start: codePointToUtf16(text, s.start), end: codePointToUtf16(text, s.end) });
  const excerpt = (s: Span) => {
    const r = utf16(s);
    return truncate(text.slice(r.start, r.end), 60);
  };
  const marks: Mark[] = entries.map((e, i) => ({
    id: String(i),
    ...utf16(e.span),
    label:
      e.kind === "wrong_label"
        ? `${SPAN_DIFF_TEXT[e.kind].mark} ${e.span.label}→${e.reference!.label}`
        : `${SPAN_DIFF_TEXT[e.kind].mark} ${e.span.label}`,
    className: `diff-span diff-${e.kind}`,
  }));
  const present = new Set(entries.map((e) => e.kind));
  return (
    <div className="spans diff read-only">
      <div className="span-legend diff-legend" aria-label={`${control.name}: what the marks mean`}>
        {DIFF_KINDS.map((kind) => (
          <span
            key={kind}
            className={`legend-item diff-span diff-${kind}${present.has(kind) ? "" : " absent"}`}
          >
            {SPAN_DIFF_TEXT[kind].mark} {SPAN_DIFF_TEXT[kind].name} ({SPAN_DIFF_TEXT[kind].drawn})
          </span>
        ))}
      </div>
      <div className="span-text">
        <HighlightedText text={text} marks={marks} />
      </div>
      {entries.length === 0 ? (
        <p className="hint">No spans, in your answer or the reference.</p>
      ) : (
        <ul className="span-list diff-list">
          {entries.map((e, i) => (
            <li key={i} data-kind={e.kind}>
              <span className={`chip diff-span diff-${e.kind}`}>{SPAN_DIFF_TEXT[e.kind].mark}</span>{" "}
              <Text value={describeSpanDiff(e, excerpt)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const spansWidget: WidgetDef<SpansControl, Span[]> = {
  Component: SpansWidget,
  placement: "content",
  labels: (c) => c.labels,
  applyLabel: (c, value, label, ctx) =>
    labelSelection(c, value, label, fieldText(ctx.data, c.field), ctx.selection),
  emptyAnswer: () => [],
  describeRegion: (c, span, data) => {
    const text = fieldText(data, c.field);
    return `“${text.slice(codePointToUtf16(text, span.start), codePointToUtf16(text, span.end))}”`;
  },
};
