/**
 * The masks control's layer on the image surface: brush and eraser strokes, polygon fill, the
 * masks drawn as semi-transparent bitmaps in their label's colour, and the keys. A stroke paints
 * into the mask's raster and redraws only the rectangle under the brush (painting.ts,
 * maskCanvas.ts); it becomes one `onChange` — one undo step, RLE encoded once — when the
 * pointer lifts. Hidden masks are not drawn; locked ones are drawn but never painted or erased.
 * Read-only with a reference, it draws the answer's masks, the missed area hatched and the extra
 * area dotted, and each mask's diff status in text.
 */
import type Konva from "konva";
import { useEffect, useMemo, useRef, useState } from "react";
import { Circle, Group, Layer, Line } from "react-konva";
import type { MasksControl } from "../../api/types";
import { useImageSurface, usePointerInput, useViewScale } from "../image/imageSurfaceContext";
import { DIFF_COLOURS, REFERENCE_COLOUR, labelColour } from "../image/palette";
import { describeMatch } from "../image/regionMatch";
import { useRegionSelection } from "../image/regionSelection";
import { ScreenTags, type ScreenTag } from "../image/ScreenTags";
import type { WidgetProps } from "../types";
import { rgbaOf } from "./colours";
import { AREA_TEXT, maskDiffOf } from "./MaskDiffCard";
import { MaskNodes, type ShownMask } from "./maskCanvas";
import { MaskRasters, Stroke, fillPolygon, relabelSelected, type StoredMask } from "./painting";
import { MaskRaster, type Point } from "./raster";
import { FILL_KEY, LARGER_KEY, NEW_MASK_KEY, SMALLER_KEY, TOOL_KEYS, stepSize, useMaskTools } from "./tools";

/** A click this close (screen pixels) to the polygon's first corner closes it. */
const CLOSE_PX = 8;
/** Two clicks this close in time (ms) and space (screen px) are a double-click: fill. */
const DOUBLE_CLICK_MS = 350;

export function MaskLayer(props: WidgetProps<MasksControl, StoredMask[]>) {
  return props.reference ? (
    <MaskDiffLayer {...props} reference={props.reference} />
  ) : (
    <MaskEditLayer {...props} />
  );
}

/** The Konva group the masks' bitmaps live in, synced imperatively (see maskCanvas.ts). */
function useMaskNodes(): [React.RefCallback<Konva.Group>, React.RefObject<MaskNodes | null>] {
  const nodes = useRef<MaskNodes | null>(null);
  const ref = useMemo<React.RefCallback<Konva.Group>>(
    () => (group) => {
      nodes.current = group ? new MaskNodes(group) : null;
    },
    [],
  );
  return [ref, nodes];
}

function MaskEditLayer({
  control,
  value,
  onChange,
  active,
  readOnly,
  keys,
  setKeyHandler,
  notify,
  regions,
}: WidgetProps<MasksControl, StoredMask[]>) {
  const surface = useImageSurface();
  const size = surface.size!;
  const imageSize: [number, number] = [size.height, size.width];
  const scale = useViewScale();
  const masks = useMemo(() => value ?? [], [value]);
  const sel = useRegionSelection(control.name, regions);
  const tools = useMaskTools(control);
  const editable = active && !readOnly;
  const rasters = useRef(new MaskRasters()).current;
  const [groupRef, nodes] = useMaskNodes();
  const stroke = useRef<Stroke | null>(null);
  const [polygon, setPolygon] = useState<Point[]>([]);
  const lastClick = useRef<{ at: number; p: Point } | null>(null);
  const cursorRef = useRef<Konva.Circle>(null);
  const bandRef = useRef<Konva.Line>(null);
  const untouchable = { hidden: sel.hidden, locked: sel.locked };
  const colourOf = (label: string) => rgbaOf(labelColour(control.labels, label));
  const opacityOf = (id: string) => (id === sel.selected ? Math.min(1, tools.opacity + 0.25) : tools.opacity);

  const commit = (next: StoredMask[]) => onChange(next.length > 0 ? next : undefined);

  // The answer's masks on the canvas: decoded only when their RLE changed (an undo, a new item).
  useEffect(() => {
    rasters.keepOnly(new Set(masks.map((m) => m.id)));
    const shown: ShownMask[] = [];
    for (const m of masks) {
      if (sel.hidden.has(m.id)) continue;
      const raster = rasters.get(m);
      if (raster) shown.push({ id: m.id, raster, colour: colourOf(m.label), opacity: opacityOf(m.id) });
    }
    nodes.current?.sync(shown);
  });

  const cancelPolygon = () => {
    setPolygon([]);
    bandRef.current?.points([]);
  };

  const closePolygon = (points: readonly Point[]) => {
    cancelPolygon();
    if (points.length < 3) return;
    const out = fillPolygon(
      masks,
      rasters,
      { label: tools.label, selected: sel.selected, untouchable, imageSize },
      points,
    );
    if (!out) return;
    if (out.select) nodes.current?.invalidate(out.select);
    commit(out.value);
    sel.select(out.select);
  };

  const showCursor = (p: { x: number; y: number } | null) => {
    const c = cursorRef.current;
    if (!c) return;
    c.visible(p !== null && tools.tool !== "polygon");
    if (p) c.setAttrs({ x: p.x, y: p.y, radius: Math.max(tools.size, 1) / 2 });
    c.getLayer()?.batchDraw();
  };

  const redrawStroke = (dirty: ReturnType<Stroke["to"]>) => {
    const s = stroke.current;
    if (!s) return;
    for (const t of s.painted) {
      nodes.current?.paint(
        { id: t.id, raster: t.raster, colour: colourOf(t.label), opacity: opacityOf(t.id) },
        dirty,
      );
    }
  };

  usePointerInput(control.name, editable, {
    down: (p, mods) => {
      const at: Point = [p.x, p.y];
      if (tools.tool === "polygon") {
        const now = Date.now();
        const near = (q: Point, px: number) => Math.hypot(q[0] - at[0], q[1] - at[1]) * scale <= px;
        const double =
          lastClick.current && now - lastClick.current.at < DOUBLE_CLICK_MS && near(lastClick.current.p, 4);
        lastClick.current = { at: now, p: at };
        if (polygon.length >= 3 && (near(polygon[0], CLOSE_PX) || double)) closePolygon(polygon);
        else if (!double) setPolygon([...polygon, at]);
        return;
      }
      const tool = tools.tool === "eraser" || mods.alt ? "eraser" : "brush";
      stroke.current = Stroke.begin(
        masks,
        rasters,
        { tool, label: tools.label, selected: sel.selected, untouchable, size: tools.size, imageSize },
        at,
      );
      if (!stroke.current) {
        notify("Nothing to erase here: select a mask, or pick the label of the masks to erase.");
        return;
      }
      redrawStroke(stroke.current.to(at));
    },
    move: (p) => {
      showCursor(p);
      const s = stroke.current;
      if (s) redrawStroke(s.to([p.x, p.y]));
    },
    up: (p) => {
      const s = stroke.current;
      stroke.current = null;
      if (!s) return;
      redrawStroke(s.to([p.x, p.y]));
      const out = s.end(masks, rasters);
      if (!out) return;
      commit(out.value);
      if (out.select) sel.select(out.select);
    },
    hover: (p) => {
      showCursor(p);
      const band = bandRef.current;
      if (band && polygon.length > 0) {
        band.points(p ? [...polygon.flat(), p.x, p.y] : polygon.flat());
        band.getLayer()?.batchDraw();
      }
    },
  });

  useEffect(() => {
    if (!editable) return;
    setKeyHandler((key) => {
      const picked = keys.get(key);
      if (picked !== undefined) {
        tools.setLabel(picked);
        const next = relabelSelected(masks, sel.selected, sel.locked, picked);
        if (next) commit(next);
        return true;
      }
      if (TOOL_KEYS[key]) {
        if (TOOL_KEYS[key] !== "polygon") cancelPolygon();
        tools.setTool(TOOL_KEYS[key]);
        return true;
      }
      if (key === SMALLER_KEY || key === LARGER_KEY) {
        tools.setSize(stepSize(tools.size, key === LARGER_KEY));
        return true;
      }
      if (key === FILL_KEY && polygon.length > 0) {
        closePolygon(polygon);
        return true;
      }
      if (key === NEW_MASK_KEY) {
        cancelPolygon();
        sel.select(null);
        return true;
      }
      if (key === "Escape") {
        if (polygon.length > 0) cancelPolygon();
        else if (sel.selected) sel.select(null);
        else return false;
        return true;
      }
      return surface.viewKey(key);
    });
    return () => setKeyHandler(null);
  });

  // A tool or item change drops a half-drawn polygon.
  useEffect(() => {
    if (tools.tool !== "polygon" || !editable) cancelPolygon();
  }, [tools.tool, editable]);

  const colour = labelColour(control.labels, tools.label);
  return (
    <Layer listening={false} imageSmoothingEnabled={false}>
      <Group ref={groupRef} />
      {polygon.length > 0 && (
        <>
          <Line
            points={polygon.flat()}
            closed
            fill={`${colour}40`}
            stroke={colour}
            strokeWidth={2}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
          />
          <Circle
            x={polygon[0][0]}
            y={polygon[0][1]}
            radius={CLOSE_PX / scale}
            stroke="#fff"
            strokeWidth={2}
            strokeScaleEnabled={false}
          />
        </>
      )}
      <Line ref={bandRef} stroke={colour} dash={[6, 4]} strokeWidth={1} strokeScaleEnabled={false} />
      <Circle
        ref={cursorRef}
        visible={false}
        stroke={tools.tool === "eraser" ? "#000" : "#fff"}
        dash={[4, 3]}
        strokeWidth={1.5}
        strokeScaleEnabled={false}
      />
    </Layer>
  );
}

/** Every `period` pixels along a diagonal: the missed area's hatching. */
const hatch = (period: number) => (x: number, y: number) => (x + y) % period < Math.max(1, period / 3);
/** A dot every `period` pixels: the extra area. */
const dots = (period: number) => (x: number, y: number) => {
  const half = Math.max(1, Math.floor(period / 2));
  return x % period < half && y % period < half;
};

/** Read-only against a reference: your masks, the missed area hatched, the extra area dotted, and
 * each mask's status in text at its top-left corner. */
function MaskDiffLayer({
  control,
  value,
  reference,
}: WidgetProps<MasksControl, StoredMask[]> & { reference: { value: StoredMask[] | undefined } }) {
  const [groupRef, nodes] = useMaskNodes();
  const diff = useMemo(() => maskDiffOf(control, value, reference.value), [control, value, reference.value]);
  const answer = value ?? [];
  const refs = reference.value ?? [];
  const rasters = useMemo(() => {
    if ("error" in diff) return null;
    const decode = (m: StoredMask) => MaskRaster.fromRle(m.rle);
    return {
      answer: answer.map(decode),
      reference: refs.map(decode),
      missed: MaskRaster.fromRle(diff.missed),
      extra: MaskRaster.fromRle(diff.extra),
    };
  }, [diff]);

  useEffect(() => {
    if (!rasters) return nodes.current?.sync([]);
    // Patterns a few screen pixels wide when the whole image is in view.
    const period = Math.max(4, Math.round(Math.max(rasters.missed.width, rasters.missed.height) / 250));
    nodes.current?.sync([
      ...answer.map((m, i) => ({
        id: `answer:${i}`,
        raster: rasters.answer[i],
        colour: rgbaOf(labelColour(control.labels, m.label)),
        opacity: 0.45,
      })),
      {
        id: "missed",
        raster: rasters.missed,
        colour: rgbaOf(REFERENCE_COLOUR),
        opacity: 0.9,
        pattern: hatch(period),
      },
      {
        id: "extra",
        raster: rasters.extra,
        colour: rgbaOf(DIFF_COLOURS.extra),
        opacity: 0.9,
        pattern: dots(period),
      },
    ]);
  });

  if ("error" in diff || !rasters) return <Layer listening={false} />;
  const tags: ScreenTag[] = diff.matches.map((m) => {
    const raster = m.answer !== null ? rasters.answer[m.answer] : rasters.reference[m.reference!];
    const win = raster.window;
    return {
      x: win.x,
      y: win.y,
      text: describeMatch(
        m,
        m.answer === null ? null : answer[m.answer].label,
        m.reference === null ? null : refs[m.reference].label,
        "IoU",
        control.iou_threshold,
      ),
      colour: DIFF_COLOURS[m.kind],
      below: m.answer === null,
    };
  });
  // The areas' legend, in words, at the image's top-left corner.
  const legend = [
    diff.missedArea > 0 &&
      `${AREA_TEXT.missed.drawn} ${AREA_TEXT.missed.name.toLowerCase()} ${diff.missedArea.toLocaleString("en")} px`,
    diff.extraArea > 0 &&
      `${AREA_TEXT.extra.drawn} ${AREA_TEXT.extra.name.toLowerCase()} ${diff.extraArea.toLocaleString("en")} px`,
  ].filter(Boolean);
  if (legend.length > 0) tags.push({ x: 0, y: 0, text: legend.join(" · "), colour: "#1f2328", below: true });
  return (
    <Layer listening={false} imageSmoothingEnabled={false}>
      <Group ref={groupRef} />
      <ScreenTags tags={tags} />
    </Layer>
  );
}
