/**
 * A schema edit that changes stored annotations: the server answers 409
 * `schema_change_affects_annotations` with what each change affects; the schema tab shows it, lets
 * the manager turn a removal into a rename (answers then move to the new name), and confirms.
 */
import type { AnyControl, ProjectSchema, SchemaChangeEffect } from "../api/types";

export interface Renames {
  /** Old control name → new control name. */
  controls: Record<string, string>;
  /** Per control (its new name): old option/label → new one. */
  options: Record<string, Record<string, string>>;
}

export const NO_RENAMES: Renames = { controls: {}, options: {} };

/** The fixed names a control's answers are made of: options, labels or ranked items. */
export function vocabulary(control: AnyControl): string[] {
  if (control.type === "choices") return control.options;
  if (control.type === "ranking") return control.items;
  if ("labels" in control) return control.labels;
  return [];
}

export function describeEffect(e: SchemaChangeEffect): string {
  switch (e.change) {
    case "control_removed":
      return `Control “${e.control}” removed: its answers are deleted`;
    case "control_renamed":
      return `Control “${e.control}” renamed to “${e.to}”: answers move along`;
    case "option_removed":
      return `“${e.option}” removed from “${e.control}”: it is deleted from answers`;
    case "option_renamed":
      return `“${e.option}” renamed to “${e.to}” in “${e.control}”: answers move along`;
    case "answer_unfit":
      return `Answers of “${e.control}” that no longer fit it (type, range or shape changed) are deleted`;
  }
}

function newName(renames: Renames, control: string): string {
  return renames.controls[control] ?? control;
}

/** What a removed (or renamed) control or option can be renamed to in the new schema. */
export function renameTargets(
  e: SchemaChangeEffect,
  before: ProjectSchema,
  after: ProjectSchema,
  renames: Renames,
): string[] {
  const old = before.controls.find((c) => c.name === e.control);
  if (!old) return [];
  if (e.change === "control_removed" || e.change === "control_renamed") {
    const oldNames = new Set(before.controls.map((c) => c.name));
    const taken = new Set(
      Object.entries(renames.controls)
        .filter(([o]) => o !== e.control)
        .map(([, n]) => n),
    );
    return after.controls
      .filter((c) => c.type === old.type && !oldNames.has(c.name) && !taken.has(c.name))
      .map((c) => c.name);
  }
  if (e.change === "option_removed" || e.change === "option_renamed") {
    const target = after.controls.find((c) => c.name === newName(renames, e.control));
    return target ? vocabulary(target).filter((name) => name !== e.option) : [];
  }
  return [];
}

/** The renames with this effect's control or option renamed to `to` (null: removed instead). */
export function withRename(renames: Renames, e: SchemaChangeEffect, to: string | null): Renames {
  if (e.change === "control_removed" || e.change === "control_renamed") {
    const controls = { ...renames.controls };
    if (to === null) delete controls[e.control];
    else controls[e.control] = to;
    return { ...renames, controls };
  }
  if ((e.change === "option_removed" || e.change === "option_renamed") && e.option !== null) {
    const control = newName(renames, e.control);
    const options = { ...(renames.options[control] ?? {}) };
    if (to === null) delete options[e.option];
    else options[e.option] = to;
    return { ...renames, options: { ...renames.options, [control]: options } };
  }
  return renames;
}

/** The PATCH fields that carry the renames. */
export function renamesBody(renames: Renames): {
  control_renames: Record<string, string>;
  renames: Record<string, Record<string, string>>;
} {
  const options = Object.fromEntries(
    Object.entries(renames.options).filter(([, m]) => Object.keys(m).length),
  );
  return { control_renames: renames.controls, renames: options };
}
