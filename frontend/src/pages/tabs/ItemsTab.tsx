/** Items, one server page at a time: fast at any size because only `page_size` rows are loaded. */
import { useEffect, useState } from "react";
import { api } from "../../api/endpoints";
import type { ItemPage, Project } from "../../api/types";
import { Pager } from "../../components/Pager";
import { Text, toDisplayString } from "../../render";

export function ItemsTab({ project }: { project: Project }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
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

  const pager = (
    <Pager
      page={page}
      pageSize={pageSize}
      total={data ? data.total : null}
      loading={loading}
      noun="items"
      onPage={setPage}
      onPageSize={(size) => {
        setPageSize(size);
        setPage(1);
      }}
    />
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
