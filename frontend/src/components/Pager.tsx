/** Server-side paging controls (first / previous / page number / next / last / page size). */
import { useEffect, useState } from "react";

export const PAGE_SIZES = [25, 50, 100];

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * One server page at a time: loads `load(page, pageSize)` whenever the page, its size or `deps`
 * change, keeps the last page on screen while the next loads, and drops answers that arrive
 * after a newer request. `pager` is what `<Pager>` needs besides its noun.
 */
export function usePagedLoad<T extends { total: number }>(
  load: (page: number, pageSize: number, signal: AbortSignal) => Promise<T>,
  deps: unknown[],
  initialPageSize: number,
) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    load(page, pageSize, ctrl.signal).then(
      (d) => {
        setData(d);
        setLoading(false);
      },
      (err: Error) => {
        if (err.name === "AbortError") return;
        setError(err.message);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [...deps, page, pageSize]);

  const pager = {
    page,
    pageSize,
    total: data ? data.total : null,
    loading,
    onPage: setPage,
    onPageSize: (size: number) => {
      setPageSize(size);
      setPage(1);
    },
  };
  return { data, error, loading, pager };
}

export function Pager({
  page,
  pageSize,
  total,
  loading,
  noun,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  /** null until the first page has arrived */
  total: number | null;
  loading: boolean;
  noun: string;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const pages = total === null ? 1 : pageCount(total, pageSize);
  const [input, setInput] = useState(String(page));
  useEffect(() => setInput(String(page)), [page]);
  const goTo = (raw: string) => {
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 1 && (total === null || n <= pages)) onPage(n);
    else setInput(String(page));
  };
  return (
    <div className="pager">
      <button type="button" onClick={() => onPage(1)} disabled={page <= 1} aria-label="First page">
        «
      </button>
      <button type="button" onClick={() => onPage(Math.max(1, page - 1))} disabled={page <= 1}>
        ‹ Prev
      </button>
      <span>
        Page{" "}
        <input
          type="number"
          min={1}
          max={pages}
          value={input}
          aria-label="Page"
          onChange={(e) => setInput(e.target.value)}
          onBlur={(e) => goTo(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") goTo(e.currentTarget.value);
          }}
        />{" "}
        of {pages.toLocaleString()}
      </span>
      <button type="button" onClick={() => onPage(Math.min(pages, page + 1))} disabled={page >= pages}>
        Next ›
      </button>
      <button type="button" onClick={() => onPage(pages)} disabled={page >= pages} aria-label="Last page">
        »
      </button>
      <select
        aria-label="Rows per page"
        value={pageSize}
        onChange={(e) => onPageSize(Number(e.target.value))}
      >
        {PAGE_SIZES.map((n) => (
          <option key={n} value={n}>
            {n} per page
          </option>
        ))}
      </select>
      <span className="hint">
        {total === null ? "" : `${total.toLocaleString()} ${noun}`}
        {loading ? " · loading…" : ""}
      </span>
    </div>
  );
}
