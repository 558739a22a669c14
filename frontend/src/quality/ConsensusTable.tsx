/**
 * The consensus of each item, one server page at a time: per control the merged value, its
 * confidence, the annotators' pairwise agreement and how many answered. Values are untrusted
 * (labels, free text) and are rendered as text only; spans as "label: text".
 */
import { api } from "../api/endpoints";
import type { ConsensusPage } from "../api/types";
import { Text } from "../render";
import { consensusLines, fmt } from "./format";
import { Pager, usePagedLoad } from "../components/Pager";
import { isBelow } from "./Scorecards";

export interface ControlRef {
  name: string;
  type: string;
}

type ItemConsensus = ConsensusPage["items"][number];

/** An item is low-agreement when any of its controls' agreement is below the threshold. */
export function lowAgreement(item: ItemConsensus, threshold: number): boolean {
  return Object.values(item.controls).some((c) => isBelow(c.agreement, threshold));
}

export function ConsensusTable({
  controls,
  items,
  threshold,
  loading = false,
}: {
  controls: ControlRef[];
  items: ItemConsensus[];
  threshold: number;
  loading?: boolean;
}) {
  return (
    <div className="table-scroll">
      <table className={`table consensus${loading ? " loading" : ""}`} data-testid="consensus-table">
        <thead>
          <tr>
            <th rowSpan={2}>Item</th>
            {controls.map((c) => (
              <th key={c.name} colSpan={4} className="group">
                <Text value={c.name} /> <span className="hint">{c.type}</span>
              </th>
            ))}
          </tr>
          <tr>
            {controls.flatMap((c) => [
              <th key={`${c.name}/v`}>Value</th>,
              <th
                key={`${c.name}/c`}
                className="num"
                title="confidence of the consensus (method in the tooltip)"
              >
                Conf.
              </th>,
              <th key={`${c.name}/a`} className="num" title="mean pairwise agreement between annotators">
                Agr.
              </th>,
              <th key={`${c.name}/n`} className="num" title="submitted annotations">
                n
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const low = lowAgreement(item, threshold);
            return (
              <tr key={item.item_id} className={low ? "low-agreement" : undefined} data-item={item.item_id}>
                <td className="mono">
                  {String(item.item_id)}
                  {low && <span className="visually-hidden"> (low agreement)</span>}
                </td>
                {controls.flatMap((c) => {
                  const q = item.controls[c.name];
                  if (!q)
                    return [
                      <td key={`${c.name}/v`} className="hint" colSpan={4}>
                        no annotations
                      </td>,
                    ];
                  const lines = consensusLines(c.type, q.value);
                  return [
                    <td key={`${c.name}/v`} className="value">
                      {lines.length === 1 ? (
                        <Text value={lines[0]} />
                      ) : (
                        <ul className="value-list">
                          {lines.map((line, i) => (
                            <li key={i}>
                              <Text value={line} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>,
                    <td key={`${c.name}/c`} className="num" title={q.method}>
                      {fmt(q.confidence)}
                    </td>,
                    <td key={`${c.name}/a`} className={`num${isBelow(q.agreement, threshold) ? " low" : ""}`}>
                      {fmt(q.agreement)}
                    </td>,
                    <td key={`${c.name}/n`} className="num">
                      {q.n_annotations}
                    </td>,
                  ];
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The consensus table with its pager, loading the page it shows from the server. */
export function ConsensusSection({
  projectId,
  controls,
  threshold,
}: {
  projectId: number | string;
  controls: ControlRef[];
  threshold: number;
}) {
  const { data, error, loading, pager } = usePagedLoad<ConsensusPage>(
    (page, pageSize, signal) => api.consensus(projectId, page, pageSize, signal),
    [projectId],
    25,
  );

  return (
    <div>
      <Pager {...pager} noun="items" />
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {data === null && loading && <p className="hint">Loading consensus…</p>}
      {data && data.items.length === 0 && <p className="hint">No item has a submitted annotation yet.</p>}
      {data && data.items.length > 0 && (
        <ConsensusTable controls={controls} items={data.items} threshold={threshold} loading={loading} />
      )}
    </div>
  );
}
