/**
 * `ranking`: order the control's `items`, best first. Value: every item once, in ranked order
 * (the server refuses a partial ranking). Until the annotator moves an item or keeps the order
 * shown, the control has no answer: the items' schema order is not taken as their judgement.
 *
 * Drag an item onto another's place (HTML5 drag and drop: a short vertical list needs no drag
 * library), or by keyboard: ↑/↓ select an item, Alt+↑/↓ move it, Space keeps the order shown.
 * Read-only with a reference, each item says in words how far it is from the reference's place.
 */
import { useEffect, useState } from "react";
import type { RankingControl } from "../api/types";
import { Text } from "../render";
import "./ranking.css";
import type { WidgetDef, WidgetProps } from "./types";

/** The items in the order shown: the ranking's, then any item it lacks in schema order. */
export function rankedList(control: RankingControl, value: readonly string[] | undefined): string[] {
  const ranked = (value ?? []).filter(
    (item, i, all) => control.items.includes(item) && all.indexOf(item) === i,
  );
  return [...ranked, ...control.items.filter((item) => !ranked.includes(item))];
}

/** The list with the item at `from` moved to `to` (both clamped into the list). */
export function moveItem(list: readonly string[], from: number, to: number): string[] {
  const next = [...list];
  const target = Math.max(0, Math.min(list.length - 1, to));
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item);
  return next;
}

export interface RankDiff {
  item: string;
  /** 1-based places, yours and the reference's (null: the reference does not rank it). */
  yours: number;
  reference: number | null;
}

/** Each item of your ranking beside its place in the reference's. */
export function rankingDiff(value: readonly string[], reference: readonly string[] | undefined): RankDiff[] {
  return value.map((item, i) => {
    const at = reference?.indexOf(item) ?? -1;
    return { item, yours: i + 1, reference: at >= 0 ? at + 1 : null };
  });
}

/** The share the score counts: item pairs put in the same order as the reference. */
export function pairsInOrder(
  value: readonly string[],
  reference: readonly string[],
): { agree: number; pairs: number } {
  const common = value.filter((item) => reference.includes(item));
  let agree = 0;
  let pairs = 0;
  for (let i = 0; i < common.length; i++) {
    for (let j = i + 1; j < common.length; j++) {
      pairs += 1;
      if (reference.indexOf(common[i]) < reference.indexOf(common[j])) agree += 1;
    }
  }
  return { agree, pairs };
}

export function describeRankDiff(d: RankDiff): string {
  if (d.reference === null) return `#${d.yours}; the reference does not rank it`;
  const off = d.yours - d.reference;
  const places = (n: number) => `${n} ${n === 1 ? "place" : "places"}`;
  if (off === 0) return `✓ #${d.yours}, as in the reference`;
  return off > 0
    ? `↓ #${d.yours}: ${places(off)} lower than the reference (#${d.reference})`
    : `↑ #${d.yours}: ${places(-off)} higher than the reference (#${d.reference})`;
}

const diffKind = (d: RankDiff) =>
  d.reference === null
    ? "extra"
    : d.yours === d.reference
      ? "correct"
      : d.yours > d.reference
        ? "lower"
        : "higher";

function RankingDiff({ value, reference }: { value: string[] | undefined; reference: string[] | undefined }) {
  if (!value) {
    return (
      <div className="ranking diff read-only">
        <p className="diff-summary">No ranking given.</p>
        {reference && <RankedItems items={reference} caption="The reference's ranking" />}
      </div>
    );
  }
  const entries = rankingDiff(value, reference);
  const order = reference ? pairsInOrder(value, reference) : null;
  return (
    <div className="ranking diff read-only">
      {!reference && <p className="diff-summary">The reference gives no ranking.</p>}
      <ol className="ranking-list diff-list">
        {entries.map((d) => (
          <li
            key={d.item}
            data-item={d.item}
            data-kind={diffKind(d)}
            className={`rank-diff diff-${diffKind(d)}`}
          >
            <span className="rank-item">
              <Text value={d.item} />
            </span>{" "}
            <span className="diff-tag">
              <Text value={describeRankDiff(d)} />
            </span>
          </li>
        ))}
      </ol>
      {order && order.pairs > 0 && (
        <p className="diff-summary">
          {order.agree} of {order.pairs} pairs in the reference's order.
        </p>
      )}
    </div>
  );
}

function RankedItems({ items, caption }: { items: readonly string[]; caption: string }) {
  return (
    <ol className="ranking-list" aria-label={caption}>
      {items.map((item) => (
        <li key={item} data-item={item}>
          <Text value={item} />
        </li>
      ))}
    </ol>
  );
}

function RankingWidget({
  control,
  value,
  onChange,
  active,
  activate,
  setKeyHandler,
  readOnly,
  reference,
}: WidgetProps<RankingControl, string[]>) {
  const [selected, setSelected] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const list = rankedList(control, value);
  const move = (from: number, to: number) => onChange(moveItem(list, from, to));

  useEffect(() => {
    if (!active || readOnly) return;
    setKeyHandler((key) => {
      const at = selected === null ? -1 : list.indexOf(selected);
      if (key === "ArrowDown" || key === "ArrowUp") {
        const step = key === "ArrowDown" ? 1 : -1;
        setSelected(
          list[at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, at + step))],
        );
        return true;
      }
      if ((key === "alt+ArrowDown" || key === "alt+ArrowUp") && at >= 0) {
        move(at, at + (key === "alt+ArrowDown" ? 1 : -1));
        return true;
      }
      if (key === "Space" && value === undefined) {
        onChange(list);
        return true;
      }
      return false;
    });
    return () => setKeyHandler(null);
  });

  if (reference) return <RankingDiff value={value} reference={reference.value} />;
  if (readOnly) {
    return (
      <div className="ranking read-only">
        {value ? (
          <RankedItems items={value} caption={`${control.name}: ranking`} />
        ) : (
          <p className="hint">No ranking given.</p>
        )}
      </div>
    );
  }
  return (
    <div className="ranking" role="group" aria-label={control.name}>
      <p className="hint ranking-status" data-ranked={value !== undefined}>
        {value === undefined
          ? "Not ranked yet: drag the items into order (best first), or keep the order shown."
          : "Ranked, best first."}
      </p>
      <ol className="ranking-list">
        {list.map((item, i) => (
          <li
            key={item}
            data-item={item}
            className={`ranking-item${item === selected ? " selected" : ""}${item === dragged ? " dragging" : ""}`}
            aria-current={item === selected ? "true" : undefined}
            draggable
            onDragStart={(e) => {
              activate();
              setDragged(item);
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", item);
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = list.indexOf(dragged ?? e.dataTransfer.getData("text/plain"));
              if (from >= 0) move(from, i);
              setDragged(null);
            }}
            onDragEnd={() => setDragged(null)}
            onClick={() => {
              activate();
              setSelected(item);
            }}
          >
            <span className="rank">#{i + 1}</span>
            <span className="rank-item">
              <Text value={item} />
            </span>
            <button
              type="button"
              aria-label={`Move ${item} up`}
              disabled={i === 0}
              onClick={() => move(i, i - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={`Move ${item} down`}
              disabled={i === list.length - 1}
              onClick={() => move(i, i + 1)}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      {value === undefined ? (
        <button type="button" onClick={() => onChange(list)}>
          Keep this order
        </button>
      ) : (
        <button type="button" onClick={() => onChange(undefined)}>
          Clear the ranking
        </button>
      )}
    </div>
  );
}

export const rankingWidget: WidgetDef<RankingControl, string[]> = {
  Component: RankingWidget,
  placement: "side",
  labels: () => [],
  help: [
    { key: "↑/↓", does: "select an item of the ranking" },
    { key: "Alt+↑/↓", does: "move the selected item up or down" },
    { key: "Space", does: "keep the order shown as the ranking" },
  ],
};
