/**
 * The keypoints control's layer on the image surface. A pose is placed point by point in the
 * schema's order (click the image; X skips a point, left unplaced), joined by the schema's
 * skeleton. Points are dragged, selected (click, or , and .), their visibility toggled (V, or
 * Alt+click; hidden points are hollow and dashed), taken back (Delete), nudged with the arrows;
 * with no point selected the arrows move the whole pose. Every change is one `onChange`; a drag
 * moves the Konva nodes in place and commits on release. Read-only with a reference: reference
 * poses dashed, the answer solid, each tagged with its diff status and OKS in text.
 */
import { memo, useEffect, useMemo, useRef } from "react";
import { Circle, Group, Layer, Shape } from "react-konva";
import type { KeypointsControl } from "../../api/types";
import { useControlState } from "../controlState";
import { newRegionId } from "../regionIds";
import type { WidgetProps } from "../types";
import { clamp, clampPoint, type Point } from "./boxGeometry";
import { useImageSurface, usePointerInput, useViewScale } from "./imageSurfaceContext";
import {
  HIDDEN,
  NOT_PLACED,
  emptyPose,
  nextUnplaced,
  placePoint,
  poseCorner,
  poseDiff,
  skeletonIndices,
  toggleVisibility,
  translatePose,
  unplace,
  type KeyPoint,
  type Pose,
} from "./keypoints";
import { labelColour } from "./palette";
import { cycleId, regionCommand, stepInPixels } from "./regionKeys";
import { RegionDiffLayer } from "./RegionDiffLayer";
import { useNextLabel, useRegionSelection } from "./regionSelection";
import { ScreenTags, type ScreenTag } from "./ScreenTags";
import { useLatest } from "./useLatest";

/** The pose being placed and its next point: shared with the side card, which names it. */
export function usePlacing(control: string) {
  return useControlState<{ id: string; next: number } | null>(control, "placing", null);
}

/** The selected point of the selected pose (shared with the side card): a point chosen on
 * another pose than the selected one counts as none. `choose` picks a point of any pose (a
 * click selects the pose and its point at once). */
export function useSelectedPoint(control: string, selectedPose: string | null) {
  const [stored, setStored] = useControlState<{ pose: string; index: number } | null>(control, "point", null);
  return {
    point: stored && stored.pose === selectedPose ? stored.index : null,
    setPoint: (i: number | null) =>
      setStored(i === null || selectedPose === null ? null : { pose: selectedPose, index: i }),
    choose: (pose: string, index: number) => setStored({ pose, index }),
  };
}

export function KeypointsLayer(props: WidgetProps<KeypointsControl, Pose[]>) {
  return props.reference ? (
    <KeypointsDiffLayer {...props} reference={props.reference} />
  ) : (
    <KeypointsEditLayer {...props} />
  );
}

interface PoseShapeProps {
  pose: Pose;
  colour: string;
  edges: readonly [number, number][];
  selectedPoint: number | null;
  /** Points drag and take clicks (the active, editable layer, pose not locked). */
  editable: boolean;
  dashed?: boolean;
  onPoint?: (id: string, i: number, alt: boolean) => void;
  onMoved?: (id: string, i: number, p: Point) => void;
}

/** A pose: its skeleton (one shape drawing every line, following drags live) and its points. */
const PoseShape = memo(function PoseShape({
  pose,
  colour,
  edges,
  selectedPoint,
  editable,
  dashed,
  onPoint,
  onMoved,
}: PoseShapeProps) {
  const scale = useViewScale();
  const { size, ownsPointer } = useImageSurface();
  const live = useRef<KeyPoint[]>(pose.points);
  live.current = pose.points.map((p) => [...p] as KeyPoint);
  const r = 5 / scale;
  return (
    <Group>
      <Shape
        listening={false}
        perfectDrawEnabled={false}
        sceneFunc={(context, shape) => {
          const ctx = context._context;
          const s = shape.getAbsoluteScale().x || 1;
          ctx.beginPath();
          for (const [a, b] of edges) {
            const p = live.current[a];
            const q = live.current[b];
            if (!p || !q || p[2] === NOT_PLACED || q[2] === NOT_PLACED) continue;
            ctx.moveTo(p[0], p[1]);
            ctx.lineTo(q[0], q[1]);
          }
          ctx.setLineDash(dashed ? [6 / s, 4 / s] : []);
          ctx.lineWidth = 2 / s;
          ctx.strokeStyle = colour;
          ctx.stroke();
          ctx.setLineDash([]);
        }}
      />
      {pose.points.map(([x, y, v], i) =>
        v === NOT_PLACED ? null : (
          <Circle
            key={i}
            name={`point-${i}`}
            x={x}
            y={y}
            radius={i === selectedPoint ? r * 1.5 : r}
            fill={v === HIDDEN || dashed ? "#ffffff" : colour}
            stroke={colour}
            strokeWidth={i === selectedPoint ? 3 : 2}
            dash={v === HIDDEN ? [3, 2] : undefined}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
            listening={editable}
            draggable={editable}
            onPointerDown={(e) => {
              if (!e.evt.shiftKey) onPoint?.(pose.id!, i, e.evt.altKey);
            }}
            onDragStart={(e) => {
              if (ownsPointer()) e.target.stopDrag();
            }}
            onDragMove={(e) => {
              const n = e.target;
              n.position({ x: clamp(n.x(), 0, size!.width), y: clamp(n.y(), 0, size!.height) });
              live.current[i] = [n.x(), n.y(), v];
              n.getLayer()?.batchDraw();
            }}
            onDragEnd={(e) => onMoved?.(pose.id!, i, e.target.position())}
          />
        ),
      )}
    </Group>
  );
});

function KeypointsEditLayer({
  control,
  value,
  onChange,
  active,
  readOnly,
  keys,
  setKeyHandler,
  regions,
  notify,
}: WidgetProps<KeypointsControl, Pose[]>) {
  const surface = useImageSurface();
  const size = surface.size!;
  const poses = value ?? [];
  const sel = useRegionSelection(control.name, regions);
  const [label, setLabel] = useNextLabel(control.name, control.labels);
  const [placing, setPlacing] = usePlacing(control.name);
  const { point, setPoint, choose } = useSelectedPoint(control.name, sel.selected);
  const editable = active && !readOnly;
  const edges = useMemo(() => skeletonIndices(control), [control]);
  const selected = poses.find((p) => p.id === sel.selected && !sel.hidden.has(p.id!));
  const locked = selected ? sel.locked.has(selected.id!) : false;
  const colour = (l: string) => labelColour(control.labels, l);

  useEffect(() => {
    if (!editable && placing) setPlacing(null);
  }, [editable, placing, setPlacing]);

  const commit = (next: Pose[]) => onChange(next.length > 0 ? next : undefined);
  const setPoints = (id: string, points: KeyPoint[]) =>
    commit(poses.map((p) => (p.id === id ? { ...p, points } : p)));

  /** Place the pose's next point at `p`, creating the pose on its first point. */
  const place = (at: { id: string; next: number }, p: Point) => {
    const pose = poses.find((q) => q.id === at.id);
    const points = placePoint(pose?.points ?? emptyPose(control.points.length), at.next, p, size);
    commit(
      pose ? poses.map((q) => (q === pose ? { ...q, points } : q)) : [...poses, { id: at.id, points, label }],
    );
    sel.select(at.id);
    const next = nextUnplaced(points, at.next);
    setPlacing(next === null ? null : { id: at.id, next });
  };

  usePointerInput(control.name, editable, {
    down: (p, mods) => {
      const q = clampPoint(p, size);
      if (placing) place(placing, q);
      else if (selected && !mods.shift) sel.select(null);
      else place({ id: newRegionId(), next: 0 }, q);
    },
    move: () => {},
    up: () => {},
  });

  // Stable callbacks, so the memoised poses skip re-rendering when another pose changes.
  const latest = useLatest({ poses, sel, setPoints, choose, size });
  const callbacks = useMemo(
    () => ({
      onPoint: (id: string, i: number, alt: boolean) => {
        const { poses, sel, setPoints, choose } = latest.current;
        sel.select(id);
        choose(id, i);
        const pose = poses.find((q) => q.id === id);
        if (alt && pose && !sel.locked.has(id)) setPoints(id, toggleVisibility(pose.points, i));
      },
      onMoved: (id: string, i: number, p: Point) => {
        const { poses, setPoints, size } = latest.current;
        const pose = poses.find((q) => q.id === id);
        if (!pose || (pose.points[i][0] === p.x && pose.points[i][1] === p.y)) return;
        setPoints(id, placePoint(pose.points, i, p, size, pose.points[i][2]));
      },
    }),
    [latest],
  );

  useEffect(() => {
    if (!editable) return;
    setKeyHandler((key) => {
      const picked = keys.get(key);
      if (picked !== undefined) {
        if (selected && !locked) commit(poses.map((p) => (p === selected ? { ...p, label: picked } : p)));
        else setLabel(picked);
        return true;
      }
      if (key === "x" && placing) {
        const pose = poses.find((q) => q.id === placing.id);
        const next = nextUnplaced(pose?.points ?? emptyPose(control.points.length), placing.next);
        setPlacing(next === null ? null : { ...placing, next });
        return true;
      }
      const cmd = regionCommand(key);
      if (cmd?.kind === "new") {
        sel.select(null);
        setPlacing({ id: newRegionId(), next: 0 });
        return true;
      }
      if (cmd?.kind === "escape") {
        if (placing) setPlacing(null);
        else if (point !== null) setPoint(null);
        else if (selected) sel.select(null);
        else return false;
        return true;
      }
      if (cmd?.kind === "cycle") {
        const ids = poses.filter((p) => !sel.hidden.has(p.id!)).map((p) => p.id!);
        sel.select(cycleId(ids, selected?.id ?? null, cmd.step));
        return true;
      }
      if (!selected || locked) return surface.viewKey(key);
      const id = selected.id!;
      const pts = selected.points;
      if (key === "p") {
        const next = nextUnplaced(pts);
        if (next === null) notify("Every point of this pose is placed.");
        else setPlacing({ id, next });
        return true;
      }
      if (key === "." || key === ",") {
        const placed = pts.map((_, i) => String(i)).filter((i) => pts[Number(i)][2] !== NOT_PLACED);
        const current = point === null ? null : String(point);
        setPoint(Number(cycleId(placed, current, key === "." ? 1 : -1)));
        return true;
      }
      if (key === "v" && point !== null) {
        setPoints(id, toggleVisibility(pts, point));
        return true;
      }
      if (cmd?.kind === "move") {
        const scale = surface.view.get().scale;
        const d = { x: stepInPixels(cmd.dx, scale), y: stepInPixels(cmd.dy, scale) };
        if (point === null || pts[point][2] === NOT_PLACED) setPoints(id, translatePose(pts, d.x, d.y, size));
        else {
          const [x, y, v] = pts[point];
          setPoints(id, placePoint(pts, point, { x: x + d.x, y: y + d.y }, size, v));
        }
        return true;
      }
      if (cmd?.kind === "delete") {
        const rest = point === null ? null : unplace(pts, point);
        if (rest) {
          setPoints(id, rest);
          setPoint(null);
        } else {
          commit(poses.filter((p) => p !== selected));
          sel.select(null);
        }
        return true;
      }
      return surface.viewKey(key);
    });
    return () => setKeyHandler(null);
  });

  const visible = poses.filter((p) => !sel.hidden.has(p.id!));
  const tags: ScreenTag[] = visible.map((p) => {
    const corner = poseCorner(p.points);
    return { x: corner.x, y: corner.y, text: p.label, colour: colour(p.label), minWidth: corner.width };
  });
  return (
    <Layer listening={editable}>
      {visible.map((p) => (
        <PoseShape
          key={p.id}
          pose={p}
          colour={colour(p.label)}
          edges={edges}
          selectedPoint={p === selected ? point : null}
          editable={editable && !placing && !sel.locked.has(p.id!)}
          {...callbacks}
        />
      ))}
      <ScreenTags tags={tags} />
    </Layer>
  );
}

function KeypointsDiffLayer({
  control,
  value,
  reference,
}: WidgetProps<KeypointsControl, Pose[]> & { reference: { value: Pose[] | undefined } }) {
  const answer = value ?? [];
  const refs = reference.value ?? [];
  const edges = skeletonIndices(control);
  return (
    <RegionDiffLayer
      answer={answer}
      reference={refs}
      matches={poseDiff(answer, refs, control)}
      draw={(p, key, style) => (
        <PoseShape
          key={key}
          pose={p}
          colour={style.colour}
          edges={edges}
          selectedPoint={null}
          editable={false}
          dashed={style.dashed}
        />
      )}
      tagAt={(p) => {
        const { x, y } = poseCorner(p.points);
        return { x, y };
      }}
      measure="OKS"
      threshold={control.oks_threshold}
    />
  );
}
