/** The Members tab's caps (managers): how many production items one person may take, as a number
 * and/or a share of the items, so that a few fast people do not shape the whole dataset. At the
 * cap the labeling page tells the person their share is done. Blank: no such cap. */
import { useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import type { Project } from "../api/types";
import { ErrorAlert } from "../components/Fields";

export function WorkloadForm({ project }: { project: Project }) {
  const stored = project.workload ?? { cap_items: null, cap_share: null };
  const [items, setItems] = useState(stored.cap_items == null ? "" : String(stored.cap_items));
  const [share, setShare] = useState(
    stored.cap_share == null ? "" : String(Math.round(stored.cap_share * 1000) / 10),
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    setError(null);
    const capItems = items.trim() === "" ? null : Number(items);
    const capShare = share.trim() === "" ? null : Number(share) / 100;
    if (capItems !== null && !(Number.isInteger(capItems) && capItems >= 1)) {
      setError("The item cap is a whole number of 1 or more (blank: none).");
      return;
    }
    if (capShare !== null && !(capShare > 0 && capShare <= 1)) {
      setError("The share is a percentage above 0 and at most 100 (blank: none).");
      return;
    }
    try {
      await api.updateProject(project.id, { workload: { cap_items: capItems, cap_share: capShare } });
      setNotice(
        capItems === null && capShare === null
          ? "No caps: anyone may label any number of items."
          : "Caps saved.",
      );
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <form className="inline-form workload-form" onSubmit={(e) => void save(e)} aria-label="Caps per person">
      <span>Each person labels at most</span>
      <input
        type="number"
        min={1}
        step={1}
        value={items}
        placeholder="any"
        onChange={(e) => setItems(e.target.value)}
        aria-label="Items per person"
        style={{ width: "6em" }}
      />
      <span>items and at most</span>
      <input
        type="number"
        min={0.1}
        max={100}
        step={0.1}
        value={share}
        placeholder="any"
        onChange={(e) => setShare(e.target.value)}
        aria-label="Share of the project (%)"
        style={{ width: "6em" }}
      />
      <span>% of them</span>
      <button type="submit">Save caps</button>
      {notice && (
        <span className="ok" role="status">
          {notice}
        </span>
      )}
      <ErrorAlert message={error} />
    </form>
  );
}
