/**
 * The Disagreements tab (reviewers and managers): the label pairs annotators confuse, ranked
 * (score = (splits + rejections) × spread, explained on each case), each one step from a question
 * or a guideline example; the "after guideline vX" panel; reviewer rejections by guideline
 * section; the labels and items annotators agree on least.
 */
import { useState } from "react";
import { Link } from "react-router-dom";
import { disagreementsApi, type DisagreementReport } from "../api/disagreements";
import type { Project } from "../api/types";
import { Pager, usePagedLoad } from "../components/Pager";
import { Text } from "../render";
import { CaseCard } from "./CaseCard";
import { ImpactPanel } from "./ImpactPanel";
import "./disagreements.css";

export function DisagreementsTab({ project }: { project: Project }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const { data, error, pager } = usePagedLoad<DisagreementReport>(
    (page, pageSize, signal) => disagreementsApi.cases(project.id, page, pageSize, signal),
    [project.id, version],
    25,
  );
  const changed = (message: string) => {
    setNotice(message);
    setVersion((v) => v + 1);
  };
  const labelChoices = data ? data.labels.map((l) => `${l.control}:${l.label}`).sort() : [];
  return (
    <div className="disagreements-tab">
      <section aria-label="Ambiguous cases">
        <h3>Ambiguous cases</h3>
        <p className="hint">
          Label pairs annotators confuse on the same items, most persistent first. Final labels from{" "}
          {data?.final_source === "final_labels"
            ? "the project's final labels"
            : "the consensus of the answers"}
          .
        </p>
        {notice && (
          <p className="notice" role="status">
            <Text value={notice} />
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            <Text value={error} />
          </p>
        )}
        {data === null && !error && <p className="hint">Loading…</p>}
        {data?.total === 0 && (
          <p className="hint">No confused labels: annotators agree on every shared item.</p>
        )}
        <ol className="case-list" data-testid="case-list">
          {data?.cases.map((c, i) => (
            <CaseCard
              key={`${c.control}:${c.label_a}:${c.label_b}`}
              project={project}
              item={c}
              rank={(pager.page - 1) * pager.pageSize + i + 1}
              onChanged={changed}
            />
          ))}
        </ol>
        {data && data.total > 0 && <Pager {...pager} noun="cases" />}
      </section>
      <ImpactPanel project={project} labelChoices={labelChoices} key={version} />
      {data && data.rejections.length > 0 && (
        <section aria-label="Reviewer rejections" className="card">
          <h3>Reviewer rejections</h3>
          <ul className="rejections">
            {data.rejections.map((g) => (
              <li key={g.section ?? ""}>
                <strong>{g.section ? <Text value={`§ ${g.section}`} /> : "no section cited"}</strong>:{" "}
                {g.count} rejection{g.count === 1 ? "" : "s"}
                {g.labels.length > 0 && (
                  <span className="hint">
                    {" "}
                    · labels{" "}
                    {g.labels.slice(0, 5).map((l, i) => (
                      <span key={`${l.control}:${l.label}`}>
                        {i > 0 && ", "}
                        <Text value={`${l.control}: ${l.label}`} /> ({l.count})
                      </span>
                    ))}
                  </span>
                )}
                {g.comments.length > 0 && (
                  <ul className="hint">
                    {g.comments.map((comment, i) => (
                      <li key={i}>
                        “<Text value={comment} max={200} />”
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data && (
        <section aria-label="Lowest agreement" className="card two-columns">
          <div>
            <h3>Labels agreed on least</h3>
            <table className="low-labels">
              <thead>
                <tr>
                  <th>Label</th>
                  <th>Specific agreement</th>
                  <th>Items</th>
                </tr>
              </thead>
              <tbody>
                {data.labels.slice(0, 10).map((l) => (
                  <tr key={`${l.control}:${l.label}`}>
                    <td>
                      <Text value={`${l.control}: ${l.label}`} />
                    </td>
                    <td>{l.agreement === null ? "n/a" : l.agreement.toFixed(2)}</td>
                    <td>{l.n_items}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <h3>Items agreed on least</h3>
            {data.items.length === 0 && <p className="hint">No item below 0.5 agreement.</p>}
            <ul className="low-items">
              {data.items.slice(0, 10).map((i) => (
                <li key={`${i.item_id}:${i.control}`}>
                  <Link to={`/projects/${project.id}/items?item=${i.item_id}`}>item {i.item_id}</Link>{" "}
                  <span className="hint">
                    <Text value={i.control} /> · agreement {i.agreement.toFixed(2)} of {i.n_answers} answers
                  </span>
                </li>
              ))}
            </ul>
          </div>
        </section>
      )}
    </div>
  );
}
