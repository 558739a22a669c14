/** Items, one server page at a time: fast at any size because only `page_size` rows are loaded. */
import { api } from "../../api/endpoints";
import type { ItemPage, Project } from "../../api/types";
import { Pager, usePagedLoad } from "../../components/Pager";
import { Text, toDisplayString } from "../../render";

export function ItemsTab({ project }: { project: Project }) {
  const { data, error, loading, pager } = usePagedLoad<ItemPage>(
    (page, pageSize, signal) => api.items(project.id, page, pageSize, signal),
    [project.id],
    50,
  );
  const fields = Object.keys(project.schema?.fields ?? {});

  return (
    <div>
      <Pager {...pager} noun="items" />
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
