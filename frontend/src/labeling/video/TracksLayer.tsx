/**
 * The tracks control's layer on the video surface: the boxes of the current frame over the video
 * (draw a box on empty ground for a new track; drag or resize a box to set a keyframe there; on a
 * frame the selected track does not reach, its last box is offered dashed to extend it), and one
 * timeline row per track (its frames as bars, its keyframes as ticks). With `reference`, read-only:
 * both answers on the frame and each pair's frame-by-frame status on the timeline, in words.
 */
import type Konva from "konva";
import { Fragment, memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { Label, Layer, Rect, Stage, Tag, Text as KText, Transformer } from "react-konva";
import type { TracksControl } from "../../api/types";
import { Text } from "../../render";
import { useControlState } from "../controlState";
import type { WidgetProps } from "../types";
import { useRegionSelection } from "./regionSelection";
import { boxInView, cropToImage, rectFromDrag } from "../image/boxGeometry";
import { STATUS_TEXT, describeFrameMatch, lookups, matchFrame, tracksDiff, type TrackRow } from "./trackDiff";
import { boxKey, editTrack, replaceTrack, trackKey, type TrackCommand } from "./trackEdits";
import {
  boxAt,
  frameRuns,
  ghostBox,
  isKeyframe,
  keyframesOf,
  newTrack,
  setBox,
  type Box,
  type Keyframe,
  type Track,
} from "./trackModel";
import { timelinePercent, useFrame, useVideo } from "./videoContext";

type Props = WidgetProps<TracksControl, Track[]>;

const PALETTE = ["#2e90fa", "#f79009", "#12b76a", "#9e77ed", "#f04438", "#06aed4", "#ee46bc", "#667085"];
export const labelColour = (control: TracksControl, label: string) =>
  PALETTE[Math.max(0, control.labels.indexOf(label)) % PALETTE.length];
/** Boxes smaller than this (display pixels) are a click, not a drawing. */
const MIN_DRAG = 4;

/** Keys of the tracks layer beyond the player's, in the shortcut help. */
export const TRACK_KEYS = [
  { key: "1–9, 0", does: "Relabel the selected track (the whole track), else pick the label for new boxes" },
  { key: "n", does: "A new track: a box on this frame, a third of the picture, with the current label" },
  { key: "Ctrl+←↑→↓", does: "Move the selected track's box on this frame: a keyframe here (Shift: ×10)" },
  { key: "Alt+←↑→↓", does: "Resize the selected track's box on this frame: a keyframe here (Shift: ×10)" },
  { key: "k", does: "Keyframe the selected track on this frame (extends it here)" },
  { key: "e", does: "End the selected track here: absent from this frame on (until its next keyframe)" },
  { key: "Shift+Delete", does: "Delete the selected track's keyframe on this frame" },
  { key: "Delete", does: "Delete the selected track" },
  { key: "Escape", does: "Deselect" },
] as const;

const KEY_COMMANDS: Record<string, TrackCommand> = {
  k: "keyframe",
  e: "absent",
  "shift+Delete": "delete_keyframe",
  "shift+Backspace": "delete_keyframe",
  Delete: "delete_track",
  Backspace: "delete_track",
};

export function TracksLayer(props: Props) {
  return props.reference ? <TracksDiffLayer {...props} /> : <TracksEditLayer {...props} />;
}

function useVideoStage() {
  const video = useVideo();
  const frame = useFrame(video.frame);
  const w = video.width ?? 0;
  const h = video.height ?? 0;
  return { video, frame, w, h, displayW: Math.round(w * video.scale), displayH: Math.round(h * video.scale) };
}

/** A box with its name tag (above it; below it for a reference, so the two tags of a matched
 * pair never cover each other); dashed for a reference or an offer to extend. */
function BoxShape({
  box,
  colour,
  text,
  dashed,
  scale,
  strokeWidth = 2,
  tagBelow = false,
}: {
  box: Box;
  colour: string;
  text: string;
  dashed?: boolean;
  scale: number;
  strokeWidth?: number;
  tagBelow?: boolean;
}) {
  return (
    <>
      <Rect
        x={box.x}
        y={box.y}
        width={box.width}
        height={box.height}
        stroke={colour}
        strokeWidth={strokeWidth / scale}
        dash={dashed ? [6 / scale, 4 / scale] : undefined}
        listening={false}
      />
      <Label
        x={box.x}
        y={tagBelow ? box.y + box.height : box.y}
        offsetY={tagBelow ? 0 : 16 / scale}
        listening={false}
      >
        <Tag fill={colour} opacity={0.85} />
        <KText text={text} fontSize={12 / scale} padding={2 / scale} fill="#fff" />
      </Label>
    </>
  );
}

function TracksEditLayer({
  control,
  value,
  onChange,
  active,
  keys,
  activate,
  setKeyHandler,
  notify,
  readOnly,
  regions,
}: Props) {
  const { video, frame, w, h, displayW, displayH } = useVideoStage();
  const tracks = useMemo(() => value ?? [], [value]);
  const keyframes = useMemo(() => tracks.map(keyframesOf), [tracks]);
  const [selected, select] = useRegionSelection(control.name, regions);
  const [label, setLabel] = useControlState(control.name, "label", control.labels[0] ?? "");
  const [drawing, setDrawing] = useState<{ x0: number; y0: number; box: Box } | null>(null);
  const selectedRef = useRef<Konva.Rect | null>(null);
  const transformerRef = useRef<Konva.Transformer | null>(null);
  const hidden = regions?.hidden;
  const locked = regions?.locked;
  const selectedIndex = tracks.findIndex((t) => trackKey(t) === selected);
  const editable = !readOnly;
  // Stable across frame steps, so the timeline rows (memoised) are not redrawn on each one.
  const selectFromRow = useCallback(
    (key: string) => {
      activate();
      select(key);
    },
    [activate, select],
  );

  const apply = (command: TrackCommand, newLabel?: string) => {
    const outcome = editTrack(tracks, selected, video.frame.get(), command, newLabel);
    if ("error" in outcome) notify(outcome.error);
    else {
      if (command === "delete_track") select(null);
      onChange(outcome.value);
    }
  };

  useEffect(() => {
    if (!active || readOnly) return;
    setKeyHandler((key) => {
      const keyLabel = keys.get(key);
      if (keyLabel !== undefined) {
        if (selectedIndex >= 0) apply("relabel", keyLabel);
        else setLabel(keyLabel);
        return true;
      }
      if (key === "n") {
        if (!control.labels.includes(label)) notify("Pick a label first.");
        else if (video.width && video.height) {
          const size = { width: video.width, height: video.height };
          const track = newTrack(tracks, video.frame.get(), boxInView({ x: 0, y: 0, ...size }, size), label);
          onChange([...tracks, track]);
          select(trackKey(track));
        }
        return true;
      }
      if (video.width && video.height && !locked?.has(selected!)) {
        const size = { width: video.width, height: video.height };
        const moved = boxKey(tracks, selected, video.frame.get(), key, size);
        if (moved) {
          if ("error" in moved) notify(moved.error);
          else onChange(moved.value);
          return true;
        }
      }
      const command = KEY_COMMANDS[key];
      if (command && selectedIndex >= 0) {
        if (locked?.has(selected!)) notify("That track is locked.");
        else apply(command);
        return true;
      }
      if (key === "Escape" && selected !== null) {
        select(null);
        return true;
      }
      return video.player.handleKey(key);
    });
    return () => setKeyHandler(null);
  });

  const selectedBox = selectedIndex >= 0 ? boxAt(keyframes[selectedIndex], frame) : null;
  const offer =
    editable && selectedIndex >= 0 && selectedBox === null && !hidden?.has(selected!)
      ? ghostBox(keyframes[selectedIndex], frame)
      : null;
  const canEditSelected = editable && selectedIndex >= 0 && !locked?.has(selected!);

  useEffect(() => {
    const tr = transformerRef.current;
    if (!tr) return;
    tr.nodes(canEditSelected && selectedRef.current ? [selectedRef.current] : []);
    tr.getLayer()?.batchDraw();
  });

  const commit = (node: Konva.Rect) => {
    const box = cropToImage(
      {
        x: node.x(),
        y: node.y(),
        width: node.width() * node.scaleX(),
        height: node.height() * node.scaleY(),
      },
      { width: w, height: h },
    );
    node.scale({ x: 1, y: 1 });
    if (box.width <= 0 || box.height <= 0 || selectedIndex < 0) return;
    onChange(replaceTrack(tracks, selectedIndex, setBox(tracks[selectedIndex], video.frame.get(), box)));
  };

  const pointer = (stage: Konva.Stage | null) => {
    const p = stage?.getPointerPosition();
    return p ? { x: p.x / video.scale, y: p.y / video.scale } : null;
  };

  if (!video.width || !video.height) return null;

  const shown = tracks
    .map((t, i) => ({ t, i, box: boxAt(keyframes[i], frame) }))
    .filter((s) => s.box !== null && !hidden?.has(trackKey(s.t)));

  return (
    <>
      <Stage
        width={displayW}
        height={displayH}
        scaleX={video.scale}
        scaleY={video.scale}
        className="tracks-stage"
        data-control={control.name}
        onMouseDown={(e) => {
          activate();
          if (!editable || e.target !== e.target.getStage()) return;
          const p = pointer(e.target.getStage());
          if (!p) return;
          select(null);
          setDrawing({ x0: p.x, y0: p.y, box: { x: p.x, y: p.y, width: 0, height: 0 } });
        }}
        onMouseMove={(e) => {
          if (!drawing) return;
          const p = pointer(e.target.getStage());
          if (!p) return;
          setDrawing({
            ...drawing,
            box: rectFromDrag({ x: drawing.x0, y: drawing.y0 }, p, { width: w, height: h }),
          });
        }}
        onMouseUp={() => {
          if (!drawing) return;
          setDrawing(null);
          const { box } = drawing;
          if (box.width * video.scale < MIN_DRAG || box.height * video.scale < MIN_DRAG) return;
          if (!control.labels.includes(label)) {
            notify("Pick a label first.");
            return;
          }
          const track = newTrack(tracks, video.frame.get(), box, label);
          onChange([...tracks, track]);
          select(trackKey(track));
        }}
      >
        <Layer>
          {shown.map(({ t, i, box }) => {
            const key = trackKey(t);
            const isSelected = key === selected;
            const colour = labelColour(control, t.label);
            const keyMark = isKeyframe(keyframes[i], frame) ? " ◆" : "";
            return (
              <BoxOrHandle
                key={key}
                box={box!}
                colour={colour}
                text={`${t.label} #${t.track_id}${keyMark}`}
                scale={video.scale}
                selected={isSelected}
                draggable={isSelected && canEditSelected}
                nodeRef={isSelected ? selectedRef : undefined}
                onSelect={() => {
                  activate();
                  select(key);
                }}
                onCommit={commit}
              />
            );
          })}
          {offer && (
            <BoxOrHandle
              key={`offer:${selected}`}
              box={offer}
              colour="#98a2b3"
              text={`${tracks[selectedIndex].label} #${tracks[selectedIndex].track_id}: move or resize to extend here`}
              scale={video.scale}
              selected
              dashed
              draggable={canEditSelected}
              nodeRef={selectedRef}
              onSelect={() => {}}
              onCommit={commit}
            />
          )}
          {drawing && (
            <Rect
              x={drawing.box.x}
              y={drawing.box.y}
              width={drawing.box.width}
              height={drawing.box.height}
              stroke={labelColour(control, label)}
              strokeWidth={2 / video.scale}
              dash={[4 / video.scale, 3 / video.scale]}
              listening={false}
            />
          )}
          <Transformer ref={transformerRef} rotateEnabled={false} ignoreStroke keepRatio={false} />
        </Layer>
      </Stage>
      {video.timeline &&
        createPortal(
          <TrackRows
            control={control}
            tracks={tracks}
            keyframes={keyframes}
            frames={video.frames}
            selected={selected}
            onSelect={selectFromRow}
          />,
          video.timeline,
        )}
    </>
  );
}

/** A track's box on the frame: a tag and an outline, and when selected a draggable body the
 * transformer resizes. */
function BoxOrHandle({
  box,
  colour,
  text,
  scale,
  selected,
  dashed,
  draggable,
  nodeRef,
  onSelect,
  onCommit,
}: {
  box: Box;
  colour: string;
  text: string;
  scale: number;
  selected: boolean;
  dashed?: boolean;
  draggable: boolean;
  nodeRef?: React.RefObject<Konva.Rect | null>;
  onSelect: () => void;
  onCommit: (node: Konva.Rect) => void;
}) {
  return (
    <>
      <BoxShape
        box={box}
        colour={colour}
        text={text}
        dashed={dashed}
        scale={scale}
        strokeWidth={selected ? 3 : 2}
      />
      <Rect
        ref={nodeRef}
        x={box.x}
        y={box.y}
        width={box.width}
        height={box.height}
        fill={selected ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.001)"}
        draggable={draggable}
        onMouseDown={(e) => {
          e.cancelBubble = true;
          onSelect();
        }}
        onDragEnd={(e) => onCommit(e.target as Konva.Rect)}
        onTransformEnd={(e) => onCommit(e.target as Konva.Rect)}
      />
    </>
  );
}

/** One timeline row per track: bars where it is present, ticks on its keyframes. Memoised on
 * the answer, never on the frame, so stepping does not redraw them. */
const TrackRows = memo(function TrackRows({
  control,
  tracks,
  keyframes,
  frames,
  selected,
  onSelect,
}: {
  control: TracksControl;
  tracks: readonly Track[];
  keyframes: readonly Keyframe[][];
  frames: number;
  selected: string | null;
  onSelect: (key: string) => void;
}) {
  return (
    <div className="timeline-group" data-control={control.name} aria-label={`${control.name} tracks`}>
      {tracks.map((t, i) => {
        const key = trackKey(t);
        const colour = labelColour(control, t.label);
        return (
          <div
            key={key}
            className={`timeline-row${key === selected ? " selected" : ""}`}
            data-track={t.track_id}
            onPointerDown={() => onSelect(key)}
          >
            <span className="timeline-row-name">
              <Text value={`${t.label} #${t.track_id}`} />
            </span>
            {frameRuns(t).map(([a, b]) => (
              <span
                key={a}
                className={`timeline-bar${key === selected ? " selected" : ""}`}
                style={{
                  left: timelinePercent(a, frames),
                  width: timelinePercent(b - a + 1, frames),
                  background: colour,
                }}
                title={`${t.label} #${t.track_id}: frames ${a}–${b}`}
              />
            ))}
            {keyframes[i]
              .filter((k) => k.box !== null)
              .map((k) => (
                <span
                  key={`k${k.frame}`}
                  className="timeline-keyframe"
                  data-keyframe={k.frame}
                  style={{ left: timelinePercent(k.frame, frames) }}
                />
              ))}
          </div>
        );
      })}
    </div>
  );
});

function TracksDiffLayer({ control, value, reference }: Props) {
  const { video, frame, displayW, displayH } = useVideoStage();
  const threshold = control.iou_threshold ?? 0.5;
  const rows = useMemo(() => tracksDiff(value, reference?.value, threshold), [value, reference, threshold]);
  const cache = useMemo(
    () => ({ yours: lookups(value ?? []), reference: lookups(reference?.value ?? []) }),
    [value, reference],
  );
  const matches = useMemo(
    () => matchFrame(value ?? [], reference?.value ?? [], frame, threshold, cache),
    [value, reference, frame, threshold, cache],
  );
  if (!video.width || !video.height) return null;
  return (
    <>
      <Stage width={displayW} height={displayH} scaleX={video.scale} scaleY={video.scale} listening={false}>
        <Layer>
          {matches.map((m, i) => {
            const text = describeFrameMatch(m);
            return (
              <Fragment key={i}>
                {m.ref && (
                  <BoxShape
                    box={m.ref.box}
                    colour="#1570ef"
                    text={m.yours ? `reference ${m.ref.label} #${m.ref.id}` : text}
                    tagBelow={m.yours !== null}
                    dashed
                    scale={video.scale}
                  />
                )}
                {m.yours && (
                  <BoxShape
                    box={m.yours.box}
                    colour={labelColour(control, m.yours.label)}
                    text={text}
                    scale={video.scale}
                    strokeWidth={3}
                  />
                )}
              </Fragment>
            );
          })}
        </Layer>
      </Stage>
      {video.timeline &&
        createPortal(<DiffRows control={control} rows={rows} frames={video.frames} />, video.timeline)}
    </>
  );
}

/** One timeline row per track of either answer, its frames patterned by what they were. */
const DiffRows = memo(function DiffRows({
  control,
  rows,
  frames,
}: {
  control: TracksControl;
  rows: TrackRow[];
  frames: number;
}) {
  return (
    <div
      className="timeline-group diff"
      data-control={control.name}
      aria-label={`${control.name} against the reference`}
    >
      {rows.map((row, i) => {
        const name = `${row.side === "reference" ? "reference " : ""}${row.track.label} #${row.track.track_id}`;
        return (
          <div
            key={i}
            className={`timeline-row ${row.side}`}
            data-side={row.side}
            data-track={row.track.track_id}
          >
            <span className="timeline-row-name">
              <Text value={name} />
            </span>
            {row.runs.map((r) => (
              <span
                key={r.start}
                className={`timeline-bar run-${r.status}`}
                data-status={r.status}
                style={{
                  left: timelinePercent(r.start, frames),
                  width: timelinePercent(r.end - r.start + 1, frames),
                }}
                title={`${name}, frames ${r.start}–${r.end}: ${STATUS_TEXT[r.status].name.toLowerCase()}`}
              >
                {STATUS_TEXT[r.status].mark}
              </span>
            ))}
          </div>
        );
      })}
    </div>
  );
});
