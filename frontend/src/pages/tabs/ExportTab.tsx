/** Plain links to the streamed export: the browser downloads them without loading them here. */
import { api } from "../../api/endpoints";
import type { Project } from "../../api/types";

const FORMATS = [
  { format: "json", hint: "one JSON document" },
  { format: "jsonl", hint: "one item per line" },
  { format: "csv", hint: "spreadsheet-friendly" },
] as const;

export function ExportTab({ project }: { project: Project }) {
  return (
    <div className="card export">
      <p className="hint">Items with their annotations.</p>
      <div className="export-buttons">
        {FORMATS.map(({ format, hint }) => (
          <a
            key={format}
            className="button"
            href={api.exportUrl(project.id, format)}
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
