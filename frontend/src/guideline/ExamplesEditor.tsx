/**
 * Examples and counterexamples, for managers: pick an item, the section it illustrates and
 * optionally a control's label, answer it with the labeling widgets (the reference), and for a
 * counterexample also give the wrong answer a careless annotator would; say why.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import { guidelineApi, type GuidelineDraft, type GuidelineExample } from "../api/guidelines";
import type { ItemData, Project, Result } from "../api/types";
import { ErrorAlert } from "../components/Fields";
import { Text, toDisplayString, truncate } from "../render";
import { hasWidget, widgetFor } from "../labeling/registry";
import { AnswerEditor } from "./AnswerEditor";
import { ExampleCard } from "./ExampleCard";

type Kind = GuidelineExample["kind"];

export function ExamplesEditor({ project }: { project: Project }) {
  const [draft, setDraft] = useState<GuidelineDraft | null>(null);
  const [items, setItems] = useState<{ id: number; data: ItemData }[]>([]);
  const [itemId, setItemId] = useState<number | null>(null);
  const itemIdRef = useRef<number | null>(null);
  itemIdRef.current = itemId;
  const [kind, setKind] = useState<Kind>("example");
  const [section, setSection] = useState("");
  const [control, setControl] = useState("");
  const [label, setLabel] = useState("");
  const [explanation, setExplanation] = useState("");
  const [reference, setReference] = useState<Result>({});
  const [wrong, setWrong] = useState<Result>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    guidelineApi.draft(project.id).then(setDraft, (err: Error) => setError(err.message));
  }, [project.id]);
  useEffect(load, [load]);
  const [search, setSearch] = useState("");
  useEffect(() => {
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      api.items(project.id, 1, 100, { q: search.trim() || undefined }, abort.signal).then(
        (page) =>
          setItems((shown) => {
            // the picked item stays listed while the search moves on
            const picked = shown.filter((i) => i.id === itemIdRef.current);
            const found = page.items.map((i) => ({ id: i.id, data: i.data }));
            return [...picked.filter((p) => !found.some((f) => f.id === p.id)), ...found];
          }),
        (err: Error) => err.name !== "AbortError" && setError(err.message),
      );
    }, 250);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [project.id, search]);

  const item = items.find((i) => i.id === itemId) ?? null;
  const labels = useMemo(() => {
    const spec = project.schema.controls.find((c) => c.name === control);
    if (!spec || !hasWidget(spec)) return [];
    return widgetFor(spec)?.labels(spec) ?? [];
  }, [project.schema, control]);

  const pick = (id: number) => {
    setItemId(id);
    const existing = draft?.examples.find((e) => e.item_id === id);
    setKind(existing?.kind ?? "example");
    setSection(existing?.section ?? section);
    setControl(existing?.control ?? "");
    setLabel(existing?.label ?? "");
    setExplanation(existing?.explanation ?? "");
    setReference((existing?.reference as Result | undefined) ?? {});
    setWrong((existing?.wrong_result as Result | undefined) ?? {});
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (itemId === null) return;
    setBusy(true);
    setError(null);
    try {
      await guidelineApi.putExample(project.id, itemId, {
        kind,
        section,
        control: control || null,
        label: control && label ? label : null,
        explanation,
        reference,
        wrong_result: kind === "counterexample" ? wrong : null,
      });
      setItemId(null);
      load();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: number) => {
    if (!window.confirm(`Take item ${id} out of the guideline? (It stays gold.)`)) return;
    try {
      await guidelineApi.deleteExample(project.id, id);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (!draft) return error ? <ErrorAlert message={error} /> : <p className="hint">Loading…</p>;
  return (
    <div className="examples-editor">
      <h3>Examples in the guideline</h3>
      {draft.examples.length === 0 && <p className="hint">No examples yet.</p>}
      {draft.examples.map((ex) => (
        <div key={ex.item_id} className="example-row">
          <ExampleCard example={ex} schema={project.schema} />
          <div className="actions">
            <span className="hint">
              item {ex.item_id} · section <Text value={ex.section} />
            </span>
            <button type="button" onClick={() => pick(ex.item_id)}>
              Edit
            </button>
            <button type="button" onClick={() => void remove(ex.item_id)}>
              Remove
            </button>
          </div>
        </div>
      ))}
      <form className="card example-form" onSubmit={save} aria-label="Add an example">
        <h3>
          {itemId !== null && draft.examples.some((e) => e.item_id === itemId)
            ? "Edit example"
            : "Add an example"}
        </h3>
        <label>
          Find an item
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="text or id (the first 100 matches are listed)"
          />
        </label>
        <label>
          Item
          <select
            value={itemId ?? ""}
            onChange={(e) => (e.target.value ? pick(Number(e.target.value)) : setItemId(null))}
            aria-label="Item"
          >
            <option value="">Choose an item…</option>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.id}: {truncate(Object.values(i.data).map(toDisplayString).join(" · "), 80)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="inline">
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === "example"}
              onChange={() => setKind("example")}
            />{" "}
            Example
          </label>
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === "counterexample"}
              onChange={() => setKind("counterexample")}
            />{" "}
            Counterexample
          </label>
        </fieldset>
        <label>
          Section
          <select value={section} onChange={(e) => setSection(e.target.value)} aria-label="Section" required>
            <option value="">Choose a section…</option>
            {draft.sections.map((s) => (
              <option key={s.anchor} value={s.anchor}>
                {"  ".repeat(Math.max(0, s.depth - 1))}
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Control (optional)
          <select
            value={control}
            onChange={(e) => {
              setControl(e.target.value);
              setLabel("");
            }}
            aria-label="Control"
          >
            <option value="">—</option>
            {project.schema.controls.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {labels.length > 0 && (
          <label>
            Label (optional)
            <select value={label} onChange={(e) => setLabel(e.target.value)} aria-label="Label">
              <option value="">—</option>
              {labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        )}
        {item && (
          <div className={kind === "counterexample" ? "example-answers two" : "example-answers"}>
            {kind === "counterexample" && (
              <AnswerEditor
                project={project}
                data={item.data}
                value={wrong}
                onChange={setWrong}
                label="Wrong answer"
              />
            )}
            <AnswerEditor
              project={project}
              data={item.data}
              value={reference}
              onChange={setReference}
              label="Right answer (reference)"
            />
          </div>
        )}
        <label>
          {kind === "counterexample" ? "Why the wrong answer is wrong" : "Why this is the answer"}
          <textarea
            value={explanation}
            onChange={(e) => setExplanation(e.target.value)}
            rows={3}
            maxLength={20000}
          />
        </label>
        <button type="submit" className="primary" disabled={busy || itemId === null || !section}>
          Save example
        </button>
        <ErrorAlert message={error} />
      </form>
    </div>
  );
}
