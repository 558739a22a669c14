/**
 * `keypoints`: poses of named points on an image field, joined by the schema's skeleton. The
 * layer (KeypointsLayer) places and edits them on the image surface; this side card shows the
 * labels with their keys, the schema's points in order with each one's state (the next one to
 * place marked), and, read-only with a reference, the diff in words (OKS against the threshold).
 */
import type { KeypointsControl } from "../../api/types";
import { Text } from "../../render";
import type { WidgetDef, WidgetProps } from "../types";
import { HIDDEN, NOT_PLACED, poseDiff, type Pose } from "./keypoints";
import { KeypointsLayer, usePlacing, useSelectedPoint } from "./KeypointsLayer";
import { LabelPicker, withRegionDiff } from "./RegionCard";
import { REGION_HELP } from "./regionKeys";
import { useLabelPick } from "./regionSelection";
import { VIEW_HELP } from "./viewport";

const STATE_TEXT = ["not placed", "hidden", "visible"] as const;
const STATE_MARK = ["·", "◐", "●"] as const;

function KeypointsEditCard({
  control,
  value,
  onChange,
  keys,
  readOnly,
  regions,
  activate,
}: WidgetProps<KeypointsControl, Pose[]>) {
  const poses = value ?? [];
  const [placing] = usePlacing(control.name);
  const { sel, label, selected, locked, pick } = useLabelPick(
    control,
    poses,
    regions,
    onChange,
    activate,
    placing?.id,
  );
  const { point } = useSelectedPoint(control.name, sel.selected);
  const next = placing?.next ?? null;
  const placed = selected ? selected.points.filter((p) => p[2] !== NOT_PLACED).length : 0;
  return (
    <div className="keypoints-card">
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
          {next !== null ? (
            <>
              Placing <Text value={selected?.label ?? label} />: next point{" "}
              <strong>
                <Text value={control.points[next]} />
              </strong>{" "}
              — click on the image; X skips it, Esc stops
            </>
          ) : selected ? (
            <>
              Selected: <Text value={selected.label} />, {placed}/{control.points.length} points
              {point !== null && (
                <>
                  , point <Text value={control.points[point]} /> ({STATE_TEXT[selected.points[point][2]]})
                </>
              )}
              {locked ? " — locked" : " — V toggles a point's visibility, P places the missing points"}
            </>
          ) : (
            <>
              Next pose: <Text value={label} /> — click on the image to place{" "}
              <Text value={control.points[0]} />, or press N
            </>
          )}
        </p>
      )}
      {selected && (
        <ol className="pose-points" aria-label="Points of the selected pose">
          {control.points.map((name, i) => {
            const v = selected.points[i]?.[2] ?? NOT_PLACED;
            return (
              <li key={name} data-point={name} data-visibility={v} data-next={i === next || undefined}>
                {STATE_MARK[v]} <Text value={name} />
                {v === HIDDEN ? " (hidden)" : v === NOT_PLACED ? " (not placed)" : ""}
              </li>
            );
          })}
        </ol>
      )}
      <p className="hint" data-testid={`${control.name}-count`}>
        {poses.length} {poses.length === 1 ? "pose" : "poses"}
      </p>
    </div>
  );
}

export const keypointsWidget: WidgetDef<KeypointsControl, Pose[]> = {
  Component: withRegionDiff(KeypointsEditCard, {
    matches: poseDiff,
    measure: "OKS",
    threshold: (c) => c.oks_threshold,
    noun: "poses",
  }),
  placement: "side",
  labels: (c) => c.labels,
  emptyAnswer: () => [],
  surface: { image: KeypointsLayer },
  describeRegion: (c, pose) =>
    `${pose.points.filter((p) => p[2] !== NOT_PLACED).length}/${c.points.length} points`,
  help: [
    { key: "N", does: "Start a new pose (then click each point in order)" },
    { key: "X", does: "Skip the next point while placing (left unplaced)" },
    { key: "P", does: "Place the selected pose's missing points" },
    { key: ", / .", does: "Select the previous / next point of the selected pose" },
    { key: "V / Alt+click", does: "Toggle the point's visibility (visible ↔ hidden)" },
    ...REGION_HELP,
    ...VIEW_HELP,
  ],
};
