/**
 * The Adjudication tab (managers and reviewers): the backlog of items whose consensus stayed
 * unsure at the maximum overlap, page by page, each with its answers and current final label; an
 * expert opens one (or the first) on the adjudication page.
 */
import { Link } from "react-router-dom";
import { finalApi } from "../api/final";
import type { Project } from "../api/types";
import { Pager, usePagedLoad } from "../components/Pager";
import { percent, summarise } from "../final/FinalTab";
import "../final/final.css";
import { Text } from "../render";

export function AdjudicationTab({ project }: { project: Project }) {
  const { data, error, pager } = usePagedLoad(
    (page, size, signal) => finalApi.adjudication(project.id, page, size, signal),
    [project.id],
    25,
  );
  const base = `/projects/${project.id}/adjudicate`;
  return (
    <div className="adjudication-tab">
      <p className="hint">
        Items whose answers disagree too much to trust their consensus, even at the maximum overlap. An expert
        sees every answer side by side and picks or edits the final label.
      </p>
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {data && data.total === 0 && <p className="hint">Nothing waits for adjudication.</p>}
      {data && data.total > 0 && (
        <>
          <p>
            <Link className="button primary" to={base}>
              Adjudicate ({data.total.toLocaleString()} waiting)
            </Link>
          </p>
          <table className="final-table">
            <thead>
              <tr>
                <th>Item</th>
                <th>Answers</th>
                <th>Current final label</th>
                <th className="num">Confidence</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.items.map((entry) => (
                <tr key={entry.item_id} data-item={entry.item_id}>
                  <td>
                    <Link to={`/projects/${project.id}/items?item=${entry.item_id}`}>#{entry.item_id}</Link>
                  </td>
                  <td>
                    <Text
                      value={entry.answers.map((a) => `${a.author}: ${summarise(a.result ?? {})}`).join("; ")}
                      max={200}
                    />
                  </td>
                  <td>
                    <Text value={entry.final ? summarise(entry.final.result ?? {}) : "—"} />
                  </td>
                  <td className="num">{percent(entry.final?.confidence)}</td>
                  <td>
                    <Link to={`${base}?item=${entry.item_id}`}>Adjudicate</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Pager {...pager} noun="items" />
    </div>
  );
}
