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
import { LabelPicker, RegionDiffList } from "./RegionCard";
import { REGION_HELP } from "./regionKeys";
import { useNextLabel, useRegionSelection } from "./regionSelection";
import { VIEW_HELP } from "./viewport";

const px = (v: number) => Math.round(v);

function BoxesCard(props: WidgetProps<BoxesControl, Box[]>) {
  const { control, value, reference } = props;
  if (reference) {
    const answer = value ?? [];
    const refs = reference.value ?? [];
    return (
      <RegionDiffList
        name={control.name}
        matches={boxDiff(answer, refs, control.iou_threshold)}
        answerLabel={(i) => answer[i].label}
        referenceLabel={(j) => refs[j].label}
        measure="IoU"
        threshold={control.iou_threshold}
        noun="boxes"
      />
    );
  }
  return <BoxesEditCard {...props} />;
}

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
  const sel = useRegionSelection(control.name, regions);
  const [label, setLabel] = useNextLabel(control.name, control.labels);
  const selected = boxes.find((b) => b.id === sel.selected);
  const locked = selected ? sel.locked.has(selected.id!) : false;
  const pick = (next: string) => {
    activate();
    if (selected && !locked) onChange(boxes.map((b) => (b === selected ? { ...b, label: next } : b)));
    else setLabel(next);
  };
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
  Component: BoxesCard,
  placement: "side",
  labels: (c) => c.labels,
  emptyAnswer: () => [],
  surface: { image: BoxesLayer },
  describeRegion: (_, b) => `${px(b.width)}×${px(b.height)} at (${px(b.x)}, ${px(b.y)})`,
  help: [{ key: "N", does: "A new box in view (then arrows, Alt+arrows)" }, ...REGION_HELP, ...VIEW_HELP],
};
