/** `text`: free text up to `max_length`. Value: string. */
import { diffWords } from "diff";
import { useEffect, useRef } from "react";
import type { TextControl } from "../api/types";
import type { WidgetDef, WidgetProps } from "./types";

export interface TextDiffPart {
  /** "same": in both; "yours": only in your answer; "reference": only in the reference. */
  kind: "same" | "yours" | "reference";
  text: string;
}

/** Word-level diff of your text against the reference (the `diff` package's `diffWords`, which
 * keeps whitespace with the words it follows, so the parts join back to either side). */
export function textDiff(value: string, reference: string): TextDiffPart[] {
  return diffWords(value, reference).map((c) => ({
    kind: c.added ? "reference" : c.removed ? "yours" : "same",
    text: c.value,
  }));
}

function TextDiff({ value, reference }: { value: string; reference: string }) {
  const parts = textDiff(value, reference);
  return (
    <div className="text-diff">
      <div className="text-block diff-text" data-testid="text-diff">
        {parts.map((p, i) =>
          p.kind === "same" ? (
            <span key={i}>{p.text}</span>
          ) : p.kind === "yours" ? (
            <del key={i} className="diff-yours" title="only in your answer">
              {p.text}
            </del>
          ) : (
            <ins key={i} className="diff-reference" title="only in the reference">
              {p.text}
            </ins>
          ),
        )}
      </div>
      <p className="diff-legend hint">
        <del className="diff-yours">struck through</del>: only in your answer ·{" "}
        <ins className="diff-reference">double underline</ins>: only in the reference
        {value === reference ? " — identical" : ""}
      </p>
    </div>
  );
}

function TextWidget({
  control,
  value,
  onChange,
  active,
  activate,
  readOnly,
  reference,
}: WidgetProps<TextControl, string>) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (active && !readOnly && document.activeElement !== ref.current) ref.current?.focus();
  }, [active, readOnly]);
  if (reference) return <TextDiff value={value ?? ""} reference={reference.value ?? ""} />;
  const max = control.max_length ?? undefined;
  const length = Array.from(value ?? "").length;
  return (
    <div className="free-text">
      <textarea
        ref={ref}
        aria-label={control.name}
        value={value ?? ""}
        maxLength={max}
        rows={3}
        readOnly={readOnly}
        onFocus={readOnly ? undefined : activate}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value, control.name)}
      />
      {max !== undefined && !readOnly && (
        <div className="hint">
          {length} / {max}
        </div>
      )}
    </div>
  );
}

export const textWidget: WidgetDef<TextControl, string> = {
  Component: TextWidget,
  placement: "side",
  labels: () => [],
  takesFocus: true,
};
