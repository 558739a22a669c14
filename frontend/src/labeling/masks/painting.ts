/**
 * What a brush, eraser or polygon-fill gesture does to a masks answer, without any drawing:
 * which masks it paints into, the pixels it changes as the pointer moves, and the answer it
 * leaves when it ends. The layer (MaskLayer.tsx) turns pointer events into these calls and
 * redraws the rectangles they return; the tests drive them directly.
 *
 * A stroke paints into rasters decoded once per stored mask (`MaskRasters`) and encodes RLE
 * only when it ends, so a move costs the pixels under the brush, not the image.
 */
import { newRegionId } from "../regionIds";
import { MaskRaster, isEmptyRect, unionRect, type Point, type Rect } from "./raster";
import type { CocoRle } from "./rle";

export interface StoredMask {
  id: string;
  rle: CocoRle;
  label: string;
}

export type MaskTool = "brush" | "eraser" | "polygon";

/** Whether two RLEs hold the same counts (the stored form is compared, not decoded). */
function sameRle(a: CocoRle, b: CocoRle): boolean {
  if (a.size[0] !== b.size[0] || a.size[1] !== b.size[1]) return false;
  if (typeof a.counts === "string" || typeof b.counts === "string") return a.counts === b.counts;
  return a.counts.length === b.counts.length && a.counts.every((n, i) => n === (b.counts as number[])[i]);
}

/**
 * The rasters of one control's masks by id, each decoded from its stored RLE once and decoded
 * again only when that RLE changes (an undo, a relabel keeps it). A finished stroke records the
 * RLE it produced, so the answer coming back through `onChange` costs nothing.
 */
export class MaskRasters {
  private cache = new Map<string, { rle: CocoRle; raster: MaskRaster }>();

  /** The raster of a stored mask, or null for one that does not decode. */
  get(mask: StoredMask): MaskRaster | null {
    const hit = this.cache.get(mask.id);
    if (hit && sameRle(hit.rle, mask.rle)) return hit.raster;
    try {
      const raster = MaskRaster.fromRle(mask.rle);
      this.cache.set(mask.id, { rle: mask.rle, raster });
      return raster;
    } catch {
      return null;
    }
  }

  /** Whether `get` would decode (the stored RLE differs from the cached raster's). */
  isStale(mask: StoredMask): boolean {
    const hit = this.cache.get(mask.id);
    return !hit || !sameRle(hit.rle, mask.rle);
  }

  remember(id: string, rle: CocoRle, raster: MaskRaster): void {
    this.cache.set(id, { rle, raster });
  }

  forget(id: string): void {
    this.cache.delete(id);
  }

  /** Forget masks no longer in the answer. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.cache.keys()]) if (!ids.has(id)) this.cache.delete(id);
  }
}

/** Who may be painted: the shell's hidden and locked regions are left alone. */
export interface Untouchable {
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
}

/**
 * The mask a brush or polygon fill paints into: the selected mask when it has the current label
 * and may be edited, else none (a new mask is started).
 */
export function paintTarget(
  masks: readonly StoredMask[],
  selected: string | null,
  label: string,
  untouchable: Untouchable,
): StoredMask | null {
  const mask = masks.find((m) => m.id === selected);
  if (!mask || mask.label !== label) return null;
  if (untouchable.hidden.has(mask.id) || untouchable.locked.has(mask.id)) return null;
  return mask;
}

/** The masks the eraser erases from: the selected one, or with none selected every visible,
 * unlocked mask of the current label. */
export function eraseTargets(
  masks: readonly StoredMask[],
  selected: string | null,
  label: string,
  untouchable: Untouchable,
): StoredMask[] {
  const editable = (m: StoredMask) => !untouchable.hidden.has(m.id) && !untouchable.locked.has(m.id);
  const chosen = masks.find((m) => m.id === selected);
  if (chosen) return editable(chosen) ? [chosen] : [];
  return masks.filter((m) => m.label === label && editable(m));
}

interface Target {
  id: string;
  label: string;
  raster: MaskRaster;
  before: CocoRle | null;
}

/** One brush or eraser stroke in progress. */
export class Stroke {
  private last: Point;
  private constructor(
    private readonly targets: Target[],
    private readonly paint: 0 | 1,
    private readonly radius: number,
    start: Point,
  ) {
    this.last = start;
  }

  /**
   * Starts a stroke at `point` (image pixels); its first dab is the first `to(point)`. `size` is
   * the brush's diameter in image pixels. Returns null when there is nothing to paint into
   * (erasing with no editable mask).
   */
  static begin(
    masks: readonly StoredMask[],
    rasters: MaskRasters,
    options: {
      tool: "brush" | "eraser";
      label: string;
      selected: string | null;
      untouchable: Untouchable;
      size: number;
      imageSize: [number, number];
    },
    point: Point,
  ): Stroke | null {
    const { tool, label, selected, untouchable, size, imageSize } = options;
    const fromStored = (m: StoredMask): Target | null => {
      const raster = rasters.get(m);
      return raster ? { id: m.id, label: m.label, raster, before: m.rle } : null;
    };
    let targets: Target[];
    if (tool === "brush") {
      const mask = paintTarget(masks, selected, label, untouchable);
      const target = mask
        ? fromStored(mask)
        : { id: newRegionId(), label, raster: new MaskRaster(...imageSize), before: null };
      targets = target ? [target] : [];
    } else {
      targets = eraseTargets(masks, selected, label, untouchable)
        .map(fromStored)
        .filter((t): t is Target => t !== null);
    }
    if (targets.length === 0) return null;
    return new Stroke(targets, tool === "brush" ? 1 : 0, Math.max(size, 1) / 2, point);
  }

  /** The masks this stroke changes (by id), each with its raster, for redrawing. */
  get painted(): readonly { id: string; label: string; raster: MaskRaster }[] {
    return this.targets;
  }

  /** Paints from the last point to `point`; returns the pixels that may have changed. */
  to(point: Point): Rect {
    let dirty: Rect = { x: 0, y: 0, width: 0, height: 0 };
    for (const t of this.targets)
      dirty = unionRect(dirty, t.raster.paintSegment(this.last, point, this.radius, this.paint));
    this.last = point;
    return dirty;
  }

  /**
   * The answer after the stroke, and the mask to select (the one painted). A mask erased to
   * nothing leaves the answer (the server refuses empty masks); null when nothing changed.
   */
  end(
    masks: readonly StoredMask[],
    rasters: MaskRasters,
  ): { value: StoredMask[]; select: string | null } | null {
    return commit(masks, rasters, this.targets, this.paint === 1 ? this.targets[0].id : null);
  }
}

/** Writes painted rasters back into the answer (see `Stroke.end`). */
function commit(
  masks: readonly StoredMask[],
  rasters: MaskRasters,
  targets: readonly Target[],
  select: string | null,
): { value: StoredMask[]; select: string | null } | null {
  let value = [...masks];
  let changed = false;
  for (const t of targets) {
    const counts = t.raster.counts();
    const empty = counts.length === 1;
    const rle = t.raster.toRle();
    if (t.before && !empty && sameRle(rle, t.before)) continue;
    if (!t.before && empty) continue;
    changed = true;
    if (empty) {
      rasters.forget(t.id); // its raster was painted empty: an undo must decode the stored RLE
      value = value.filter((m) => m.id !== t.id);
      continue;
    }
    rasters.remember(t.id, rle, t.raster);
    const mask = { id: t.id, rle, label: t.label };
    const at = value.findIndex((m) => m.id === t.id);
    if (at >= 0) value[at] = mask;
    else value.push(mask);
  }
  if (!changed) return null;
  return { value, select: select !== null && value.some((m) => m.id === select) ? select : null };
}

/** Fills a closed polygon (image pixels) into the brush's target mask, or a new one. */
export function fillPolygon(
  masks: readonly StoredMask[],
  rasters: MaskRasters,
  options: { label: string; selected: string | null; untouchable: Untouchable; imageSize: [number, number] },
  points: readonly Point[],
): { value: StoredMask[]; select: string | null } | null {
  const { label, selected, untouchable, imageSize } = options;
  const mask = paintTarget(masks, selected, label, untouchable);
  const raster = mask ? rasters.get(mask) : new MaskRaster(...imageSize);
  if (!raster) return null;
  const target: Target = mask
    ? { id: mask.id, label, raster, before: mask.rle }
    : { id: newRegionId(), label, raster, before: null };
  if (isEmptyRect(raster.fillPolygon(points, 1))) return null;
  return commit(masks, rasters, [target], target.id);
}

/**
 * Picking a label (its key, or its button) while a mask is selected gives that mask the label:
 * the answer with it relabelled, or null when there is nothing to change (no selection, the same
 * label, a locked mask).
 */
export function relabelSelected(
  masks: readonly StoredMask[],
  selected: string | null,
  locked: ReadonlySet<string>,
  label: string,
): StoredMask[] | null {
  const mask = masks.find((m) => m.id === selected);
  if (!mask || mask.label === label || locked.has(mask.id)) return null;
  return masks.map((m) => (m === mask ? { ...m, label } : m));
}
