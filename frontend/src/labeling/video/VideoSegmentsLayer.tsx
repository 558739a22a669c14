/**
 * The segments control's layer on the video surface: its segments as bars on the timeline (lanes
 * where they overlap), made and edited with keys at the playhead — `[` and `]` on a segment's
 * first and last frame, edges nudged by one frame (videoSegments.ts). The side card is the
 * segments widget's own (audio/SegmentsWidget.tsx); the two share the selection, the next label,
 * the marked start and a player through segmentState.ts. Read-only against a reference, your
 * segments and the reference's are drawn as two rows, each segment tagged with its diff.
 */
import { memo, useCallback, useEffect, useMemo } from "react";
import { createPortal } from "react-dom";
import type { SegmentsControl } from "../../api/types";
import { Text } from "../../render";
import type { TimeSegment } from "../audio/segments";
import { describeSegmentDiff, segmentsDiff } from "../audio/segmentsDiff";
import {
  labelColour,
  useFocusText,
  useMark,
  useNextLabel,
  usePlayer,
  useSegmentSelection,
  type SegmentPlayer,
} from "../audio/segmentState";
import { MATCH_TEXT } from "../image/regionMatch";
import type { WidgetProps } from "../types";
import { frameOfTime } from "./frameMath";
import { timelinePercent, useVideo, type VideoGeometry } from "./videoContext";
import { packLanes, videoSegmentCommand } from "./videoSegments";

type Props = WidgetProps<SegmentsControl, TimeSegment[]>;

export function VideoSegmentsLayer(props: Props) {
  return props.readOnly ? <ReadOnlySegments {...props} /> : <EditableSegments {...props} />;
}

/** A bar's place on the timeline: seconds → percent of the clip's frames. */
function place(video: Pick<VideoGeometry, "fps" | "frames">, s: { start: number; end: number }) {
  return {
    left: timelinePercent(s.start * video.fps, video.frames),
    width: timelinePercent((s.end - s.start) * video.fps, video.frames),
  };
}

/** The video's player in the shape the segments card uses (seek to a segment, play it). */
function usePublishedPlayer(control: string, video: VideoGeometry) {
  const [, setPlayer] = usePlayer(control);
  const { player, fps, frames } = video;
  const published = useMemo<SegmentPlayer>(
    () => ({
      ready: true,
      duration: frames / fps,
      seekTo: (time) => player.seekFrame(frameOfTime(time, fps)),
      playRange: player.playRange,
    }),
    [player, fps, frames],
  );
  useEffect(() => {
    setPlayer(published);
    return () => setPlayer(null);
  }, [published, setPlayer]);
}

function EditableSegments({
  control,
  value,
  onChange,
  active,
  keys,
  activate,
  setKeyHandler,
  notify,
  regions,
}: Props) {
  const video = useVideo();
  const { selected, select, hidden, locked } = useSegmentSelection(control.name, regions);
  const [label, setLabel] = useNextLabel(control.name, control.labels[0] ?? "");
  const [mark, setMark] = useMark(control.name);
  const [focusText, setFocusText] = useFocusText(control.name);
  usePublishedPlayer(control.name, video);

  useEffect(() => {
    if (!active) return;
    setKeyHandler((key) => {
      const command = videoSegmentCommand(key, {
        value,
        selected,
        locked,
        label,
        keys,
        mark,
        frame: video.frame.get(),
        fps: video.fps,
        frames: video.frames,
      });
      if (!command) return video.player.handleKey(key);
      switch (command.kind) {
        case "change":
          onChange(command.value.length > 0 ? command.value : undefined);
          if (command.select !== undefined) select(command.select);
          if (command.select) setMark(null);
          break;
        case "select":
          select(command.id);
          if (command.frame !== undefined) video.player.seekFrame(command.frame);
          break;
        case "mark":
          setMark(command.time);
          break;
        case "label":
          setLabel(command.label);
          break;
        case "notify":
          notify(command.message);
          break;
        case "playSegment": {
          const segment = (value ?? []).find((x) => x.id === command.id);
          if (segment) video.player.playRange(segment.start, segment.end);
          break;
        }
        case "focusText":
          setFocusText(focusText + 1);
          break;
      }
      return true;
    });
    return () => setKeyHandler(null);
  });

  const onSelect = useCallback(
    (id: string) => {
      activate();
      select(id);
    },
    [activate, select],
  );
  const shown = useMemo(() => (value ?? []).filter((s) => !hidden.has(s.id)), [value, hidden]);
  if (!video.timeline) return null;
  return createPortal(
    <SegmentRows
      control={control}
      segments={shown}
      selected={selected}
      mark={mark}
      fps={video.fps}
      frames={video.frames}
      onSelect={onSelect}
    />,
    video.timeline,
  );
}

/** The segments' bars, one lane per overlap; memoised on the answer, not the frame. */
const SegmentRows = memo(function SegmentRows({
  control,
  segments,
  selected,
  mark,
  fps,
  frames,
  onSelect,
}: {
  control: SegmentsControl;
  segments: readonly TimeSegment[];
  selected: string | null;
  mark: number | null;
  fps: number;
  frames: number;
  onSelect: (id: string) => void;
}) {
  const lanes = packLanes(segments);
  const count = Math.max(1, ...[...lanes.values()].map((l) => l + 1));
  return (
    <div
      className="timeline-group segments"
      data-control={control.name}
      aria-label={`${control.name} segments`}
    >
      {Array.from({ length: count }, (_, lane) => (
        <div key={lane} className="timeline-row" data-lane={lane}>
          {lane === 0 && (
            <span className="timeline-row-name">
              <Text value={control.name} />
            </span>
          )}
          {segments
            .filter((s) => lanes.get(s.id) === lane)
            .map((s) => (
              <span
                key={s.id}
                className={`timeline-bar segment-bar${s.id === selected ? " selected" : ""}`}
                data-segment={s.id}
                data-label={s.label}
                style={{
                  ...place({ fps, frames }, s),
                  background: labelColour(control.labels, s.label, 0.9),
                }}
                title={`${s.label}: frames ${frameOfTime(s.start, fps)}–${frameOfTime(s.end, fps) - 1}`}
                onPointerDown={() => onSelect(s.id)}
              >
                <Text value={s.label} />
              </span>
            ))}
          {lane === 0 && mark !== null && (
            <span
              className="timeline-mark"
              data-testid="segment-mark"
              style={{ left: timelinePercent(mark * fps, frames) }}
            />
          )}
        </div>
      ))}
    </div>
  );
});

function ReadOnlySegments({ control, value, reference }: Props) {
  const video = useVideo();
  if (!video.timeline) return null;
  return createPortal(
    reference ? (
      <SegmentDiffRows
        control={control}
        value={value}
        reference={reference.value}
        fps={video.fps}
        frames={video.frames}
      />
    ) : (
      <SegmentRows
        control={control}
        segments={value ?? []}
        selected={null}
        mark={null}
        fps={video.fps}
        frames={video.frames}
        onSelect={() => {}}
      />
    ),
    video.timeline,
  );
}

/** Your segments and the reference's as two rows, each bar patterned and marked by its diff. */
function SegmentDiffRows({
  control,
  value,
  reference,
  fps,
  frames,
}: {
  control: SegmentsControl;
  value: TimeSegment[] | undefined;
  reference: TimeSegment[] | undefined;
  fps: number;
  frames: number;
}) {
  const threshold = control.iou_threshold ?? 0.5;
  const diff = segmentsDiff(value, reference, threshold);
  const bar = (s: TimeSegment, kind: string, text: string, title: string, extra = "") => (
    <span
      key={s.id ?? `${s.start}-${s.end}`}
      className={`timeline-bar run-${kind}${extra}`}
      data-status={kind}
      style={place({ fps, frames }, s)}
      title={title}
    >
      <Text value={text} />
    </span>
  );
  return (
    <div
      className="timeline-group segments diff"
      data-control={control.name}
      aria-label={`${control.name} against the reference`}
    >
      <div className="timeline-row" data-side="yours">
        <span className="timeline-row-name">
          <Text value={`${control.name}: your segments`} />
        </span>
        {diff
          .filter((e) => e.answer)
          .map((e) =>
            bar(
              e.answer!,
              e.kind,
              `${MATCH_TEXT[e.kind].mark} ${e.answer!.label}`,
              describeSegmentDiff(e, threshold),
            ),
          )}
      </div>
      <div className="timeline-row reference" data-side="reference">
        <span className="timeline-row-name">
          <Text value={`${control.name}: reference (dashed)`} />
        </span>
        {diff
          .filter((e) => e.reference)
          .map((e) =>
            e.kind === "missed"
              ? bar(
                  e.reference!,
                  "missed",
                  `${MATCH_TEXT.missed.mark} ${e.reference!.label}`,
                  describeSegmentDiff(e, threshold),
                )
              : bar(
                  e.reference!,
                  "reference",
                  e.reference!.label,
                  `reference ${e.reference!.label}`,
                  " reference",
                ),
          )}
      </div>
    </div>
  );
}
