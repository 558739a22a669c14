/**
 * The polygons layer's editing handles: the selected outline with its vertices (drag, select,
 * Alt+click deletes), its edges' midpoints (a click inserts a vertex) and a draggable body; and
 * the outline being drawn, whose first vertex closes it, with a rubber band to the pointer.
 * Handles keep their size on screen (they follow the zoom); drags move Konva nodes in place and
 * report once, on release.
 */
import type Konva from "konva";
import { useRef } from "react";
import { Circle, Group, Line } from "react-konva";
import { clamp } from "./boxGeometry";
import { useImageSurface, useViewScale } from "./imageSurfaceContext";
import {
  allowedShift,
  deleteVertex,
  flat,
  insertVertex,
  translateInside,
  type Vertex,
} from "./polygonGeometry";
import type { Polygon } from "./polygons";

export /** The selected, unlocked polygon with its handles: vertices, edge midpoints, a draggable body. */
function EditablePolygon({
  polygon,
  colour,
  vertex,
  onVertex,
  onPoints,
}: {
  polygon: Polygon;
  colour: string;
  vertex: number | null;
  onVertex: (i: number | null) => void;
  onPoints: (points: Vertex[], selectVertex?: number) => void;
}) {
  const { size, ownsPointer } = useImageSurface();
  const scale = useViewScale();
  const lineRef = useRef<Konva.Line>(null);
  const points = polygon.points;
  const r = 5 / scale;
  return (
    <Group
      draggable
      onDragStart={(e) => {
        if (ownsPointer()) e.target.stopDrag(); // Shift+press: the layer draws over it
      }}
      onDragMove={(e) => {
        if (e.target !== e.currentTarget) return; // a vertex's drag bubbling up
        e.target.position(allowedShift(points, e.target.x(), e.target.y(), size!));
      }}
      onDragEnd={(e) => {
        if (e.target !== e.currentTarget) return;
        const { x, y } = e.target.position();
        e.target.position({ x: 0, y: 0 });
        if (x !== 0 || y !== 0) onPoints(translateInside(points, x, y, size!));
      }}
    >
      <Line
        ref={lineRef}
        points={flat(points)}
        closed
        stroke={colour}
        strokeWidth={3}
        strokeScaleEnabled={false}
        fill={`${colour}40`}
        perfectDrawEnabled={false}
      />
      {points.map(([x, y], i) => {
        const [nx, ny] = points[(i + 1) % points.length];
        return (
          <Circle
            key={`m${i}`}
            name="midpoint"
            x={(x + nx) / 2}
            y={(y + ny) / 2}
            radius={r * 0.7}
            fill="#ffffff"
            stroke={colour}
            strokeWidth={1}
            strokeScaleEnabled={false}
            opacity={0.8}
            onPointerDown={(e) => {
              e.cancelBubble = true;
              onPoints(insertVertex(points, i, [(x + nx) / 2, (y + ny) / 2]), i + 1);
            }}
          />
        );
      })}
      {points.map(([x, y], i) => (
        <Circle
          key={`v${i}`}
          name="vertex"
          x={x}
          y={y}
          radius={i === vertex ? r * 1.4 : r}
          fill={i === vertex ? colour : "#ffffff"}
          stroke={colour}
          strokeWidth={2}
          strokeScaleEnabled={false}
          draggable
          onPointerDown={(e) => {
            if (e.evt.altKey) {
              const next = deleteVertex(points, i);
              if (next) onPoints(next);
            } else onVertex(i);
          }}
          onDragMove={(e) => {
            const n = e.target;
            n.position({ x: clamp(n.x(), 0, size!.width), y: clamp(n.y(), 0, size!.height) });
            const moved = points.map((p, k): Vertex => (k === i ? [n.x(), n.y()] : p));
            lineRef.current?.points(flat(moved));
          }}
          onDragEnd={(e) => {
            e.cancelBubble = true;
            onPoints(
              points.map((p, k): Vertex => (k === i ? [e.target.x(), e.target.y()] : p)),
              i,
            );
          }}
        />
      ))}
    </Group>
  );
}

/** The outline being drawn: its vertices (the first closes it), and a rubber band to the pointer. */
export function DraftPolygon({
  points,
  colour,
  rubberRef,
  onClose,
}: {
  points: Vertex[];
  colour: string;
  rubberRef: React.RefObject<Konva.Line | null>;
  onClose: () => void;
}) {
  const scale = useViewScale();
  const [x0, y0] = points[0];
  return (
    <>
      <Line
        points={flat(points)}
        stroke={colour}
        strokeWidth={2}
        strokeScaleEnabled={false}
        listening={false}
      />
      <Line
        ref={rubberRef}
        stroke={colour}
        strokeWidth={1}
        dash={[4, 4]}
        strokeScaleEnabled={false}
        listening={false}
      />
      {points.slice(1).map(([x, y], i) => (
        <Circle key={i} x={x} y={y} radius={3 / scale} fill={colour} listening={false} />
      ))}
      <Circle
        name="first-vertex"
        x={x0}
        y={y0}
        radius={7 / scale}
        fill="#ffffff"
        stroke={colour}
        strokeWidth={2}
        strokeScaleEnabled={false}
        onPointerDown={(e) => {
          e.cancelBubble = true;
          onClose();
        }}
      />
    </>
  );
}
