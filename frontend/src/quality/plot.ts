/**
 * Geometry of the quality plots, kept free of React so it can be tested on its own: a linear
 * scale with clamping, the point and interval bar of an estimate, axis ticks.
 *
 * Every function takes values straight from the API, where a missing statistic is `null` (and a
 * NaN or infinity must never reach an SVG attribute): those give `null` geometry, never NaN.
 */

export type Domain = readonly [number, number];

/** A finite number, or null for null / undefined / NaN / ±Infinity. */
export function finite(x: number | null | undefined): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

export interface Scale {
  (x: number): number;
  domain: Domain;
  range: Domain;
}

/** Linear map of `domain` onto `range`; values outside the domain are clamped to its ends. */
export function linearScale(domain: Domain, range: Domain): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const f = (x: number) => {
    if (span === 0) return (r0 + r1) / 2;
    const t = (Math.min(Math.max(x, Math.min(d0, d1)), Math.max(d0, d1)) - d0) / span;
    return r0 + t * (r1 - r0);
  };
  return Object.assign(f, { domain, range });
}

export interface PointGeometry {
  x: number;
  /** The value lay outside the domain and is drawn at its edge. */
  clipped: boolean;
}

/** Where a point estimate goes, or null when there is no estimate. */
export function pointAt(value: number | null | undefined, scale: Scale): PointGeometry | null {
  const v = finite(value);
  if (v === null) return null;
  const [lo, hi] = [Math.min(...scale.domain), Math.max(...scale.domain)];
  return { x: scale(v), clipped: v < lo || v > hi };
}

export interface BarGeometry {
  /** Left edge and width in range units (width ≥ 0). */
  x: number;
  width: number;
  /** The interval ran past the low / high end of the domain (drawn open at that side). */
  clippedLow: boolean;
  clippedHigh: boolean;
}

/**
 * The horizontal bar of an interval [low, high]: null unless both ends are numbers. Ends given
 * in the wrong order are swapped; the parts outside the domain are cut off at its edges.
 */
export function intervalBar(
  low: number | null | undefined,
  high: number | null | undefined,
  scale: Scale,
): BarGeometry | null {
  let a = finite(low);
  let b = finite(high);
  if (a === null || b === null) return null;
  if (a > b) [a, b] = [b, a];
  const [dLo, dHi] = [Math.min(...scale.domain), Math.max(...scale.domain)];
  const x0 = scale(a);
  const x1 = scale(b);
  return {
    x: Math.min(x0, x1),
    width: Math.abs(x1 - x0),
    clippedLow: a < dLo,
    clippedHigh: b > dHi,
  };
}

/** Evenly spaced tick values from the domain's low end to its high end (inclusive). */
export function ticks(domain: Domain, step: number): number[] {
  const lo = Math.min(...domain);
  const hi = Math.max(...domain);
  if (!(step > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const out: number[] = [];
  const n = Math.round((hi - lo) / step);
  for (let i = 0; i <= n; i++) out.push(Number((lo + i * step).toFixed(10)));
  return out;
}

/** A bar from a baseline value to `value` (e.g. reliability from 0), or null without a value. */
export function barFrom(
  baseline: number,
  value: number | null | undefined,
  scale: Scale,
): BarGeometry | null {
  const v = finite(value);
  if (v === null) return null;
  return intervalBar(Math.min(baseline, v), Math.max(baseline, v), scale);
}

/**
 * Krippendorff's usual reading of α: ≥ 0.8 reliable, ≥ 0.667 tentative conclusions only,
 * below that not reliable. `null` when there is no estimate.
 */
export type AlphaLevel = "good" | "tentative" | "poor";
export const ALPHA_GOOD = 0.8;
export const ALPHA_TENTATIVE = 0.667;

export function alphaLevel(alpha: number | null | undefined): AlphaLevel | null {
  const a = finite(alpha);
  if (a === null) return null;
  return a >= ALPHA_GOOD ? "good" : a >= ALPHA_TENTATIVE ? "tentative" : "poor";
}
