/** `text`: free text up to `max_length`. Value: string. */
import { useEffect, useRef } from "react";
import type { TextControl } from "../api/types";
import type { WidgetDef, WidgetProps } from "./types";

function TextWidget({ control, value, onChange, active, activate }: WidgetProps<TextControl, string>) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (active && document.activeElement !== ref.current) ref.current?.focus();
  }, [active]);
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
        onFocus={activate}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value, control.name)}
      />
      {max !== undefined && (
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
