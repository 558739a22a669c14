/**
 * Plain links to the streamed export: the browser downloads them without loading them here.
 * Two options change the links: drafts (left out by default) and the consensus per control.
 */
import { useState } from "react";
import { api } from "../../api/endpoints";
import type { Project } from "../../api/types";

const FORMATS = [
  { format: "json", hint: "one JSON document" },
  { format: "jsonl", hint: "one item per line" },
  { format: "csv", hint: "spreadsheet-friendly, with meta.* columns" },
] as const;

export function ExportTab({ project }: { project: Project }) {
  const [includeDrafts, setIncludeDrafts] = useState(false);
  const [consensus, setConsensus] = useState(false);
  return (
    <div className="card export">
      <p className="hint">Items with their submitted annotations.</p>
      <div className="export-options">
        <label>
          <input
            type="checkbox"
            checked={includeDrafts}
            onChange={(e) => setIncludeDrafts(e.target.checked)}
          />{" "}
          Include drafts
        </label>
        <label>
          <input type="checkbox" checked={consensus} onChange={(e) => setConsensus(e.target.checked)} /> Add
          the consensus per control (value, method, confidence)
        </label>
      </div>
      <div className="export-buttons">
        {FORMATS.map(({ format, hint }) => (
          <a
            key={format}
            className="button"
            href={api.exportUrl(project.id, format, { includeDrafts, consensus })}
            download
            data-format={format}
          >
            Export {format.toUpperCase()} <span className="hint">({hint})</span>
          </a>
        ))}
      </div>
    </div>
  );
}
