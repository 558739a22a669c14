/**
 * `tracks`: objects followed through a video, one box per frame (see trackModel.ts for keyframes
 * and interpolation). The layer on the video surface draws and edits (TracksLayer.tsx); this side
 * card holds the labels with their keys, the tracks on the current frame and the selected track's
 * edits as buttons, and, read-only against a reference, the diff in words.
 */
import { useMemo } from "react";
import type { TracksControl } from "../../api/types";
import { Text } from "../../render";
import { useControlState } from "../controlState";
import { displayKey } from "../shortcuts";
import type { WidgetDef, WidgetProps } from "../types";
import { useRegionSelection } from "./regionSelection";
import { STATUS_TEXT, describeTrackRow, tracksDiff, type FrameStatus } from "./trackDiff";
import { editTrack, trackKey, type TrackCommand } from "./trackEdits";
import { TRACK_KEYS, TracksLayer, labelColour } from "./TracksLayer";
import { boxAt, isKeyframe, keyframesOf, type Track } from "./trackModel";
import { useFieldFrame } from "./videoContext";
import { VIDEO_KEYS } from "./VideoSurface";
import "./video.css";

type Props = WidgetProps<TracksControl, Track[]>;

const STATUSES: FrameStatus[] = ["matched", "wrong_label", "low_overlap", "extra", "missed"];

function TracksCard(props: Props) {
  const { control, value, readOnly, reference } = props;
  if (reference) return <TracksDiffCard control={control} value={value} reference={reference.value} />;
  if (readOnly) {
    return (
      <div className="tracks-card read-only">
        <TrackSummary tracks={value ?? []} />
      </div>
    );
  }
  return <TracksEditCard {...props} />;
}

function TrackSummary({ tracks }: { tracks: readonly Track[] }) {
  if (tracks.length === 0) return <p className="hint">No tracks.</p>;
  return (
    <ul className="track-list">
      {tracks.map((t) => {
        const frames = t.frames.map((f) => f.frame);
        return (
          <li key={trackKey(t)}>
            <Text value={`${t.label} #${t.track_id}: frames ${Math.min(...frames)}–${Math.max(...frames)}`} />
          </li>
        );
      })}
    </ul>
  );
}

function TracksEditCard({ control, value, onChange, keys, activate, notify, regions }: Props) {
  const tracks = useMemo(() => value ?? [], [value]);
  const frame = useFieldFrame(control.field);
  const [selected, select] = useRegionSelection(control.name, regions);
  const [label, setLabel] = useControlState(control.name, "label", control.labels[0] ?? "");
  const keyOf = new Map([...keys].map(([k, l]) => [l, k]));
  // Once per answer, not per frame: the card follows every step.
  const withKeyframes = useMemo(() => tracks.map((t) => ({ t, keyframes: keyframesOf(t) })), [tracks]);
  const here = withKeyframes.filter(({ keyframes }) => boxAt(keyframes, frame) !== null);
  const current = tracks.find((t) => trackKey(t) === selected);

  const apply = (command: TrackCommand, newLabel?: string) => {
    activate();
    const outcome = editTrack(tracks, selected, frame, command, newLabel);
    if ("error" in outcome) notify(outcome.error);
    else {
      if (command === "delete_track") select(null);
      onChange(outcome.value);
    }
  };

  return (
    <div className="tracks-card">
      <div className="span-legend" role="radiogroup" aria-label={`${control.name} labels`}>
        {control.labels.map((l) => (
          <button
            type="button"
            key={l}
            role="radio"
            aria-checked={l === label}
            className={`legend-item${l === label ? " chosen" : ""}`}
            style={{ borderLeft: `4px solid ${labelColour(control, l)}` }}
            onClick={() => {
              activate();
              if (current) apply("relabel", l);
              else setLabel(l);
            }}
          >
            {keyOf.get(l) && <kbd>{displayKey(keyOf.get(l)!)}</kbd>} <Text value={l} />
          </button>
        ))}
      </div>
      <p className="hint">
        Drag on the video for a new track ({label ? <Text value={label} /> : "pick a label"}). A label key
        relabels the selected track.
      </p>
      <h4>On frame {frame}</h4>
      {here.length === 0 ? (
        <p className="hint">No track on this frame.</p>
      ) : (
        <ul className="track-list" aria-label="Tracks on this frame">
          {here.map(({ t, keyframes }) => {
            const key = trackKey(t);
            return (
              <li
                key={key}
                className={key === selected ? "selected" : undefined}
                data-track={t.track_id}
                onClick={() => {
                  activate();
                  select(key);
                }}
              >
                <span className="chip" style={{ borderLeft: `4px solid ${labelColour(control, t.label)}` }}>
                  <Text value={t.label} />
                </span>
                #{t.track_id}
                <span className="hint">{isKeyframe(keyframes, frame) ? "keyframe" : "interpolated"}</span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="hint">
        {tracks.length} track{tracks.length === 1 ? "" : "s"} in all.
      </p>
      {current && (
        <div className="track-actions" aria-label="Selected track">
          <strong>
            <Text value={`${current.label} #${current.track_id}`} />
          </strong>{" "}
          <button type="button" onClick={() => apply("keyframe")}>
            Keyframe here (k)
          </button>{" "}
          <button type="button" onClick={() => apply("absent")}>
            Absent from here (e)
          </button>{" "}
          <button type="button" onClick={() => apply("delete_keyframe")}>
            Delete keyframe
          </button>{" "}
          <button type="button" onClick={() => apply("delete_track")}>
            Delete track
          </button>
        </div>
      )}
    </div>
  );
}

function TracksDiffCard({
  control,
  value,
  reference,
}: {
  control: TracksControl;
  value: Track[] | undefined;
  reference: Track[] | undefined;
}) {
  const rows = tracksDiff(value, reference, control.iou_threshold ?? 0.5);
  const present = new Set(rows.flatMap((r) => r.runs.map((run) => run.status)));
  return (
    <div className="tracks-card diff read-only">
      <div className="span-legend diff-legend" aria-label={`${control.name}: what the marks mean`}>
        {STATUSES.map((status) => (
          <span key={status} className={`legend-item${present.has(status) ? "" : " absent"}`}>
            <span className={`timeline-swatch run-${status}`} aria-hidden="true" /> {STATUS_TEXT[status].mark}{" "}
            {STATUS_TEXT[status].name}
          </span>
        ))}
        <span className="legend-item">Reference boxes are dashed</span>
      </div>
      {rows.length === 0 ? (
        <p className="hint">No tracks, in your answer or the reference.</p>
      ) : (
        <ul className="track-list diff-list">
          {rows.map((row, i) => (
            <li key={i} data-side={row.side} data-track={row.track.track_id}>
              <Text value={describeTrackRow(row)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const tracksWidget: WidgetDef<TracksControl, Track[]> = {
  Component: TracksCard,
  placement: "side",
  labels: (c) => c.labels,
  emptyAnswer: () => [],
  surface: { video: TracksLayer },
  describeRegion: (_control, track) => {
    const frames = track.frames.map((f) => f.frame);
    const keyframes = keyframesOf(track).filter((k) => k.box !== null).length;
    return `#${track.track_id}, frames ${Math.min(...frames)}–${Math.max(...frames)}, ${keyframes} keyframe${keyframes === 1 ? "" : "s"}`;
  },
  help: [...VIDEO_KEYS, ...TRACK_KEYS],
};
