/**
 * An answer drawn by the labeling page's own widgets, read-only: the workspace inside an inert
 * container (no pointer, focus or key reaches it) with its keys off. Stands in until the shared
 * `AnswerView` (training UI) lands; the guideline then uses that.
 */
import type { ItemData, ProjectSchema, Result } from "../api/types";
import { DEFAULT_BINDINGS } from "../labeling/shortcuts";
import { Workspace } from "../labeling/Workspace";

const noop = () => {};

export function ReadOnlyAnswer({
  schema,
  data,
  result,
  itemKey,
}: {
  schema: ProjectSchema;
  data: ItemData;
  result: Result;
  itemKey: string;
}) {
  return (
    <div className="read-only-answer" inert>
      <Workspace
        schema={schema}
        data={data}
        itemKey={itemKey}
        result={result}
        onChange={noop}
        bindings={DEFAULT_BINDINGS}
        onAction={noop}
        keysEnabled={false}
        keyScope="container"
        notify={noop}
      />
    </div>
  );
}
