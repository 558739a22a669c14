/**
 * `boxes`: labelled rectangles on an image field. The layer (BoxesLayer) draws on the image
 * surface; this side card shows the labels with their keys (a key relabels the selected box, or
 * picks the label of the next one: the def has no `applyLabel`, the layer's key handler does it),
 * what is selected, and, read-only with a reference, the diff in words.
 */
import type { BoxesControl } from "../../api/types";
import { Text } from "../../render";
import type { WidgetDef, WidgetProps } from "../types";
import { BoxesLayer } from "./BoxesLayer";
import { boxDiff, type Box } from "./boxes";
import { LabelPicker, withRegionDiff } from "./RegionCard";
import { REGION_HELP } from "./regionKeys";
import { useLabelPick } from "./regionSelection";
import { VIEW_HELP } from "./viewport";

const px = (v: number) => Math.round(v);

function BoxesEditCard({
  control,
  value,
  onChange,
  keys,
  readOnly,
  regions,
  activate,
}: WidgetProps<BoxesControl, Box[]>) {
  const boxes = value ?? [];
  const { sel, label, selected, locked, pick } = useLabelPick(control, boxes, regions, onChange, activate);
  return (
    <div className="boxes-card">
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
          {selected ? (
            <>
              Selected: <Text value={selected.label} /> {px(selected.width)}×{px(selected.height)} at (
              {px(selected.x)}, {px(selected.y)})
              {locked ? " — locked" : " — a label key relabels it, arrows move, Alt+arrows resize"}{" "}
              {!locked && (
                <button
                  type="button"
                  onClick={() => {
                    onChange(boxes.length > 1 ? boxes.filter((b) => b !== selected) : undefined);
                    sel.select(null);
                  }}
                >
                  Delete box
                </button>
              )}
            </>
          ) : (
            <>
              Next box: <Text value={label} /> — drag on the image, or press N
            </>
          )}
        </p>
      )}
      <p className="hint" data-testid={`${control.name}-count`}>
        {boxes.length} {boxes.length === 1 ? "box" : "boxes"}
      </p>
    </div>
  );
}

export const boxesWidget: WidgetDef<BoxesControl, Box[]> = {
  Component: withRegionDiff(BoxesEditCard, {
    matches: (answer, refs, c) => boxDiff(answer, refs, c.iou_threshold),
    measure: "IoU",
    threshold: (c) => c.iou_threshold,
    noun: "boxes",
  }),
  placement: "side",
  labels: (c) => c.labels,
  emptyAnswer: () => [],
  surface: { image: BoxesLayer },
  describeRegion: (_, b) => `${px(b.width)}×${px(b.height)} at (${px(b.x)}, ${px(b.y)})`,
  help: [{ key: "N", does: "A new box in view (then arrows, Alt+arrows)" }, ...REGION_HELP, ...VIEW_HELP],
};
