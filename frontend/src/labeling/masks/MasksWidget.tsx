/**
 * `masks`: labelled pixel masks painted on an image (semantic or instance segmentation). The
 * painting happens on the image surface (MaskLayer.tsx); this is the control's side card: the
 * labels with their keys, the tools (brush, eraser, polygon fill), brush size and opacity (the
 * shell's region list selects, hides, locks, relabels and deletes masks, described by their area).
 * Read-only it says in words how an answer differs from a reference (MaskDiffCard.tsx). Value:
 * `[{id, rle: {size: [h, w], counts}, label}]` in COCO RLE (rle.ts); left with no mask the answer
 * is `[]`, never a missing key.
 */
import type { MasksControl } from "../../api/types";
import { Text } from "../../render";
import { displayKey } from "../shortcuts";
import type { WidgetDef, WidgetProps } from "../types";
import { labelColour } from "../image/palette";
import { useRegionSelection } from "../image/regionSelection";
import { MaskDiffCard, areaText } from "./MaskDiffCard";
import { MaskLayer } from "./MaskLayer";
import { relabelSelected, type MaskTool, type StoredMask } from "./painting";
import {
  FILL_KEY,
  LARGER_KEY,
  MAX_SIZE,
  MIN_SIZE,
  NEW_MASK_KEY,
  SMALLER_KEY,
  TOOL_KEYS,
  TOOL_NAMES,
  useMaskTools,
} from "./tools";
import "./masks.css";

function MasksCard(props: WidgetProps<MasksControl, StoredMask[]>) {
  const { control, value, onChange, keys, activate, readOnly, reference } = props;
  const tools = useMaskTools(control);
  const regions = useRegionSelection(control.name, props.regions);
  if (readOnly) return <MaskDiffCard control={control} value={value} reference={reference} />;
  const keyOf = new Map([...keys].map(([k, label]) => [label, k]));
  const toolKey = new Map(Object.entries(TOOL_KEYS).map(([k, tool]) => [tool, k]));

  const chooseLabel = (label: string) => {
    activate();
    tools.setLabel(label);
    const next = relabelSelected(value ?? [], regions.selected, regions.locked, label);
    if (next) onChange(next);
  };

  return (
    <div className="masks-card" onMouseDown={activate}>
      <div className="mask-labels" role="radiogroup" aria-label={`${control.name} label`}>
        {control.labels.map((label) => (
          <button
            key={label}
            type="button"
            role="radio"
            aria-checked={tools.label === label}
            className={`option${tools.label === label ? " selected" : ""}`}
            data-label={label}
            onClick={() => chooseLabel(label)}
          >
            <span className="swatch" style={{ background: labelColour(control.labels, label) }} />
            {keyOf.get(label) && <kbd>{displayKey(keyOf.get(label)!)}</kbd>}
            <Text value={label} />
          </button>
        ))}
      </div>
      <div className="mask-tools" role="radiogroup" aria-label="Tool">
        {(Object.keys(TOOL_NAMES) as MaskTool[]).map((tool) => (
          <button
            key={tool}
            type="button"
            role="radio"
            aria-checked={tools.tool === tool}
            className={`option${tools.tool === tool ? " selected" : ""}`}
            onClick={() => tools.setTool(tool)}
          >
            <kbd>{displayKey(toolKey.get(tool)!)}</kbd> {TOOL_NAMES[tool]}
          </button>
        ))}
      </div>
      <label className="mask-slider" title={`Smaller / larger: ${SMALLER_KEY} / ${LARGER_KEY}`}>
        <span>
          Brush size{" "}
          <kbd>
            {SMALLER_KEY} {LARGER_KEY}
          </kbd>
        </span>
        <input
          type="range"
          min={MIN_SIZE}
          max={MAX_SIZE}
          value={tools.size}
          onChange={(e) => tools.setSize(Number(e.target.value))}
        />
        <output data-testid="mask-size">{tools.size} px</output>
      </label>
      <label className="mask-slider">
        <span>Opacity</span>
        <input
          type="range"
          min={0.1}
          max={1}
          step={0.05}
          value={tools.opacity}
          onChange={(e) => tools.setOpacity(Number(e.target.value))}
        />
        <output>{Math.round(tools.opacity * 100)} %</output>
      </label>
      {tools.tool === "polygon" && (
        <p className="hint">
          Click the corners, then <kbd>{displayKey(FILL_KEY)}</kbd>, a double-click or a click on the first
          corner fills it; Escape cancels.
        </p>
      )}
    </div>
  );
}

export const masksWidget: WidgetDef<MasksControl, StoredMask[]> = {
  Component: MasksCard,
  placement: "side",
  labels: (c) => c.labels,
  emptyAnswer: () => [],
  surface: { image: MaskLayer },
  describeRegion: (_control, mask) => areaText(mask),
  help: [
    { key: "B", does: "Masks: brush" },
    { key: "E", does: "Masks: eraser (the selected mask, else every mask of the current label)" },
    { key: "Alt+drag", does: "Masks: erase with the brush tool" },
    { key: "P", does: "Masks: polygon fill (click corners)" },
    { key: displayKey(FILL_KEY), does: "Masks: fill the polygon drawn so far" },
    { key: `${SMALLER_KEY} / ${LARGER_KEY}`, does: "Masks: smaller / larger brush" },
    { key: displayKey(NEW_MASK_KEY), does: "Masks: start a new mask (deselect)" },
    { key: "Escape", does: "Masks: cancel the polygon, else deselect" },
  ],
};
