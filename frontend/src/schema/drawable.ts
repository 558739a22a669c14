/**
 * Which controls of a schema this UI cannot draw, and why: no widget for the control's type, a
 * widget that draws on other media than the control's field, or no surface for that media. The
 * server accepts such a schema (its control types are registered there); the schema editor warns
 * by control name, and the labeling page refuses to label it.
 */
import type { AnyControl, FieldKind } from "../api/types";
import { layerFor, widgetFor } from "../labeling/registry";
import { surfaceFor } from "../labeling/surfaces";

const MEDIA_KINDS: readonly FieldKind[] = ["image", "audio", "video"];

export interface Undrawable {
  control: string;
  type: string;
  reason: string;
}

export function undrawableControls(schema: {
  fields: Record<string, FieldKind>;
  controls: readonly AnyControl[];
}): Undrawable[] {
  const found: Undrawable[] = [];
  for (const control of schema.controls) {
    const kind = schema.fields[control.field];
    const def = widgetFor(control);
    const problem = (reason: string) => found.push({ control: control.name, type: control.type, reason });
    if (def === undefined) {
      problem(`this UI has no widget for ${control.type} controls yet`);
    } else if (!MEDIA_KINDS.includes(kind) || def.surface === undefined) {
      continue; // drawn beside the data or in place of its text
    } else if (layerFor(control, kind) === undefined) {
      problem(`the ${control.type} widget cannot draw on a ${kind} field`);
    } else if (surfaceFor(kind) === undefined) {
      problem(`this UI cannot show ${kind} fields yet`);
    }
  }
  return found;
}
