/**
 * The image surface: one Konva stage per image field, the image fitted on its own layer, and on
 * top one Konva layer per control drawn on it (boxes, polygons, keypoints, masks…). Zoom (wheel
 * at the cursor, + and −), pan (Space or middle-button drag, arrows), fit, brightness and
 * contrast. The view is applied to the stage imperatively and published through a small store,
 * so zooming and panning never re-render the regions; only what must keep its size on screen
 * (handles) listens to it. Brightness and contrast are a CSS filter on the image layer's canvas:
 * free, where Konva filters would recompute a 24-megapixel bitmap on every change.
 *
 * DOM hooks the benchmarks read: `data-surface="image"`, `data-field`, `data-ready="true"` once
 * the image is drawn on the canvas, and `data-zoom` (the current scale).
 */
import Konva from "konva";
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Image as KImage, Layer, Stage } from "react-konva";
import { useMediaInfo } from "../../media/mediaInfo";
import { Text } from "../../render";
import type { SurfaceProps } from "../types";
import type { Point, Size } from "./boxGeometry";
import {
  ImageSurfaceContext,
  type ImageSurfaceApi,
  type PointerHandler,
  type PointerModifiers,
} from "./imageSurfaceContext";
import { ImageToolbar, useColours } from "./ImageToolbar";
import { useLoadedImage } from "./loadedImage";
import {
  fitView,
  panBy,
  scaleLimits,
  toImage,
  viewCommand,
  visibleRect,
  wheelFactor,
  zoomAt,
  type View,
} from "./viewport";
import "./image.css";

// Canvases at most twice their CSS size: a 3× screen would otherwise paint 2.25 times the pixels
// of a 2× one every frame, for no difference one can see in a labeling view.
Konva.pixelRatio = Math.min(window.devicePixelRatio || 1, 2);

const mods = (e: {
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}): PointerModifiers => ({
  shift: e.shiftKey,
  alt: e.altKey,
  ctrl: e.ctrlKey || e.metaKey,
});

function isEditable(el: EventTarget | null): boolean {
  return (
    el instanceof HTMLElement &&
    (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))
  );
}

export function ImageSurface({ field, url, data, layers, readOnly = false }: SurfaceProps) {
  const { info } = useMediaInfo(url, data, field);
  const loaded = useLoadedImage(url);
  const image = loaded?.image ?? null;
  const size: Size | null = useMemo(() => {
    if (info.width && info.height) return { width: info.width, height: info.height };
    return image ? { width: image.naturalWidth, height: image.naturalHeight } : null;
  }, [info.width, info.height, image]);

  const rootRef = useRef<HTMLDivElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const imageLayerRef = useRef<Konva.Layer>(null);
  const zoomLabelRef = useRef<HTMLSpanElement>(null);
  const [box, setBox] = useState<Size>({ width: 0, height: 0 });
  const [ready, setReady] = useState(false);
  const { brightness, contrast } = useColours(field);

  // The view lives outside React state: applied to the stage, published to subscribers.
  const viewRef = useRef<View>({ scale: 1, x: 0, y: 0 });
  const listeners = useRef(new Set<() => void>());
  const fitted = useRef(true); // the user has not zoomed or panned since the last fit
  const handlers = useRef(new Map<string, PointerHandler>());
  const gesture = useRef<
    { kind: "pan"; from: Point; start: View } | { kind: "layer"; handler: PointerHandler } | null
  >(null);
  const space = useRef(false);
  // Whether a press landed on a shape, decided in the capture phase: before Konva's own listener
  // runs the shape's handlers, whose re-render may destroy the very shape that was hit.
  const pressedShape = useRef(false);
  const hovering = useRef(false);
  const boxSize = useRef(box);
  boxSize.current = box;
  const imageSize = useRef(size);
  imageSize.current = size;

  // While the view moves (wheel, keys), the hit graph (what a click would hit) is not redrawn
  // every frame: it costs as much as the shapes themselves. It is redrawn once it settles.
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const moving = useCallback(() => {
    const stage = stageRef.current;
    if (!stage) return;
    stage.listening(false);
    if (settle.current) clearTimeout(settle.current);
    settle.current = setTimeout(() => {
      settle.current = null;
      if (!gesture.current) {
        stage.listening(true);
        stage.batchDraw();
      }
    }, 150);
  }, []);
  useEffect(() => () => clearTimeout(settle.current ?? undefined), []);

  const applyView = useCallback((next: View) => {
    viewRef.current = next;
    const stage = stageRef.current;
    if (stage) {
      stage.scale({ x: next.scale, y: next.scale });
      stage.position({ x: next.x, y: next.y });
      stage.batchDraw();
    }
    const zoom = String(Math.round(next.scale * 10000) / 10000);
    rootRef.current?.setAttribute("data-zoom", zoom);
    if (zoomLabelRef.current) zoomLabelRef.current.textContent = `${Math.round(next.scale * 100)}%`;
    for (const l of listeners.current) l();
  }, []);

  const fit = useCallback(() => {
    if (!imageSize.current || boxSize.current.width === 0) return;
    fitted.current = true;
    applyView(fitView(boxSize.current, imageSize.current));
  }, [applyView]);

  const limits = () => scaleLimits(imageSize.current ? fitView(boxSize.current, imageSize.current).scale : 1);

  const zoomBy = useCallback(
    (factor: number, anchor?: Point) => {
      fitted.current = false;
      const at = anchor ?? { x: boxSize.current.width / 2, y: boxSize.current.height / 2 };
      applyView(zoomAt(viewRef.current, factor, at, limits()));
    },
    [applyView],
  );

  // The container's size: the stage follows it; a view the user has not touched stays fitted.
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const measure = () => setBox({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    fitted.current = true;
    setReady(false);
  }, [url]);

  useEffect(() => {
    if (fitted.current) fit();
    else stageRef.current?.batchDraw();
  }, [box, size, fit]);

  // data-ready: the image layer has drawn the image (Konva draws on the next animation frame).
  useEffect(() => {
    const layer = imageLayerRef.current;
    if (!layer || !image || !size || box.width === 0) return;
    const onDraw = () => setReady(true);
    layer.on("draw.ready", onDraw);
    layer.batchDraw();
    return () => {
      layer.off("draw.ready");
    };
  }, [image, size, box.width]);

  useEffect(() => {
    const canvas = imageLayerRef.current?.getNativeCanvasElement();
    if (canvas) canvas.style.filter = `brightness(${brightness}%) contrast(${contrast}%)`;
  }, [brightness, contrast, image]);

  const local = (e: { clientX: number; clientY: number }): Point => {
    const r = boxRef.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const activeHandler = (): PointerHandler | null => {
    const all = [...handlers.current.values()];
    return all.length > 0 ? all[all.length - 1] : null;
  };
  const setCursor = (cursor: string) => {
    if (boxRef.current) boxRef.current.style.cursor = cursor;
  };
  const restCursor = () => (space.current ? "grab" : activeHandler() && !readOnly ? "crosshair" : "default");

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      moving();
      zoomBy(wheelFactor(e.deltaY, e.deltaMode), local(e));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [zoomBy, moving]);

  // Space held over the image turns a drag into a pan (and must not scroll the page).
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.key !== " " || !hovering.current || isEditable(e.target)) return;
      e.preventDefault();
      space.current = true;
      setCursor("grab");
    };
    const up = (e: KeyboardEvent) => {
      if (e.key !== " ") return;
      space.current = false;
      setCursor(restCursor());
    };
    window.addEventListener("keydown", down, true);
    window.addEventListener("keyup", up, true);
    return () => {
      window.removeEventListener("keydown", down, true);
      window.removeEventListener("keyup", up, true);
    };
  });

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const stage = stageRef.current;
    if (!stage || gesture.current) return;
    const at = local(e);
    const handler = readOnly ? null : activeHandler();
    const onShape = pressedShape.current && !e.shiftKey; // Shift draws over shapes
    pressedShape.current = false;
    const pan = e.button === 1 || (e.button === 0 && (space.current || (!handler && !onShape)));
    if (pan) {
      e.preventDefault(); // no middle-button autoscroll
      stage.listening(false); // no hit-graph redraw while the view moves
      gesture.current = { kind: "pan", from: { x: e.clientX, y: e.clientY }, start: viewRef.current };
      setCursor("grabbing");
    } else if (e.button === 0 && handler && !onShape) {
      gesture.current = { kind: "layer", handler };
      handler.down(toImage(viewRef.current, at), mods(e));
    } else return;
    const move = (ev: PointerEvent) => {
      const g = gesture.current;
      if (g?.kind === "pan") {
        fitted.current = false;
        applyView(panBy(g.start, ev.clientX - g.from.x, ev.clientY - g.from.y));
      } else g?.handler.move(toImage(viewRef.current, local(ev)), mods(ev));
    };
    const up = (ev: PointerEvent) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
      const g = gesture.current;
      gesture.current = null;
      if (g?.kind === "pan") {
        stage.listening(true);
        stage.batchDraw();
      } else g?.handler.up(toImage(viewRef.current, local(ev)), mods(ev));
      setCursor(restCursor());
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
  };

  const api: ImageSurfaceApi = useMemo(
    () => ({
      field,
      size,
      image,
      readOnly,
      view: {
        get: () => viewRef.current,
        subscribe: (l) => {
          listeners.current.add(l);
          return () => listeners.current.delete(l);
        },
      },
      setPointerHandler: (owner, handler) => {
        handlers.current.delete(owner);
        if (handler) handlers.current.set(owner, handler);
        setCursor(restCursor());
      },
      viewKey: (key) => {
        const command = viewCommand(key);
        if (!command) return false;
        moving();
        if (command.kind === "fit") fit();
        else if (command.kind === "zoom") zoomBy(command.factor);
        else {
          fitted.current = false;
          const b = boxSize.current;
          applyView(panBy(viewRef.current, command.dx * b.width, command.dy * b.height));
        }
        return true;
      },
      visibleRect: () => visibleRect(viewRef.current, boxSize.current),
      ownsPointer: () => space.current || gesture.current !== null,
    }),
    [field, size, image, readOnly, fit, zoomBy, applyView, moving],
  );

  return (
    <div
      ref={rootRef}
      className="image-surface"
      data-surface="image"
      data-field={field}
      data-ready={ready ? "true" : undefined}
    >
      <ImageToolbar field={field} size={size} zoomLabelRef={zoomLabelRef} onZoom={zoomBy} onFit={fit} />
      <div
        ref={boxRef}
        className="image-stage"
        onPointerDownCapture={(e) => {
          const stage = stageRef.current;
          if (!stage) return;
          if (settle.current) {
            clearTimeout(settle.current); // a press right after a wheel zoom
            settle.current = null;
            stage.listening(true);
          }
          // Konva redraws on the next animation frame: a press that quick after a change (a
          // polygon just closed, a box just drawn) must not be tested against the old hit graph.
          for (const layer of stage.getLayers()) layer.drawHit();
          pressedShape.current = stage.getIntersection(local(e)) != null;
        }}
        onPointerDown={onPointerDown}
        onPointerMove={(e) => {
          if (!gesture.current && !readOnly) activeHandler()?.hover?.(toImage(viewRef.current, local(e)));
        }}
        onPointerEnter={() => {
          hovering.current = true;
          setCursor(restCursor());
        }}
        onPointerLeave={() => {
          hovering.current = false;
          if (!gesture.current) activeHandler()?.hover?.(null);
        }}
        onContextMenu={(e) => e.preventDefault()}
      >
        {loaded?.error ? (
          <p className="error" role="alert">
            The image could not be loaded: <Text value={url} />
          </p>
        ) : (
          box.width > 0 && (
            <ImageSurfaceContext.Provider value={api}>
              <Stage ref={stageRef} width={box.width} height={box.height}>
                <Layer ref={imageLayerRef} listening={false}>
                  {image && size && (
                    <KImage
                      image={image}
                      width={size.width}
                      height={size.height}
                      perfectDrawEnabled={false}
                    />
                  )}
                </Layer>
                {size && layers.map((layer) => <Fragment key={layer.control}>{layer.render()}</Fragment>)}
              </Stage>
            </ImageSurfaceContext.Provider>
          )
        )}
      </div>
    </div>
  );
}
