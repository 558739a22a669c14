/**
 * The shell's view of region controls (spans, boxes, polygons, masks, keypoints, segments,
 * tracks): which values are lists of regions, the edits the region list makes to them (pure, so
 * they go through `onChange` and undo like any edit), a short description of a region, and the
 * per-control selection / hiding / locking the shell keeps for the current item.
 */
import { useCallback, useEffect, useState } from "react";
import { REGION_KEYS, type RegionKeyAction } from "./shortcuts";
import type { RegionState } from "./types";

/** What every region has, whatever its shape (the server's `Region`). */
export interface Region {
  id: string;
  label: string;
  [key: string]: unknown;
}

export function isRegion(x: unknown): x is Region {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const r = x as Record<string, unknown>;
  return typeof r.id === "string" && typeof r.label === "string";
}

/** The regions of a value that is a non-empty list of regions, else null. */
export function regionsOf(value: unknown): Region[] | null {
  return Array.isArray(value) && value.length > 0 && value.every(isRegion) ? value : null;
}

/** The list with one region's label changed. */
export function relabelRegion(regions: readonly Region[], id: string, label: string): Region[] {
  return regions.map((r) => (r.id === id ? { ...r, label } : r));
}

/** The list without one region; no region left is no answer yet (the submission fills in `[]`). */
export function deleteRegion(regions: readonly Region[], id: string): Region[] | undefined {
  const next = regions.filter((r) => r.id !== id);
  return next.length > 0 ? next : undefined;
}

/** The id `delta` steps from `current` in `ids`, wrapping; the first (or last) when none is. */
export function cycleRegion(ids: readonly string[], current: string | null, delta: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return delta > 0 ? ids[0] : ids[ids.length - 1];
  return ids[(at + delta + ids.length) % ids.length];
}

const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const round = (x: number) => String(Math.round(x));
const seconds = (x: number) => `${x.toFixed(2)} s`;

/**
 * A short description of a region from its shape, for widgets that give no `describeRegion`:
 * its text, a box's size, a time range, a count of points or frames.
 */
export function describeRegionShape(region: Region): string {
  if (typeof region.text === "string") return `“${region.text}”`;
  if (num(region.width) && num(region.height)) {
    return `${round(region.width)}×${round(region.height)} at (${round(num(region.x) ? region.x : 0)}, ${round(num(region.y) ? region.y : 0)})`;
  }
  if (num(region.start) && num(region.end)) return `${seconds(region.start)} – ${seconds(region.end)}`;
  if (Array.isArray(region.frames) && region.frames.length > 0) {
    const frames = region.frames.map((f) => (f as { frame?: unknown }).frame).filter(num);
    return frames.length > 0
      ? `frames ${Math.min(...frames)}–${Math.max(...frames)} (${frames.length} keyframes)`
      : `${region.frames.length} keyframes`;
  }
  if (Array.isArray(region.points)) return `${region.points.length} points`;
  const size = (region.rle as { size?: unknown } | undefined)?.size;
  if (Array.isArray(size) && size.length === 2) return `mask of ${size[1]}×${size[0]}`;
  return "";
}

interface Flags {
  selected: string | null;
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
}

const NO_FLAGS: Flags = { selected: null, hidden: new Set(), locked: new Set() };

function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

export interface RegionFlags {
  /** The state one control's widget gets as its `regions` prop. */
  stateOf: (control: string) => RegionState;
  toggleHidden: (control: string, id: string) => void;
  toggleLocked: (control: string, id: string) => void;
}

/**
 * Which region of each control is selected, hidden or locked: UI state, not part of the answer
 * (no undo), started afresh for each item.
 */
export function useRegionFlags(itemKey: string): RegionFlags {
  const [flags, setFlags] = useState<Record<string, Flags>>({});
  useEffect(() => setFlags({}), [itemKey]);
  const update = useCallback(
    (control: string, change: (f: Flags) => Flags) =>
      setFlags((all) => ({ ...all, [control]: change(all[control] ?? NO_FLAGS) })),
    [],
  );
  const stateOf = (control: string): RegionState => {
    const f = flags[control] ?? NO_FLAGS;
    return { ...f, select: (id) => update(control, (g) => ({ ...g, selected: id })) };
  };
  return {
    stateOf,
    toggleHidden: (control, id) => update(control, (f) => ({ ...f, hidden: toggled(f.hidden, id) })),
    toggleLocked: (control, id) => update(control, (f) => ({ ...f, locked: toggled(f.locked, id) })),
  };
}

/**
 * A region key on the active control's regions (REGION_KEYS); false when it does not apply, so the
 * key goes on. Deleting goes through `onChange`, so it undoes.
 */
export function applyRegionKey(
  key: string,
  control: string,
  value: unknown,
  flags: RegionFlags,
  onChange: (control: string, value: unknown) => void,
  notify: (message: string) => void,
): boolean {
  const does = (REGION_KEYS as Record<string, { does: RegionKeyAction }>)[key]?.does;
  const regions = regionsOf(value);
  if (!does || !regions) return false;
  const state = flags.stateOf(control);
  const selected = regions.some((r) => r.id === state.selected) ? state.selected : null;
  if (does === "next" || does === "previous") {
    const ids = regions.map((r) => r.id);
    state.select(cycleRegion(ids, selected, does === "next" ? 1 : -1));
    return true;
  }
  if (selected === null) return false;
  if (does === "hide") flags.toggleHidden(control, selected);
  else if (does === "lock") flags.toggleLocked(control, selected);
  else if (state.locked.has(selected)) notify("This region is locked: unlock it to delete it.");
  else {
    state.select(null);
    onChange(control, deleteRegion(regions, selected));
  }
  return true;
}
