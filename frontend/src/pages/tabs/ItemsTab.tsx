/** Items, one server page at a time: fast at any size because only `page_size` rows are loaded. */
import { useEffect, useState } from "react";
import { api } from "../../api/endpoints";
import type { ItemPage, Project } from "../../api/types";
import { Text, toDisplayString } from "../../render";

const PAGE_SIZES = [25, 50, 100];

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function ItemsTab({ project }: { project: Project }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [pageInput, setPageInput] = useState("1");
  const [data, setData] = useState<ItemPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const fields = Object.keys(project.schema?.fields ?? {});

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    api.items(project.id, page, pageSize, ctrl.signal).then(
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
  }, [project.id, page, pageSize]);

  const pages = data ? pageCount(data.total, pageSize) : 1;
  useEffect(() => setPageInput(String(page)), [page]);
  const goTo = (raw: string) => {
    const n = Number(raw);
    // Until the first page arrives the page count is unknown; the server answers an empty page.
    if (Number.isInteger(n) && n >= 1 && (!data || n <= pages)) setPage(n);
    else setPageInput(String(page));
  };
  const pager = (
    <div className="pager">
      <button type="button" onClick={() => setPage(1)} disabled={page <= 1}>
        «
      </button>
      <button type="button" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1}>
        ‹ Prev
      </button>
      <span>
        Page{" "}
        <input
          type="number"
          min={1}
          max={pages}
          value={pageInput}
          aria-label="Page"
          onChange={(e) => setPageInput(e.target.value)}
          onBlur={(e) => goTo(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") goTo(e.currentTarget.value);
          }}
        />{" "}
        of {pages.toLocaleString()}
      </span>
      <button type="button" onClick={() => setPage((p) => Math.min(pages, p + 1))} disabled={page >= pages}>
        Next ›
      </button>
      <button type="button" onClick={() => setPage(pages)} disabled={page >= pages}>
        »
      </button>
      <select
        aria-label="Items per page"
        value={pageSize}
        onChange={(e) => {
          setPageSize(Number(e.target.value));
          setPage(1);
        }}
      >
        {PAGE_SIZES.map((n) => (
          <option key={n} value={n}>
            {n} per page
          </option>
        ))}
      </select>
      <span className="hint">
        {data ? `${data.total.toLocaleString()} items` : ""}
        {loading ? " · loading…" : ""}
      </span>
    </div>
  );

  return (
    <div>
      {pager}
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
      {data && data.items.length === 0 && (
        <p className="hint">No items yet. Import some in the Import tab.</p>
      )}
      {data && data.items.length > 0 && (
        <table className={`table items${loading ? " loading" : ""}`}>
          <thead>
            <tr>
              <th>ID</th>
              {fields.map((f) => (
                <th key={f}>
                  <Text value={f} />
                </th>
              ))}
              <th className="num">Annotations</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.id}>
                <td className="mono">{String(item.id)}</td>
                {fields.map((f) => (
                  <td key={f}>
                    <Text value={toDisplayString(item.data?.[f]).replace(/\s+/g, " ")} max={160} />
                  </td>
                ))}
                <td className="num">{"annotation_count" in item ? item.annotation_count : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
