/** The Items tab's "Priority" action (managers), beside "Assign": the selected items get a queue
 * priority (higher is served sooner, 0 the default). The route takes ids only, so unlike
 * "Assign" it does not act on "all matching" items: select rows first. */
import { useState } from "react";
import { finalApi } from "../../api/final";
import type { Project } from "../../api/types";

export const MAX_PRIORITY = 1000;

export function ItemPriority({
  project,
  selected,
  onDone,
}: {
  project: Project;
  selected: number[];
  onDone: (message: { kind: "ok" | "error"; text: string }) => void;
}) {
  const [priority, setPriority] = useState("1");
  const value = Number(priority);
  const valid = priority.trim() !== "" && Number.isInteger(value) && Math.abs(value) <= MAX_PRIORITY;

  const apply = async () => {
    try {
      const r = await finalApi.setPriority(project.id, selected, value);
      onDone({
        kind: "ok",
        text: `${r.updated} item${r.updated === 1 ? " now has" : "s now have"} priority ${value}.`,
      });
    } catch (err) {
      onDone({ kind: "error", text: (err as Error).message });
    }
  };

  return (
    <span className="item-priority">
      <input
        type="number"
        min={-MAX_PRIORITY}
        max={MAX_PRIORITY}
        step={1}
        value={priority}
        onChange={(e) => setPriority(e.target.value)}
        aria-label="Priority"
        title="Higher is served sooner; 0 is the default"
      />
      <button
        type="button"
        disabled={selected.length === 0 || !valid}
        title={selected.length === 0 ? "Select items first" : undefined}
        onClick={() => void apply()}
      >
        Set priority{selected.length > 0 ? ` of ${selected.length} selected` : ""}
      </button>
    </span>
  );
}
