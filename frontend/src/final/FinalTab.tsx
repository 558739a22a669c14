/**
 * The Final labels tab (managers and reviewers): each item's one trusted result, page by page,
 * with where it came from (consensus, reviewed, adjudicated, gold), its confidence and the
 * agreement of its answers. A row opens into the result drawn by the labeling widgets
 * (AnswerView), the item's data loaded then; the item itself opens on the Items tab.
 */
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/endpoints";
import { finalApi, type FinalLabel, type FinalQuery, type FinalSort } from "../api/final";
import type { ItemData, Project } from "../api/types";
import { Pager, usePagedLoad } from "../components/Pager";
import { AnswerView } from "../labeling/AnswerView";
import { Text, toDisplayString, truncate } from "../render";
import "./final.css";

export const PROVENANCE_WORDS: Record<string, string> = {
  consensus: "Consensus",
  reviewed: "Reviewed",
  adjudicated: "Adjudicated",
  gold: "Gold",
};

/** A share as a percentage, or a dash when there is none. */
export function percent(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "—" : `${Math.round(v * 100)}%`;
}

/** The result in a few words per control (the row's summary before it is opened). */
export function summarise(result: Record<string, unknown>): string {
  return Object.entries(result)
    .map(([control, value]) => {
      if (Array.isArray(value) && value.some((v) => v !== null && typeof v === "object"))
        return `${control}: ${value.length} region${value.length === 1 ? "" : "s"}`;
      return `${control}: ${truncate(Array.isArray(value) ? value.join(", ") : toDisplayString(value), 60)}`;
    })
    .join(" · ");
}

export function ProvenanceBadge({ provenance }: { provenance: string }) {
  return (
    <span className={`provenance provenance-${provenance}`} data-provenance={provenance}>
      {PROVENANCE_WORDS[provenance] ?? provenance}
    </span>
  );
}

/** The filter controls' state: strings as the inputs hold them ("" is "any"). */
export interface FinalFilterForm {
  provenance: string;
  adjudication: string; // "", "yes", "no"
  maxConfidence: string; // a percentage
  sort: FinalSort;
}

export const NO_FILTERS: FinalFilterForm = {
  provenance: "",
  adjudication: "",
  maxConfidence: "",
  sort: "item",
};

/** The query for the form, or an error message when the confidence is not a percentage. */
export function queryFromFilters(form: FinalFilterForm): { query: FinalQuery } | { error: string } {
  const query: FinalQuery = {};
  if (form.provenance) query.provenance = form.provenance as FinalQuery["provenance"];
  if (form.adjudication) query.needs_adjudication = form.adjudication === "yes";
  const text = form.maxConfidence.trim();
  if (text) {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0 || n > 100) return { error: "Enter a percentage from 0 to 100." };
    query.max_confidence = n / 100;
  }
  if (form.sort !== "item") query.sort = form.sort;
  return { query };
}

function FinalFilters({ form, onChange }: { form: FinalFilterForm; onChange: (f: FinalFilterForm) => void }) {
  const checked = queryFromFilters(form);
  return (
    <div className="final-filters" role="group" aria-label="Filter final labels">
      <label>
        Provenance{" "}
        <select value={form.provenance} onChange={(e) => onChange({ ...form, provenance: e.target.value })}>
          <option value="">Any</option>
          <option value="consensus">Consensus</option>
          <option value="reviewed">Reviewed</option>
          <option value="adjudicated">Adjudicated</option>
        </select>
      </label>{" "}
      <label>
        Adjudication{" "}
        <select
          value={form.adjudication}
          onChange={(e) => onChange({ ...form, adjudication: e.target.value })}
        >
          <option value="">Any</option>
          <option value="yes">Needs adjudication</option>
          <option value="no">Does not</option>
        </select>
      </label>{" "}
      <label>
        Confidence at most (%){" "}
        <input
          type="text"
          inputMode="decimal"
          size={5}
          value={form.maxConfidence}
          aria-invalid={"error" in checked}
          onChange={(e) => onChange({ ...form, maxConfidence: e.target.value })}
        />
      </label>{" "}
      <label>
        Sort by{" "}
        <select value={form.sort} onChange={(e) => onChange({ ...form, sort: e.target.value as FinalSort })}>
          <option value="item">Queue order</option>
          <option value="confidence">Confidence, lowest first</option>
          <option value="agreement">Agreement, lowest first</option>
        </select>
      </label>
      {"error" in checked && (
        <p className="error" role="alert">
          {checked.error}
        </p>
      )}
    </div>
  );
}

export function FinalTab({ project }: { project: Project }) {
  const [form, setForm] = useState<FinalFilterForm>(NO_FILTERS);
  // The last valid query: a half-typed confidence keeps the list as it was.
  const [query, setQuery] = useState<FinalQuery>({});
  const { data, error, pager } = usePagedLoad(
    (page, size, signal) => finalApi.final(project.id, page, size, signal, query),
    [project.id, JSON.stringify(query)],
    25,
  );
  const [open, setOpen] = useState<number | null>(null);
  const change = (next: FinalFilterForm) => {
    setForm(next);
    const checked = queryFromFilters(next);
    if ("query" in checked) {
      setQuery(checked.query);
      pager.onPage(1);
    }
  };

  return (
    <div className="final-tab">
      <p className="hint">
        One final label per item, computed in the background as answers arrive with the method chosen in
        Settings. Items whose consensus stayed unsure at the maximum overlap wait on the{" "}
        <Link to={`/projects/${project.id}/adjudication`}>Adjudication</Link> tab.
      </p>
      <FinalFilters form={form} onChange={change} />
      {error && (
        <p className="error" role="alert">
          <Text value={error} />
        </p>
      )}
      {data && data.stale > 0 && (
        <p className="hint" role="status">
          {data.stale.toLocaleString()} item{data.stale === 1 ? "" : "s"} got new answers and will be updated
          in a moment.
        </p>
      )}
      {data && data.total === 0 && (
        <p className="hint">
          {JSON.stringify(query) === "{}"
            ? "No final labels yet: they appear once items are answered."
            : "No final labels match these filters."}
        </p>
      )}
      {data && data.items.length > 0 && (
        <table className="final-table">
          <thead>
            <tr>
              <th>Item</th>
              <th>Final label</th>
              <th>Provenance</th>
              <th className="num">Confidence</th>
              <th className="num">Agreement</th>
              <th className="num">Answers</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((f) => (
              <FinalRow
                key={f.item_id}
                project={project}
                label={f}
                open={open === f.item_id}
                onToggle={() => setOpen((o) => (o === f.item_id ? null : f.item_id))}
              />
            ))}
          </tbody>
        </table>
      )}
      <Pager {...pager} noun="items" />
    </div>
  );
}

function FinalRow({
  project,
  label,
  open,
  onToggle,
}: {
  project: Project;
  label: FinalLabel;
  open: boolean;
  onToggle: () => void;
}) {
  return (
    <>
      <tr data-item={label.item_id}>
        <td>
          <Link to={`/projects/${project.id}/items?item=${label.item_id}`}>#{label.item_id}</Link>
        </td>
        <td className="final-result">
          <button type="button" className="link" aria-expanded={open} onClick={onToggle}>
            <Text value={summarise(label.result ?? {}) || "(empty)"} />
          </button>
        </td>
        <td>
          <ProvenanceBadge provenance={label.provenance} />
          {label.decided_by && (
            <span className="hint">
              {" "}
              by <Text value={label.decided_by} />
            </span>
          )}
          {label.needs_adjudication && (
            <>
              {" "}
              <Link
                className="needs-adjudication"
                to={`/projects/${project.id}/adjudicate?item=${label.item_id}`}
              >
                needs adjudication
              </Link>
            </>
          )}
        </td>
        <td className="num">{percent(label.confidence)}</td>
        <td className="num">{percent(label.agreement)}</td>
        <td className="num">{label.n_annotations}</td>
      </tr>
      {open && (
        <tr className="final-detail">
          <td colSpan={6}>
            <FinalResultView project={project} label={label} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The final result drawn by the widgets, over the item's data (loaded when opened). */
function FinalResultView({ project, label }: { project: Project; label: FinalLabel }) {
  const [data, setData] = useState<ItemData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.item(label.item_id).then(
      (item) => live && setData(item.data),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [label.item_id]);
  if (error)
    return (
      <p className="error" role="alert">
        <Text value={error} />
      </p>
    );
  if (!data || !project.schema) return <p className="hint">Loading…</p>;
  return <AnswerView schema={project.schema} data={data} result={label.result ?? {}} />;
}
