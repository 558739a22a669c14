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
import { LabelPicker, withRegionDiff } from "./RegionCard";
import { REGION_HELP } from "./regionKeys";
import { useLabelPick } from "./regionSelection";
import { VIEW_HELP } from "./viewport";

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
  const { sel, label, selected, locked, pick } = useLabelPick(control, polygons, regions, onChange, activate);
  const [draft] = useDraft(control.name);
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
  Component: withRegionDiff(PolygonsEditCard, {
    matches: (answer, refs, c) => polygonDiff(answer, refs, c.iou_threshold),
    measure: "IoU",
    threshold: (c) => c.iou_threshold,
    noun: "polygons",
  }),
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
