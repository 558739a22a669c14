/**
 * Items, one server page at a time (fast at any size: only `page_size` rows are loaded), with a
 * search box, filters and sortable columns that the server applies from its allowlists, meta
 * columns for managers, a detail view per row, and deletion (one item, or the selected rows).
 * The search, filters, sort and open item live in the URL.
 */
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../../api/endpoints";
import type { ItemPage, ItemQuery, Project } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Pager, usePagedLoad } from "../../components/Pager";
import { Text, toDisplayString } from "../../render";
import { MediaThumb } from "../../media/MediaThumb";
import { ItemDetail } from "../items/ItemDetail";
import {
  GOLD_FILTERS,
  isFiltered,
  metaColumns,
  nextSort,
  readQuery,
  writeQuery,
  type GoldFilter,
  type SortField,
} from "../items/itemQuery";
import { AssignItems } from "../../teams/AssignItems";
import { ItemPriority } from "./ItemPriority";

const SEARCH_DELAY_MS = 300;

/** Field kinds whose cells show the file's thumbnail beside its URL. */
const THUMBNAIL_KINDS = new Set(["image", "video"]);

function cell(value: unknown): string {
  return toDisplayString(value).replace(/\s+/g, " ");
}

function SortHeader({
  field,
  label,
  query,
  onSort,
  className,
}: {
  field: SortField;
  label: string;
  query: ItemQuery;
  onSort: (field: SortField) => void;
  className?: string;
}) {
  const active = (query.sort ?? "rank") === field;
  const order = query.order ?? "asc";
  return (
    <th className={className} aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="sort" onClick={() => onSort(field)}>
        {label}
        <span aria-hidden="true">{active ? (order === "asc" ? " ▲" : " ▼") : " ↕"}</span>
      </button>
    </th>
  );
}

export function ItemsTab({ project, onChanged }: { project: Project; onChanged?: () => void }) {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const queryKey = JSON.stringify(query);
  const [reloads, setReloads] = useState(0);
  const { data, error, loading, pager } = usePagedLoad<ItemPage>(
    (page, pageSize, signal) => api.items(project.id, page, pageSize, query, signal),
    [project.id, queryKey, reloads],
    50,
  );
  const isManager = project.role === "manager";
  const seesCounts = isManager || project.role === "reviewer";
  const fields = Object.keys(project.schema?.fields ?? {});
  const metas = isManager && data ? metaColumns(data.items) : [];
  const openItem = Number(params.get("item")) || null;

  const [search, setSearch] = useState(query.q ?? "");
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirmBulk, setConfirmBulk] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  /** Change the list's query: back to page 1, and the selection no longer applies. */
  const update = (patch: Partial<ItemQuery>) => {
    setParams((p) => writeQuery(p, patch), { replace: true });
    setSelected(new Set());
    pager.onPage(1);
  };

  // The search box asks the server once typing pauses; the URL (back button) wins over the box.
  useEffect(() => setSearch((s) => (s.trim() === (query.q ?? "") ? s : (query.q ?? ""))), [query.q]);
  useEffect(() => {
    if (search.trim() === (query.q ?? "")) return;
    const t = window.setTimeout(() => update({ q: search.trim() }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(t);
  });

  const open = (id: number | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (id === null) next.delete("item");
      else next.set("item", String(id));
      return next;
    });

  const afterDelete = (text: string) => {
    setMessage({ kind: "ok", text });
    setSelected(new Set());
    setReloads((n) => n + 1);
    onChanged?.();
  };

  /** A bulk action (assign, priority) on the selection is done: say so; the selection is spent. */
  const afterBulkAction = (m: { kind: "ok" | "error"; text: string }) => {
    setMessage(m);
    if (m.kind === "ok") setSelected(new Set());
  };

  const deleteSelected = async () => {
    setDeleting(true);
    try {
      const r = await api.deleteItems(project.id, [...selected]);
      afterDelete(
        `Deleted ${r.deleted} item${r.deleted === 1 ? "" : "s"} and ${r.annotations_deleted} annotation${r.annotations_deleted === 1 ? "" : "s"}.`,
      );
    } catch (err) {
      setMessage({ kind: "error", text: (err as Error).message });
    } finally {
      setDeleting(false);
      setConfirmBulk(false);
    }
  };

  const pageIds = data?.items.map((i) => i.id) ?? [];
  const allSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="items-tab">
      <form className="item-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <input
          type="search"
          aria-label="Search items"
          placeholder="Search text, id or external id"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
        />
        {seesCounts && (
          <>
            <label className="inline">
              Annotations
              <select
                aria-label="Annotations"
                value={query.has_annotations === undefined ? "" : String(query.has_annotations)}
                onChange={(e) =>
                  update({ has_annotations: e.target.value === "" ? undefined : e.target.value === "true" })
                }
              >
                <option value="">any</option>
                <option value="true">with annotations</option>
                <option value="false">without annotations</option>
              </select>
            </label>
            <FilterCheckbox
              checked={query.below_overlap === true}
              onChange={(on) => update({ below_overlap: on || undefined })}
            >
              Fewer than {project.schema?.overlap ?? 1} annotation
              {(project.schema?.overlap ?? 1) === 1 ? "" : "s"}
            </FilterCheckbox>
            <FilterCheckbox
              checked={query.skipped === true}
              onChange={(on) => update({ skipped: on || undefined })}
            >
              Skipped
            </FilterCheckbox>
            <AnnotatorFilter value={query.annotator ?? ""} onChange={(annotator) => update({ annotator })} />
            {isManager && (
              <label className="inline">
                Gold{" "}
                <select
                  aria-label="Gold"
                  value={query.gold ?? ""}
                  onChange={(e) => update({ gold: (e.target.value || undefined) as GoldFilter | undefined })}
                >
                  <option value="">all items</option>
                  <option value="none">production only</option>
                  <option value="any">gold, any set</option>
                  {GOLD_FILTERS.filter((g) => g !== "none" && g !== "any").map((g) => (
                    <option key={g} value={g}>
                      gold: {g}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </>
        )}
        {isFiltered(query) && (
          <button
            type="button"
            onClick={() => {
              setSearch("");
              update({
                q: undefined,
                has_annotations: undefined,
                below_overlap: undefined,
                skipped: undefined,
                annotator: undefined,
                gold: undefined,
              });
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      <div className="items-actions">
        <Pager {...pager} noun={isFiltered(query) ? "matching items" : "items"} />
        {isManager && data && (
          <AssignItems
            project={project}
            selected={[...selected]}
            query={query}
            total={data.total}
            onDone={afterBulkAction}
          />
        )}
        {isManager && data && (
          <ItemPriority project={project} selected={[...selected]} onDone={afterBulkAction} />
        )}
        {isManager && selected.size > 0 && (
          <button type="button" className="danger" onClick={() => setConfirmBulk(true)}>
            Delete selected ({selected.size})
          </button>
        )}
      </div>
      {message && (
        <p className={message.kind} role={message.kind === "error" ? "alert" : "status"}>
          <Text value={message.text} />
        </p>
      )}
      {error && (
        <p className="error">
          <Text value={error} />
        </p>
      )}
      {data && data.items.length === 0 && (
        <p className="hint">
          {isFiltered(query) ? "No item matches." : "No items yet. Import some in the Import tab."}
        </p>
      )}
      {data && data.items.length > 0 && (
        <div className="table-scroll">
          <table className={`table items${loading ? " loading" : ""}`}>
            <thead>
              <tr>
                {isManager && (
                  <th className="select">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(pageIds))}
                    />
                  </th>
                )}
                <SortHeader field="id" label="ID" query={query} onSort={(f) => update(nextSort(query, f))} />
                {fields.map((f) => (
                  <th key={f}>
                    <Text value={f} />
                  </th>
                ))}
                {metas.map((m) => (
                  <th key={`meta-${m}`} className="meta-col">
                    meta.
                    <Text value={m} />
                  </th>
                ))}
                {seesCounts && (
                  <>
                    <SortHeader
                      field="annotation_count"
                      label="Annotations"
                      className="num"
                      query={query}
                      onSort={(f) => update(nextSort(query, f))}
                    />
                    <SortHeader
                      field="created_at"
                      label="Created"
                      query={query}
                      onSort={(f) => update(nextSort(query, f))}
                    />
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr
                  key={item.id}
                  data-item={item.id}
                  className={seesCounts ? "clickable" : undefined}
                  onClick={seesCounts ? () => open(item.id) : undefined}
                >
                  {isManager && (
                    <td className="select" onClick={(e) => e.stopPropagation()}>
                      <input
                        type="checkbox"
                        aria-label={`Select item ${item.id}`}
                        checked={selected.has(item.id)}
                        onChange={() => toggle(item.id)}
                      />
                    </td>
                  )}
                  <td className="mono">
                    {seesCounts ? (
                      <button
                        type="button"
                        className="link"
                        onClick={(e) => {
                          e.stopPropagation();
                          open(item.id);
                        }}
                      >
                        {item.id}
                      </button>
                    ) : (
                      item.id
                    )}
                    {"gold_set" in item && item.gold_set && (
                      <span
                        className="badge gold"
                        data-gold={item.gold_set}
                        title="gold item: out of production"
                      >
                        gold · {item.gold_set}
                      </span>
                    )}
                  </td>
                  {fields.map((f) => (
                    <td key={f}>
                      {THUMBNAIL_KINDS.has(project.schema?.fields?.[f] ?? "") && (
                        <MediaThumb url={item.data?.[f]} />
                      )}
                      <Text value={cell(item.data?.[f])} max={160} />
                    </td>
                  ))}
                  {metas.map((m) => (
                    <td key={`meta-${m}`} className="meta-col">
                      {"meta" in item && <Text value={cell(item.meta[m])} max={60} />}
                    </td>
                  ))}
                  {"annotation_count" in item && (
                    <>
                      <td className="num">{item.annotation_count}</td>
                      <td className="hint">{new Date(item.created_at).toLocaleDateString()}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {openItem !== null && project.schema && (
        <ItemDetail
          itemId={openItem}
          schema={project.schema}
          canDelete={isManager}
          onClose={() => open(null)}
          onDeleted={(id) => {
            open(null);
            afterDelete(`Deleted item ${id}.`);
          }}
          onGoldChanged={() => setReloads((r) => r + 1)}
        />
      )}
      {confirmBulk && (
        <ConfirmDialog
          title={`Delete ${selected.size} item${selected.size === 1 ? "" : "s"}?`}
          confirmLabel="Delete"
          busy={deleting}
          onConfirm={() => void deleteSelected()}
          onCancel={() => setConfirmBulk(false)}
        >
          <p>The selected items and all their annotations are deleted for good. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** Filter by who annotated: an email or a user id, applied when the box is left or Enter. */
function AnnotatorFilter({
  value,
  onChange,
}: {
  value: string;
  onChange: (annotator: string | undefined) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => {
    if (text.trim() !== value) onChange(text.trim() || undefined);
  };
  return (
    <input
      type="text"
      aria-label="Annotator"
      placeholder="annotator email or id"
      value={text}
      maxLength={320}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          apply();
        }
      }}
    />
  );
}

/**
 * A filter held in the URL. React Router applies URL changes in a transition, during which a
 * controlled checkbox would snap back to its old state (a flicker, and a click that "did not
 * change" it): the box shows its own state at once and follows the URL when that changes.
 */
function FilterCheckbox({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  const [shown, setShown] = useState(checked);
  useEffect(() => setShown(checked), [checked]);
  return (
    <label className="inline check">
      <input
        type="checkbox"
        checked={shown}
        onChange={(e) => {
          setShown(e.target.checked);
          onChange(e.target.checked);
        }}
      />
      {children}
    </label>
  );
}
