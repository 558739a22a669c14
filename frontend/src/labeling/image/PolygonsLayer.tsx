/**
 * The polygons control's layer on the image surface. Draw: click vertices on the image, close
 * by clicking the first vertex or pressing Enter, Backspace takes the last vertex back, Escape
 * cancels. Edit the selected polygon: drag it or a vertex, click an edge's midpoint handle to
 * insert a vertex there, select a vertex (click, or , and .) and Delete it (three stay), arrows
 * move the vertex or the whole outline. Every change is one `onChange`; drags update Konva nodes
 * in place and commit once on release. Read-only with a reference: the reference dashed, the
 * answer solid, each tagged with its diff status in text.
 */
import type Konva from "konva";
import { memo, useEffect, useRef, useState } from "react";
import { Group, Layer, Line } from "react-konva";
import type { PolygonsControl } from "../../api/types";
import { useControlState } from "../controlState";
import { newRegionId } from "../regionIds";
import type { WidgetProps } from "../types";
import { clampPoint } from "./boxGeometry";
import { useCaptureKeys } from "./captureKeys";
import { useImageSurface, usePointerInput } from "./imageSurfaceContext";
import { DraftPolygon, EditablePolygon } from "./PolygonHandles";
import { labelColour } from "./palette";
import {
  deleteVertex,
  flat,
  polygonArea,
  tidyVertices,
  translateInside,
  type Vertex,
} from "./polygonGeometry";
import { polygonDiff, tagPoint, type Polygon } from "./polygons";
import { cycleId, regionCommand, stepInPixels } from "./regionKeys";
import { RegionDiffLayer, diffStroke } from "./RegionDiffLayer";
import { useNextLabel, useRegionSelection } from "./regionSelection";
import { ScreenTags, type ScreenTag } from "./ScreenTags";

export function PolygonsLayer(props: WidgetProps<PolygonsControl, Polygon[]>) {
  return props.reference ? (
    <PolygonsDiffLayer {...props} reference={props.reference} />
  ) : (
    <PolygonsEditLayer {...props} />
  );
}

/** Vertex being drawn or edited: the control's state shared with its side card. */
export function useDraft(control: string) {
  return useControlState<Vertex[] | null>(control, "draft", null);
}

const width = (points: readonly Vertex[]) =>
  Math.max(...points.map(([x]) => x)) - Math.min(...points.map(([x]) => x));

const PolygonShape = memo(function PolygonShape({
  polygon,
  colour,
  selected,
  onSelect,
}: {
  polygon: Polygon;
  colour: string;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  return (
    <Line
      points={flat(polygon.points)}
      closed
      stroke={colour}
      strokeWidth={selected ? 3 : 2}
      strokeScaleEnabled={false}
      fill={`${colour}${selected ? "40" : "18"}`}
      perfectDrawEnabled={false}
      shadowForStrokeEnabled={false}
      onPointerDown={(e) => {
        if (!e.evt.shiftKey) onSelect(polygon.id!);
      }}
    />
  );
});

function PolygonsEditLayer({
  control,
  value,
  onChange,
  active,
  readOnly,
  keys,
  setKeyHandler,
  regions,
  notify,
}: WidgetProps<PolygonsControl, Polygon[]>) {
  const surface = useImageSurface();
  const size = surface.size!;
  const polygons = value ?? [];
  const sel = useRegionSelection(control.name, regions);
  const [label, setLabel] = useNextLabel(control.name, control.labels);
  const [draft, setDraft] = useDraft(control.name);
  const [vertex, setVertex] = useState<number | null>(null);
  const editable = active && !readOnly;
  const layerRef = useRef<Konva.Layer>(null);
  const rubberRef = useRef<Konva.Line>(null);
  const selected = polygons.find((p) => p.id === sel.selected && !sel.hidden.has(p.id!));
  const locked = selected ? sel.locked.has(selected.id!) : false;
  const colour = (l: string) => labelColour(control.labels, l);

  useEffect(() => setVertex(null), [sel.selected]);
  useEffect(() => {
    if (!editable && draft) setDraft(null); // leaving the control drops a half-drawn outline
  }, [editable, draft, setDraft]);

  const commit = (next: Polygon[]) => onChange(next.length > 0 ? next : undefined);
  const setPoints = (id: string, points: Vertex[]) =>
    commit(polygons.map((p) => (p.id === id ? { ...p, points: tidyVertices(points, size) } : p)));

  const close = (): boolean => {
    if (!draft || draft.length < 3 || polygonArea(draft) <= 0) {
      notify("A polygon needs at least three vertices around some area.");
      return false;
    }
    const id = newRegionId();
    commit([...polygons, { id, points: tidyVertices(draft, size), label }]);
    setDraft(null);
    sel.select(id);
    return true;
  };

  usePointerInput(control.name, editable, {
    down: (p, mods) => {
      const q = clampPoint(p, size);
      if (draft) setDraft([...draft, [q.x, q.y]]);
      else if (selected && !mods.shift) sel.select(null);
      else setDraft([[q.x, q.y]]);
    },
    move: () => {},
    up: () => {},
    hover: (p) => {
      const last = draft?.[draft.length - 1];
      rubberRef.current?.points(last && p ? [...last, p.x, p.y] : []);
      rubberRef.current?.getLayer()?.batchDraw();
    },
  });

  // While an outline is being drawn, Enter closes it (before the page submits), Escape cancels
  // and Backspace removes the last vertex.
  useCaptureKeys(editable && draft !== null, (key) => {
    if (key === "Enter")
      close(); // refused or not, Enter never submits a half-drawn outline
    else if (key === "Escape") setDraft(null);
    else if (key === "Backspace") setDraft(draft && draft.length > 1 ? draft.slice(0, -1) : null);
    else return false;
    return true;
  });

  useEffect(() => {
    if (!editable) return;
    setKeyHandler((key) => {
      const picked = keys.get(key);
      if (picked !== undefined) {
        if (selected && !locked) commit(polygons.map((p) => (p === selected ? { ...p, label: picked } : p)));
        else setLabel(picked);
        return true;
      }
      const cmd = regionCommand(key);
      if (cmd?.kind === "cycle") {
        const ids = polygons.filter((p) => !sel.hidden.has(p.id!)).map((p) => p.id!);
        sel.select(cycleId(ids, selected?.id ?? null, cmd.step));
        return true;
      }
      if (cmd?.kind === "escape") {
        if (vertex !== null) setVertex(null);
        else if (selected) sel.select(null);
        else return false;
        return true;
      }
      if (selected && !locked) {
        const id = selected.id!;
        const pts = selected.points;
        if (key === "." || key === ",") {
          const i = vertex ?? (key === "." ? -1 : 0);
          setVertex((i + (key === "." ? 1 : -1) + pts.length) % pts.length);
          return true;
        }
        if (cmd?.kind === "move") {
          const scale = surface.view.get().scale;
          const dx = stepInPixels(cmd.dx, scale);
          const dy = stepInPixels(cmd.dy, scale);
          if (vertex === null) setPoints(id, translateInside(pts, dx, dy, size));
          else
            setPoints(
              id,
              pts.map((p, k): Vertex => (k === vertex ? [p[0] + dx, p[1] + dy] : p)),
            );
          return true;
        }
        if (cmd?.kind === "delete") {
          if (vertex === null) {
            commit(polygons.filter((p) => p !== selected));
            sel.select(null);
          } else {
            const next = deleteVertex(pts, vertex);
            if (next) {
              setPoints(id, next);
              setVertex(null);
            } else
              notify(
                "A polygon keeps at least three vertices: delete the polygon instead (Esc, then Delete).",
              );
          }
          return true;
        }
      }
      return surface.viewKey(key);
    });
    return () => setKeyHandler(null);
  });

  const visible = polygons.filter((p) => !sel.hidden.has(p.id!));
  const tags: ScreenTag[] = visible.map((p) => ({
    ...tagPoint(p.points),
    text: p.label,
    colour: colour(p.label),
    minWidth: width(p.points),
  }));
  const select = (id: string) => sel.select(id);
  return (
    <Layer ref={layerRef} listening={editable}>
      <Group listening={draft === null}>
        {visible.map((p) =>
          p === selected && editable && !locked ? null : (
            <PolygonShape
              key={p.id}
              polygon={p}
              colour={colour(p.label)}
              selected={p === selected}
              onSelect={select}
            />
          ),
        )}
      </Group>
      {selected && editable && !locked && !draft && (
        <EditablePolygon
          polygon={selected}
          colour={colour(selected.label)}
          vertex={vertex}
          onVertex={setVertex}
          onPoints={(points, v) => {
            setPoints(selected.id!, points);
            setVertex(v ?? null);
          }}
        />
      )}
      <ScreenTags tags={tags} />
      {draft && <DraftPolygon points={draft} colour={colour(label)} rubberRef={rubberRef} onClose={close} />}
    </Layer>
  );
}

function PolygonsDiffLayer({
  control,
  value,
  reference,
}: WidgetProps<PolygonsControl, Polygon[]> & { reference: { value: Polygon[] | undefined } }) {
  const answer = value ?? [];
  const refs = reference.value ?? [];
  return (
    <RegionDiffLayer
      answer={answer}
      reference={refs}
      matches={polygonDiff(answer, refs, control.iou_threshold)}
      draw={(p, key, style) => <Line key={key} points={flat(p.points)} closed {...diffStroke(style)} />}
      tagAt={(p) => tagPoint(p.points)}
      measure="IoU"
      threshold={control.iou_threshold}
    />
  );
}
