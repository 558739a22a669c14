/**
 * Numbers and consensus values as display strings. The strings are untrusted (labels and text
 * come from annotators) and are only ever rendered as React text through src/render.
 */
import { toDisplayString, truncate } from "../render";
import { finite } from "./plot";

/** A statistic with `digits` decimals, or "—" when there is none. */
export function fmt(x: number | null | undefined, digits = 2): string {
  const v = finite(x);
  return v === null ? "—" : v.toFixed(digits);
}

/** A rate with its sample size, as the API sends it. */
export interface Rate {
  value: number | null;
  n: number;
  too_few: boolean;
}

/** "too few items (n=3)" under the server's minimum sample size, else the number ("—" if none). */
export function fmtRate(rate: Rate | null | undefined, digits = 2): string {
  if (!rate) return "—";
  return rate.too_few ? `too few items (n=${rate.n})` : fmt(rate.value, digits);
}

/** The number a rate stands for: null when there is none or too few items to trust it. */
export function rateValue(rate: Rate | null | undefined): number | null {
  return rate && !rate.too_few ? finite(rate.value) : null;
}

/** Milliseconds as seconds ("12.3 s"), or "—". */
export function fmtSeconds(ms: number | null | undefined): string {
  const v = finite(ms);
  return v === null ? "—" : `${(v / 1000).toFixed(1)} s`;
}

function isSpan(v: unknown): v is { start: number; end: number; label: unknown; text?: unknown } {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.start === "number" && typeof o.end === "number" && "label" in o;
}

const MAX_TEXT = 160;

function spanLine(s: { start: number; end: number; label: unknown; text?: unknown }): string {
  const label = toDisplayString(s.label);
  if (typeof s.text === "string") return `${label}: ${truncate(s.text.replace(/\s+/g, " "), MAX_TEXT)}`;
  return `${label}: [${s.start},${s.end})`;
}

/**
 * A consensus value as lines of text, by control type: spans as "label: text" each (the text the
 * server sends with each consensus span; "label: [start,end)" without it),
 * multiple choices one per line, a ranking as "a > b > c", a rating or a choice as is, free text shortened, anything else
 * (boxes, rankings, …) as compact JSON. An empty list is "(none)"; no value is "—".
 */
export function consensusLines(type: string, value: unknown): string[] {
  if (value === null || value === undefined) return ["—"];
  if (Array.isArray(value)) {
    if (value.length === 0) return ["(none)"];
    if (value.every(isSpan)) return value.map(spanLine);
    if (value.every((v) => typeof v === "string" || typeof v === "number")) {
      const parts = value.map((v) => truncate(String(v), MAX_TEXT));
      return type === "ranking" ? [parts.join(" > ")] : parts;
    }
  }
  if (typeof value === "string") return [truncate(value.replace(/\s+/g, " "), MAX_TEXT)];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return [truncate(json, MAX_TEXT)];
}
