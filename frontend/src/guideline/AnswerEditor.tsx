/**
 * An answer given with the labeling widgets (a guideline example's reference, a counterexample's
 * wrong answer): the labeling workspace, keys live only while it has the focus.
 */
import type { ItemData, Project, Result } from "../api/types";
import { DEFAULT_BINDINGS } from "../labeling/shortcuts";
import { Workspace } from "../labeling/Workspace";

export function AnswerEditor({
  project,
  data,
  value,
  onChange,
  label,
}: {
  project: Project;
  data: ItemData;
  value: Result;
  onChange: (next: Result) => void;
  label: string;
}) {
  return (
    <div className="answer-editor" aria-label={label} role="group">
      <h4>{label}</h4>
      <Workspace
        schema={project.schema}
        data={data}
        itemKey={label}
        result={value}
        onChange={(control, v) => {
          const next = { ...value };
          if (v === undefined) delete next[control];
          else next[control] = v;
          onChange(next);
        }}
        bindings={DEFAULT_BINDINGS}
        onAction={() => {}}
        keysEnabled
        keyScope="container"
        notify={() => {}}
      />
    </div>
  );
}
