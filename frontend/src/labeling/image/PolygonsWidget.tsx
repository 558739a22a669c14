/**
 * `polygons`: labelled outlines on an image field. The layer (PolygonsLayer) draws and edits on
 * the image surface; this side card shows the labels with their keys (a key relabels the
 * selected polygon or picks the next one's label), what is being drawn or is selected, and,
 * read-only with a reference, the diff in words.
 */
import type { PolygonsControl } from "../../api/types";
import { Text } from "../../render";
import type { WidgetDef, WidgetProps } from "../types";
import { PolygonsLayer, useDraft } from "./PolygonsLayer";
import { polygonDiff, type Polygon } from "./polygons";
import { LabelPicker, RegionDiffList } from "./RegionCard";
import { REGION_HELP } from "./regionKeys";
import { useNextLabel, useRegionSelection } from "./regionSelection";
import { VIEW_HELP } from "./viewport";

function PolygonsCard(props: WidgetProps<PolygonsControl, Polygon[]>) {
  const { control, value, reference } = props;
  if (reference) {
    const answer = value ?? [];
    const refs = reference.value ?? [];
    return (
      <RegionDiffList
        name={control.name}
        matches={polygonDiff(answer, refs, control.iou_threshold)}
        answerLabel={(i) => answer[i].label}
        referenceLabel={(j) => refs[j].label}
        measure="IoU"
        threshold={control.iou_threshold}
        noun="polygons"
      />
    );
  }
  return <PolygonsEditCard {...props} />;
}

function PolygonsEditCard({
  control,
  value,
  onChange,
  keys,
  readOnly,
  regions,
  activate,
}: WidgetProps<PolygonsControl, Polygon[]>) {
  const polygons = value ?? [];
  const sel = useRegionSelection(control.name, regions);
  const [label, setLabel] = useNextLabel(control.name, control.labels);
  const [draft] = useDraft(control.name);
  const selected = polygons.find((p) => p.id === sel.selected);
  const locked = selected ? sel.locked.has(selected.id!) : false;
  const pick = (next: string) => {
    activate();
    if (selected && !locked) onChange(polygons.map((p) => (p === selected ? { ...p, label: next } : p)));
    else setLabel(next);
  };
  return (
    <div className="polygons-card">
      <LabelPicker
        name={control.name}
        labels={control.labels}
        keys={keys}
        current={selected?.label ?? label}
        onPick={pick}
        disabled={readOnly}
      />
      {!readOnly && (
        <p className="region-status hint" aria-live="polite" data-testid={`${control.name}-status`}>
          {draft ? (
            <>
              Drawing <Text value={label} />: {draft.length} {draft.length === 1 ? "vertex" : "vertices"} —
              click the first vertex or press Enter to close, Backspace takes one back, Esc cancels
            </>
          ) : selected ? (
            <>
              Selected: <Text value={selected.label} />, {selected.points.length} vertices
              {locked
                ? " — locked"
                : " — drag it or a vertex, click a midpoint to add a vertex, , and . pick a vertex, Delete removes it"}{" "}
              {!locked && (
                <button
                  type="button"
                  onClick={() => {
                    onChange(polygons.length > 1 ? polygons.filter((p) => p !== selected) : undefined);
                    sel.select(null);
                  }}
                >
                  Delete polygon
                </button>
              )}
            </>
          ) : (
            <>
              Next polygon: <Text value={label} /> — click its vertices on the image
            </>
          )}
        </p>
      )}
      <p className="hint" data-testid={`${control.name}-count`}>
        {polygons.length} {polygons.length === 1 ? "polygon" : "polygons"}
      </p>
    </div>
  );
}

export const polygonsWidget: WidgetDef<PolygonsControl, Polygon[]> = {
  Component: PolygonsCard,
  placement: "side",
  labels: (c) => c.labels,
  emptyAnswer: () => [],
  surface: { image: PolygonsLayer },
  describeRegion: (_, p) => `${p.points.length} vertices`,
  help: [
    { key: "Enter", does: "Close the polygon being drawn (Backspace: remove its last vertex)" },
    { key: ", / .", does: "Select the previous / next vertex of the selected polygon" },
    { key: "Alt+click", does: "Delete a vertex" },
    ...REGION_HELP,
    ...VIEW_HELP,
  ],
};
