/**
 * Where the labeling page puts things: the schema's `layout` (rows of fields shown side by side:
 * an image beside its caption, an audio clip above its transcript) and each field's controls
 * grouped with it, so a multimodal item reads as one page. Pure, so placement is tested alone.
 */
import type { AnyControl, ProjectSchema } from "../api/types";

export interface FieldPlace<C extends { field: string } = AnyControl> {
  field: string;
  /** The field's controls, in schema order. */
  controls: C[];
}

/**
 * The rows of field names: the schema's layout, then every field it leaves out in a row of its
 * own; without a layout, one row per field in schema order. Names the schema does not have (a
 * layout the server would refuse) are dropped rather than drawn empty.
 */
export function layoutRows(schema: Pick<ProjectSchema, "fields" | "layout">): string[][] {
  const fields = Object.keys(schema.fields);
  const placed = new Set<string>();
  const rows: string[][] = [];
  for (const row of schema.layout ?? []) {
    const kept = row.filter((name) => fields.includes(name) && !placed.has(name));
    kept.forEach((name) => placed.add(name));
    if (kept.length > 0) rows.push(kept);
  }
  for (const name of fields) if (!placed.has(name)) rows.push([name]);
  return rows;
}

/** Each row's fields with their controls. */
export function placeControls<C extends { field: string }>(
  schema: Pick<ProjectSchema, "fields" | "layout">,
  controls: readonly C[],
): FieldPlace<C>[][] {
  return layoutRows(schema).map((row) =>
    row.map((field) => ({ field, controls: controls.filter((c) => c.field === field) })),
  );
}

/** The controls in the order they are shown (row by row, field by field): the Tab order. */
export function shownOrder<C extends { field: string }>(
  schema: Pick<ProjectSchema, "fields" | "layout">,
  controls: readonly C[],
): C[] {
  return placeControls(schema, controls).flatMap((row) => row.flatMap((place) => place.controls));
}
