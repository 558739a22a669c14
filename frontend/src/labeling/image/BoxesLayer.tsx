/**
 * The boxes control's layer on the image surface: draw (drag on the image, or N for a box in
 * view), select, move, resize (Konva's Transformer, no rotation), relabel, nudge and delete by
 * key. Every change is one `onChange` (one undo step); nothing re-renders per pointer move: the
 * box being drawn is a Konva node updated in place, drags and resizes are Konva's own, and each
 * box is a memoised node that re-renders only when it changes. Read-only with a reference, it
 * draws the reference dashed and the answer solid, each tagged with its diff status in text.
 */
import type Konva from "konva";
import { memo, useEffect, useMemo, useRef } from "react";
import { Layer, Rect, Transformer } from "react-konva";
import type { BoxesControl } from "../../api/types";
import { newRegionId } from "../regionIds";
import type { WidgetProps } from "../types";
import { boxDiff, type Box } from "./boxes";
import {
  boxInView,
  clamp,
  clampPoint,
  cropToImage,
  keepInside,
  nudge,
  rectFromDrag,
  resizeBy,
  tidy,
  type Point,
  type Rect as R,
  type Size,
} from "./boxGeometry";
import { usePointerInput, useImageSurface } from "./imageSurfaceContext";
import { labelColour } from "./palette";
import { cycleId, regionCommand, stepInPixels } from "./regionKeys";
import { RegionDiffLayer, diffStroke } from "./RegionDiffLayer";
import { useNextLabel, useRegionSelection } from "./regionSelection";
import { ScreenTags, type ScreenTag } from "./ScreenTags";
import { useLatest } from "./useLatest";

/** A drag shorter than this on screen is a click (deselect), not a box. */
const MIN_DRAW_PX = 4;

export function BoxesLayer(props: WidgetProps<BoxesControl, Box[]>) {
  return props.reference ? (
    <BoxesDiffLayer {...props} reference={props.reference} />
  ) : (
    <BoxesEditLayer {...props} />
  );
}

interface BoxShapeProps {
  box: Box;
  colour: string;
  selected: boolean;
  draggable: boolean;
  size: Size;
  onSelect: (id: string) => void;
  onMoved: (id: string, x: number, y: number) => void;
  onResized: (id: string, r: R) => void;
  ownsPointer: () => boolean;
}

const BoxShape = memo(function BoxShape({
  box,
  colour,
  selected,
  draggable,
  size,
  onSelect,
  onMoved,
  onResized,
  ownsPointer,
}: BoxShapeProps) {
  const id = box.id!;
  return (
    <Rect
      id={`box:${id}`}
      x={box.x}
      y={box.y}
      width={box.width}
      height={box.height}
      stroke={colour}
      strokeWidth={selected ? 3 : 2}
      strokeScaleEnabled={false}
      fill={`${colour}${selected ? "40" : "18"}`}
      perfectDrawEnabled={false}
      shadowForStrokeEnabled={false}
      draggable={draggable}
      onPointerDown={(e) => {
        if (!e.evt.shiftKey) onSelect(id);
      }}
      onDragStart={(e) => {
        if (ownsPointer()) e.target.stopDrag();
        else onSelect(id);
      }}
      onDragMove={(e) => {
        const n = e.target;
        n.x(clamp(n.x(), 0, size.width - n.width()));
        n.y(clamp(n.y(), 0, size.height - n.height()));
      }}
      onDragEnd={(e) => onMoved(id, e.target.x(), e.target.y())}
      onTransformEnd={(e) => {
        const n = e.target;
        const r = { x: n.x(), y: n.y(), width: n.width() * n.scaleX(), height: n.height() * n.scaleY() };
        n.scale({ x: 1, y: 1 });
        onResized(id, r);
      }}
    />
  );
});

function BoxesEditLayer({
  control,
  value,
  onChange,
  active,
  readOnly,
  keys,
  setKeyHandler,
  regions,
}: WidgetProps<BoxesControl, Box[]>) {
  const surface = useImageSurface();
  const size = surface.size!;
  const boxes = value ?? [];
  const sel = useRegionSelection(control.name, regions);
  const [label, setLabel] = useNextLabel(control.name, control.labels);
  const editable = active && !readOnly;
  const layerRef = useRef<Konva.Layer>(null);
  const draftRef = useRef<Konva.Rect>(null);
  const transformerRef = useRef<Konva.Transformer>(null);
  const start = useRef<Point | null>(null);
  const selectedBox = boxes.find((b) => b.id === sel.selected && !sel.hidden.has(b.id!));
  const selectedLocked = selectedBox ? sel.locked.has(selectedBox.id!) : false;

  const commit = (next: Box[]) => onChange(next.length > 0 ? next : undefined);
  const replace = (id: string, r: R) =>
    commit(boxes.map((b) => (b.id === id ? { ...b, ...tidy(keepInside(cropToImage(r, size), size)) } : b)));
  const replaceLabel = (id: string, next: string) =>
    commit(boxes.map((b) => (b.id === id ? { ...b, label: next } : b)));
  const add = (r: R) => {
    const id = newRegionId();
    commit([...boxes, { id, ...tidy(r), label }]);
    sel.select(id);
  };

  // Stable callbacks, so the memoised boxes skip re-rendering when another box changes.
  const latest = useLatest({ sel, replace, boxes });
  const callbacks = useMemo(
    () => ({
      onSelect: (id: string) => latest.current.sel.select(id),
      onMoved: (id: string, x: number, y: number) => {
        const b = latest.current.boxes.find((box) => box.id === id);
        if (b && (b.x !== x || b.y !== y)) latest.current.replace(id, { ...b, x, y });
      },
      onResized: (id: string, r: R) => latest.current.replace(id, r),
    }),
    [latest],
  );

  const cancelDraft = () => {
    start.current = null;
    draftRef.current?.visible(false);
    layerRef.current?.batchDraw();
  };

  usePointerInput(control.name, editable, {
    down: (p) => {
      sel.select(null);
      start.current = clampPoint(p, size);
      draftRef.current?.setAttrs({
        ...start.current,
        width: 0,
        height: 0,
        visible: true,
        stroke: labelColour(control.labels, label),
      });
    },
    move: (p) => {
      if (!start.current) return;
      draftRef.current?.setAttrs(rectFromDrag(start.current, p, size));
      layerRef.current?.batchDraw();
    },
    up: (p) => {
      if (!start.current) return;
      const r = rectFromDrag(start.current, p, size);
      cancelDraft();
      const scale = surface.view.get().scale;
      if (r.width * scale >= MIN_DRAW_PX && r.height * scale >= MIN_DRAW_PX) add(r);
    },
  });

  useEffect(() => {
    if (!editable) return;
    setKeyHandler((key) => {
      const picked = keys.get(key);
      if (picked !== undefined) {
        if (selectedBox && !selectedLocked) replaceLabel(selectedBox.id!, picked);
        else setLabel(picked);
        return true;
      }
      const cmd = regionCommand(key);
      const step = (n: number) => stepInPixels(n, surface.view.get().scale);
      if (cmd?.kind === "new") {
        add(boxInView(surface.visibleRect(), size));
        return true;
      }
      if (cmd?.kind === "cycle") {
        const ids = boxes.filter((b) => !sel.hidden.has(b.id!)).map((b) => b.id!);
        sel.select(cycleId(ids, selectedBox?.id ?? null, cmd.step));
        return true;
      }
      if (cmd?.kind === "escape") {
        if (start.current) cancelDraft();
        else if (selectedBox) sel.select(null);
        else return false;
        return true;
      }
      if (selectedBox && !selectedLocked) {
        const id = selectedBox.id!;
        if (cmd?.kind === "move")
          return (replace(id, nudge(selectedBox, step(cmd.dx), step(cmd.dy), size)), true);
        if (cmd?.kind === "resize")
          return (replace(id, resizeBy(selectedBox, step(cmd.dw), step(cmd.dh), size)), true);
        if (cmd?.kind === "delete") {
          commit(boxes.filter((b) => b.id !== id));
          sel.select(null);
          return true;
        }
      }
      return surface.viewKey(key);
    });
    return () => setKeyHandler(null);
  });

  // The Transformer follows the selected, unlocked box of the active layer.
  useEffect(() => {
    const tr = transformerRef.current;
    if (!tr) return;
    const node =
      editable && selectedBox && !selectedLocked
        ? layerRef.current?.findOne((n: Konva.Node) => n.id() === `box:${selectedBox.id}`)
        : undefined;
    tr.nodes(node ? [node] : []);
    tr.getLayer()?.batchDraw();
  });

  const visible = boxes.filter((b) => !sel.hidden.has(b.id!));
  const tags: ScreenTag[] = visible.map((b) => ({
    x: b.x,
    y: b.y,
    text: b.label,
    colour: labelColour(control.labels, b.label),
    minWidth: b.width,
  }));
  return (
    <Layer ref={layerRef} listening={editable}>
      {visible.map((b) => (
        <BoxShape
          key={b.id}
          box={b}
          colour={labelColour(control.labels, b.label)}
          selected={b.id === sel.selected}
          draggable={editable && !sel.locked.has(b.id!)}
          size={size}
          ownsPointer={surface.ownsPointer}
          {...callbacks}
        />
      ))}
      <ScreenTags tags={tags} />
      <Rect
        ref={draftRef}
        visible={false}
        listening={false}
        dash={[6, 4]}
        stroke="#ffffff"
        strokeWidth={2}
        strokeScaleEnabled={false}
        perfectDrawEnabled={false}
      />
      <Transformer
        ref={transformerRef}
        rotateEnabled={false}
        flipEnabled={false}
        keepRatio={false}
        ignoreStroke
        anchorSize={9}
        boundBoxFunc={(old, next) => {
          // Absolute (screen) boxes: stay on the image and at least a few pixels big.
          const v = surface.view.get();
          const inside =
            next.x >= v.x - 0.5 &&
            next.y >= v.y - 0.5 &&
            next.x + next.width <= v.x + size.width * v.scale + 0.5 &&
            next.y + next.height <= v.y + size.height * v.scale + 0.5;
          return inside && next.width >= MIN_DRAW_PX && next.height >= MIN_DRAW_PX ? next : old;
        }}
      />
    </Layer>
  );
}

/** Read-only: the reference dashed, the answer solid, each tagged with its status in text. */
function BoxesDiffLayer({
  control,
  value,
  reference,
}: WidgetProps<BoxesControl, Box[]> & { reference: { value: Box[] | undefined } }) {
  const answer = value ?? [];
  const refs = reference.value ?? [];
  return (
    <RegionDiffLayer
      answer={answer}
      reference={refs}
      matches={boxDiff(answer, refs, control.iou_threshold)}
      draw={(b, key, style) => (
        <Rect key={key} x={b.x} y={b.y} width={b.width} height={b.height} {...diffStroke(style)} />
      )}
      tagAt={(b) => b}
      measure="IoU"
      threshold={control.iou_threshold}
    />
  );
}
