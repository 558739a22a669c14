/**
 * The segments control's layer on the audio surface. Editing, the segments are wavesurfer
 * regions (its regions plugin): drag on the waveform to make one with the current label, drag a
 * segment to move it, its edges to resize it, click it to select it; the keys are
 * `segmentCommand`'s. Read-only (AnswerView), the answer and the reference are drawn as two lanes
 * under the waveform, each segment tagged in words with its diff (matched, wrong label, low
 * overlap with the time offsets of its edges, missed, extra).
 */
import { useEffect, useRef } from "react";
import RegionsPlugin, { type Region } from "wavesurfer.js/dist/plugins/regions.esm.js";
import type { SegmentsControl } from "../../api/types";
import { Text, truncate } from "../../render";
import type { WidgetProps } from "../types";
import { useAudioSurface, type AudioSurfaceApi } from "./audioContext";
import {
  addSegment,
  formatTime,
  makeSegment,
  moveEdges,
  segmentCommand,
  type SegmentCommand,
  type TimeSegment,
} from "./segments";
import { MATCH_TEXT } from "../image/regionMatch";
import { describeSegmentDiff, formatDelta, segmentsDiff, type SegmentDiffEntry } from "./segmentsDiff";
import {
  labelColour,
  useFocusText,
  useMark,
  useNextLabel,
  usePlayer,
  useSegmentSelection,
} from "./segmentState";

type Props = WidgetProps<SegmentsControl, TimeSegment[]>;

export function AudioSegmentsLayer(props: Props) {
  return props.readOnly ? <SegmentLanes {...props} /> : <EditableSegments {...props} />;
}

/** The text drawn inside a region (textContent only: labels and transcripts are user text). */
function regionTag(segment: TimeSegment, selected: boolean, locked: boolean): HTMLElement {
  const el = document.createElement("div");
  el.className = "segment-tag";
  el.dataset.segment = segment.id;
  el.dataset.label = segment.label;
  el.dataset.selected = String(selected);
  el.dataset.locked = String(locked);
  el.textContent = segment.text ? `${segment.label}: ${truncate(segment.text, 60)}` : segment.label;
  return el;
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
  const audio = useAudioSurface();
  const { selected, select, hidden, locked } = useSegmentSelection(control.name, regions);
  const [label, setLabel] = useNextLabel(control.name, control.labels[0] ?? "");
  const [mark, setMark] = useMark(control.name);
  const [focusText, setFocusText] = useFocusText(control.name);
  const [, setPlayer] = usePlayer(control.name);
  const plugin = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null);
  const drawn = useRef(new Map<string, Region>());
  // Plugin events outlive renders: they read the latest state through here.
  const latest = useRef({ value, label, duration: audio?.duration ?? null, onChange, select, activate });
  latest.current = { value, label, duration: audio?.duration ?? null, onChange, select, activate };
  const ws = audio?.ws ?? null;

  useEffect(() => {
    setPlayer(audio);
    return () => setPlayer(null);
  }, [audio, setPlayer]);

  useEffect(() => {
    if (!ws) return;
    setMark(null); // a start marked on another item's audio means nothing here
    const p = ws.registerPlugin(RegionsPlugin.create());
    plugin.current = p;
    const shown = drawn.current;
    p.on("region-created", (region) => {
      // Our regions carry segment ids; a drag on the waveform makes one named "region-…".
      if (!region.id.startsWith("region-")) return;
      region.remove();
      const now = latest.current;
      const made = makeSegment(region.start, region.end, now.label, now.duration);
      if (!made) return;
      now.activate();
      now.onChange(addSegment(now.value, made));
      now.select(made.id);
    });
    p.on("region-updated", (region) => {
      const now = latest.current;
      const next = moveEdges(now.value, region.id, { start: region.start, end: region.end }, now.duration);
      if (next) now.onChange(next);
      else {
        const kept = now.value?.find((s) => s.id === region.id);
        if (kept) region.setOptions({ start: kept.start, end: kept.end });
      }
    });
    p.on("region-clicked", (region) => {
      latest.current.activate();
      latest.current.select(region.id);
    });
    return () => {
      p.destroy();
      plugin.current = null;
      shown.clear();
    };
  }, [ws, setMark]);

  // The regions follow the value (undo, the side card, keys), the selection, hiding and locking.
  useEffect(() => {
    const p = plugin.current;
    if (!p) return;
    const want = new Map((value ?? []).filter((s) => !hidden.has(s.id)).map((s) => [s.id, s]));
    for (const [id, region] of drawn.current) {
      if (!want.has(id)) {
        region.remove();
        drawn.current.delete(id);
      }
    }
    for (const s of want.values()) {
      const isSelected = s.id === selected;
      const isLocked = locked.has(s.id);
      const look = {
        color: labelColour(control.labels, s.label, isSelected ? 0.9 : 0.55),
        drag: !isLocked,
        resize: !isLocked,
        content: regionTag(s, isSelected, isLocked),
      };
      const region = drawn.current.get(s.id);
      if (region) region.setOptions({ start: s.start, end: s.end, ...look });
      else drawn.current.set(s.id, p.addRegion({ id: s.id, start: s.start, end: s.end, ...look }));
    }
  });

  useEffect(() => {
    const p = plugin.current;
    if (!p || !active || !audio?.ready) return;
    return p.enableDragSelection({ color: labelColour(control.labels, label, 0.6) });
  }, [ws, active, audio?.ready, label, control.labels]);

  const run = (cmd: SegmentCommand, player: AudioSurfaceApi) => {
    switch (cmd.kind) {
      case "playPause":
        return player.playPause();
      case "seek":
        return player.seek(cmd.delta);
      case "speed":
        return player.speed(cmd.direction);
      case "zoom":
        return player.zoom(cmd.direction);
      case "playSegment": {
        const s = value?.find((x) => x.id === cmd.id);
        return s && player.playRange(s.start, s.end);
      }
      case "change":
        onChange(cmd.value.length > 0 ? cmd.value : undefined);
        if (cmd.select !== undefined) select(cmd.select);
        if (cmd.select) setMark(null);
        return;
      case "select":
        select(cmd.id);
        if (cmd.seek !== undefined) player.seekTo(cmd.seek);
        return;
      // The mark and the next label show in the layer and the card: no message needed.
      case "mark":
        return setMark(cmd.time);
      case "label":
        return setLabel(cmd.label);
      case "focusText":
        return setFocusText(focusText + 1);
      case "notify":
        return notify(cmd.message);
    }
  };

  useEffect(() => {
    if (!active || !audio) return;
    setKeyHandler((key) => {
      const cmd = segmentCommand(key, {
        value,
        selected,
        locked,
        label,
        keys,
        mark,
        time: audio.time(),
        duration: audio.duration,
      });
      if (!cmd) return false;
      run(cmd, audio);
      return true;
    });
    return () => setKeyHandler(null);
  });

  return mark !== null ? (
    <p className="hint segment-mark" data-testid="segment-mark">
      Start marked at {formatTime(mark)} — press <kbd>]</kbd> at the segment's end (<kbd>Escape</kbd> drops
      it).
    </p>
  ) : null;
}

/** Where a segment sits on a lane as the waveform is drawn (whole clip, no zoom read-only). */
function placement(s: TimeSegment, duration: number) {
  const left = (s.start / duration) * 100;
  const width = Math.max(((s.end - s.start) / duration) * 100, 0.5);
  return { left: `${left}%`, width: `${width}%` };
}

function SegmentLanes({ control, value, reference }: Props) {
  const audio = useAudioSurface();
  const all = [...(value ?? []), ...(reference?.value ?? [])];
  const duration = audio?.duration ?? Math.max(1, ...all.map((s) => s.end));
  const entries = reference
    ? segmentsDiff(value, reference.value, control.iou_threshold, control.speakers)
    : null;
  const entryOf = (s: TimeSegment, side: "answer" | "reference"): SegmentDiffEntry | undefined =>
    entries?.find((e) => e[side] === s);

  const lane = (segments: readonly TimeSegment[], side: "answer" | "reference", title: string) => (
    <div className={`segment-lane lane-${side}`} data-lane={side} aria-label={title}>
      <span className="lane-title">{title}</span>
      <div className="lane-track">
        {segments.map((s) => {
          const entry = entryOf(s, side);
          const kind = entry ? MATCH_TEXT[entry.kind] : null;
          const offsets =
            side === "reference" && entry && entry.startDelta !== null && entry.endDelta !== null
              ? ` · start ${formatDelta(entry.startDelta)}, end ${formatDelta(entry.endDelta)}`
              : "";
          const words = entry ? describeSegmentDiff(entry, control.iou_threshold) : s.label;
          return (
            <button
              type="button"
              key={s.id}
              className={`lane-segment lbl lbl-${Math.max(0, control.labels.indexOf(s.label)) % 10}${entry ? ` diff-${entry.kind}` : ""}`}
              style={placement(s, duration)}
              data-segment={s.id}
              data-label={s.label}
              data-diff={entry?.kind}
              title={`${formatTime(s.start)}–${formatTime(s.end)}: ${words}`}
              onClick={() => audio?.seekTo(s.start)}
            >
              {kind && `${kind.mark} ${kind.name} · `}
              <Text value={s.label} />
              {offsets}
            </button>
          );
        })}
      </div>
    </div>
  );

  return (
    <div className="segment-lanes" data-control={control.name}>
      {lane(value ?? [], "answer", reference ? "Answer" : control.name)}
      {reference && lane(reference.value ?? [], "reference", "Reference")}
    </div>
  );
}
