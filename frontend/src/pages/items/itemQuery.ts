/**
 * The Items tab's search, filters and sort, kept in the page's URL (`?q=…&sort=…`) so a reload,
 * the back button or a shared link shows the same list. Values outside the server's allowlists
 * are dropped here rather than sent.
 */
import type { ItemQuery, ItemRow } from "../../api/types";

export type SortField = NonNullable<ItemQuery["sort"]>;
export type SortOrder = NonNullable<ItemQuery["order"]>;
export const SORT_FIELDS: readonly SortField[] = ["rank", "id", "created_at", "annotation_count"];
export type GoldFilter = NonNullable<ItemQuery["gold"]>;
/** The Items tab's gold filter (managers): production items, any gold, or one set. */
export const GOLD_FILTERS: readonly GoldFilter[] = ["none", "any", "practice", "exam", "honeypot", "example"];
/** Meta columns shown at most (the detail view shows all of an item's meta). */
export const MAX_META_COLUMNS = 6;

function flag(value: string | null): boolean | undefined {
  return value === "true" ? true : value === "false" ? false : undefined;
}

export function readQuery(params: URLSearchParams): ItemQuery {
  const sort = params.get("sort");
  const order = params.get("order");
  return {
    q: params.get("q") || undefined,
    has_annotations: flag(params.get("has_annotations")),
    below_overlap: flag(params.get("below_overlap")),
    skipped: flag(params.get("skipped")),
    annotator: params.get("annotator") || undefined,
    gold: GOLD_FILTERS.includes(params.get("gold") as GoldFilter)
      ? (params.get("gold") as GoldFilter)
      : undefined,
    sort: SORT_FIELDS.includes(sort as SortField) ? (sort as SortField) : undefined,
    order: order === "asc" || order === "desc" ? order : undefined,
  };
}

/** `params` with `patch` applied: unset values (undefined, null, "") are removed. */
export function writeQuery(params: URLSearchParams, patch: Partial<ItemQuery>): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value === "") out.delete(key);
    else out.set(key, String(value));
  }
  return out;
}

/** Whether any filter narrows the list (the sort does not). */
export function isFiltered(q: ItemQuery): boolean {
  return Boolean(
    q.q ||
    q.annotator ||
    q.gold ||
    q.has_annotations !== undefined ||
    q.below_overlap !== undefined ||
    q.skipped !== undefined,
  );
}

/** A click on a column header: the same column flips its order, another starts ascending. */
export function nextSort(q: ItemQuery, field: SortField): { sort: SortField; order: SortOrder } {
  const current = q.sort ?? "rank";
  if (current !== field) return { sort: field, order: "asc" };
  return { sort: field, order: (q.order ?? "asc") === "asc" ? "desc" : "asc" };
}

/** The meta keys of a page of items, in order of first appearance (managers' rows only). */
export function metaColumns(items: readonly ItemRow[]): string[] {
  const keys: string[] = [];
  for (const item of items) {
    if (!("meta" in item)) continue;
    for (const key of Object.keys(item.meta)) {
      if (!keys.includes(key)) keys.push(key);
      if (keys.length >= MAX_META_COLUMNS) return keys;
    }
  }
  return keys;
}
