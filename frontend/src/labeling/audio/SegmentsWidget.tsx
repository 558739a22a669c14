/**
 * `segments`: labelled time ranges of an audio (or video) field — speaker turns (spec `speakers`),
 * emotions, events — each with an optional transcript (audio-text alignment). Value:
 * `[{id, start, end, label, text?}]` in seconds (controls/segments.py); left with no segment the
 * answer is `[]`. The segments are drawn and edited on the waveform by the layer
 * (AudioSegmentsLayer); this is the side card: the next segment's label, the list, and the
 * selected segment's label, bounds and transcript. Read-only with a reference it is the diff in
 * words.
 */
import { useEffect, useRef } from "react";
import type { SegmentsControl } from "../../api/types";
import { Text, truncate } from "../../render";
import { displayKey } from "../shortcuts";
import type { WidgetDef, WidgetProps } from "../types";
import { AudioSegmentsLayer } from "./AudioSegmentsLayer";
import { VideoSegmentsLayer } from "../video/VideoSegmentsLayer";
import {
  MAX_SEGMENT_TEXT_CHARS,
  SEGMENT_KEYS,
  formatTime,
  moveEdges,
  relabel,
  removeSegment,
  setText,
  type TimeSegment,
} from "./segments";
import { describeSegmentDiff, segmentsDiff } from "./segmentsDiff";
import { useFocusText, useMark, useNextLabel, usePlayer, useSegmentSelection } from "./segmentState";

type Props = WidgetProps<SegmentsControl, TimeSegment[]>;

function SegmentsCard(props: Props) {
  if (props.readOnly) return <SegmentsReadOnly {...props} />;
  return <SegmentsEditor {...props} />;
}

function SegmentsEditor({ control, value, onChange, keys, activate, regions }: Props) {
  const { selected, select, locked } = useSegmentSelection(control.name, regions);
  const [label, setLabel] = useNextLabel(control.name, control.labels[0] ?? "");
  const [mark] = useMark(control.name);
  const [focusText] = useFocusText(control.name);
  const [player] = usePlayer(control.name);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const segments = value ?? [];
  const current = segments.find((s) => s.id === selected) ?? null;
  const editable = current !== null && !locked.has(current.id);
  const keyOf = new Map([...keys].map(([k, l]) => [l, k]));
  const change = (next: TimeSegment[], coalesce?: string) =>
    onChange(next.length > 0 ? next : undefined, coalesce);

  // The `t` key bumps the counter; a count left from an earlier item focuses nothing.
  const focusSeen = useRef(focusText);
  useEffect(() => {
    if (focusText === focusSeen.current) return;
    focusSeen.current = focusText;
    textRef.current?.focus();
  }, [focusText]);

  const chooseLabel = (l: string) => {
    activate();
    if (current && editable) change(relabel(segments, current.id, l));
    else setLabel(l);
  };

  return (
    <div className="segments">
      <div
        className="segment-labels"
        role="group"
        aria-label={current ? "Label of the selected segment" : "Label of the next segment"}
      >
        {control.labels.map((l, i) => (
          <button
            type="button"
            key={l}
            className={`option lbl lbl-${i % 10}`}
            data-label={l}
            aria-pressed={(current ? current.label : label) === l}
            onClick={() => chooseLabel(l)}
          >
            {keyOf.get(l) && <kbd>{displayKey(keyOf.get(l)!)}</kbd>} <Text value={l} />
          </button>
        ))}
      </div>
      <p className="hint">
        {current
          ? "A label key relabels the selected segment."
          : "Drag on the waveform, or press [ and ] at the playhead, to add a segment with this label."}
        {mark !== null && ` Start marked at ${formatTime(mark)}.`}
      </p>
      {segments.length === 0 ? (
        <p className="hint">No segments yet.</p>
      ) : (
        <ol className="segment-list">
          {segments.map((s) => (
            <li key={s.id} data-segment={s.id} aria-current={s.id === selected ? "true" : undefined}>
              <button
                type="button"
                onClick={() => {
                  activate();
                  select(s.id === selected ? null : s.id);
                  player?.seekTo(s.start);
                }}
              >
                {formatTime(s.start)}–{formatTime(s.end)} <Text value={s.label} />
                {s.text && (
                  <span className="segment-text-preview">
                    {" "}
                    “<Text value={truncate(s.text, 40)} />”
                  </span>
                )}
                {locked.has(s.id) && " (locked)"}
              </button>
            </li>
          ))}
        </ol>
      )}
      {current && (
        <div className="segment-editor" data-segment={current.id}>
          <label>
            Start (s)
            <input
              key={`start-${current.id}-${current.start}`}
              type="number"
              step="0.01"
              min={0}
              defaultValue={current.start}
              disabled={!editable}
              aria-label="Start in seconds"
              onBlur={(e) => {
                const next = moveEdges(
                  segments,
                  current.id,
                  { start: Number(e.target.value) },
                  player?.duration ?? null,
                );
                if (next) change(next);
                else e.target.value = String(current.start);
              }}
            />
          </label>
          <label>
            End (s)
            <input
              key={`end-${current.id}-${current.end}`}
              type="number"
              step="0.01"
              min={0}
              defaultValue={current.end}
              disabled={!editable}
              aria-label="End in seconds"
              onBlur={(e) => {
                const next = moveEdges(
                  segments,
                  current.id,
                  { end: Number(e.target.value) },
                  player?.duration ?? null,
                );
                if (next) change(next);
                else e.target.value = String(current.end);
              }}
            />
          </label>
          <label className="segment-transcript">
            Transcript <kbd>t</kbd>
            <textarea
              ref={textRef}
              value={current.text ?? ""}
              maxLength={MAX_SEGMENT_TEXT_CHARS}
              disabled={!editable}
              rows={3}
              aria-label="Transcript of the selected segment"
              onChange={(e) => change(setText(segments, current.id, e.target.value), `text:${current.id}`)}
            />
          </label>
          <div className="segment-actions">
            <button
              type="button"
              onClick={() => player?.playRange(current.start, current.end)}
              disabled={!player?.ready}
            >
              Play segment <kbd>p</kbd>
            </button>
            <button
              type="button"
              onClick={() => {
                change(removeSegment(segments, current.id));
                select(null);
              }}
              disabled={!editable}
            >
              Delete <kbd>Delete</kbd>
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function SegmentsReadOnly({ control, value, reference }: Props) {
  if (!reference) {
    const segments = value ?? [];
    return segments.length === 0 ? (
      <p className="hint">No segments.</p>
    ) : (
      <ol className="segment-list read-only">
        {segments.map((s) => (
          <li key={s.id} data-segment={s.id}>
            {formatTime(s.start)}–{formatTime(s.end)} <Text value={s.label} />
            {s.text && (
              <>
                {": “"}
                <Text value={s.text} />”
              </>
            )}
          </li>
        ))}
      </ol>
    );
  }
  const entries = segmentsDiff(value, reference.value, control.iou_threshold, control.speakers);
  if (entries.length === 0) return <p className="hint">Neither answer has a segment.</p>;
  return (
    <ul className="segment-diff diff">
      {entries.map((e, i) => {
        const at = e.reference ?? e.answer!;
        const wordsDiffer = e.answer && e.reference && (e.answer.text ?? "") !== (e.reference.text ?? "");
        return (
          <li key={i} className={`diff-${e.kind}`} data-diff={e.kind}>
            <span className="segment-diff-time">
              {formatTime(at.start)}–{formatTime(at.end)}
            </span>{" "}
            <Text value={describeSegmentDiff(e, control.iou_threshold)} />
            {wordsDiffer && (
              <span className="segment-diff-text">
                {" "}
                — transcript: yours “<Text value={e.answer!.text ?? ""} />
                ”, reference “
                <Text value={e.reference!.text ?? ""} />”
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export const segmentsWidget: WidgetDef<SegmentsControl, TimeSegment[]> = {
  Component: SegmentsCard,
  placement: "side",
  labels: (control) => control.labels,
  emptyAnswer: () => [],
  surface: { audio: AudioSegmentsLayer, video: VideoSegmentsLayer },
  // Times first: a segment's transcript alone would not say where it is.
  describeRegion: (_control, s) =>
    `${formatTime(s.start)}–${formatTime(s.end)}${s.text ? ` “${truncate(s.text, 30)}”` : ""}`,
  help: SEGMENT_KEYS,
};
