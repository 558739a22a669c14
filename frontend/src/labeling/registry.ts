/**
 * Control type → widget. Adding a control type to the UI = one widget module + one line here
 * (and its control shape in api/types, which comes from the server's OpenAPI document).
 */
import type { ComponentType } from "react";
import type { AnyControl, Control } from "../api/types";
import { segmentsWidget } from "./audio/SegmentsWidget";
import { choicesWidget } from "./ChoicesWidget";
import { boxesWidget } from "./image/BoxesWidget";
import { keypointsWidget } from "./image/KeypointsWidget";
import { polygonsWidget } from "./image/PolygonsWidget";
import { rankingWidget } from "./RankingWidget";
import { ratingWidget } from "./RatingWidget";
import { spansWidget } from "./SpansWidget";
import { textWidget } from "./TextWidget";
import type { SurfaceKind, WidgetDef, WidgetProps } from "./types";
import { tracksWidget } from "./video/TracksWidget";

type ControlOf<T extends Control["type"]> = Extract<Control, { type: T }>;

const REGISTRY: { [T in Control["type"]]: WidgetDef<ControlOf<T>, any> } = {
  choices: choicesWidget,
  rating: ratingWidget,
  spans: spansWidget,
  text: textWidget,
  ranking: rankingWidget,
  boxes: boxesWidget,
  polygons: polygonsWidget,
  tracks: tracksWidget,
  segments: segmentsWidget,
  keypoints: keypointsWidget,
};

/** Whether this UI has a widget for the control's type (narrows it to `Control`). */
export function hasWidget(control: AnyControl): control is Control {
  return control.type in REGISTRY;
}

/** The widget for a control, or undefined for a type this UI cannot show yet. */
export function widgetFor(control: AnyControl): WidgetDef | undefined {
  return (REGISTRY as Record<string, unknown>)[control.type] as WidgetDef | undefined;
}

/** The control's layer on a surface of this kind, if its widget draws on one. */
export function layerFor(control: AnyControl, kind: string): ComponentType<WidgetProps> | undefined {
  return widgetFor(control)?.surface?.[kind as SurfaceKind];
}

export function supportedTypes(): string[] {
  return Object.keys(REGISTRY);
}

/**
 * The controls of a schema this UI has no widget for. The labeling page offers no labeling at
 * all while there is one: a submission without that control's answer would be stored as
 * finished work.
 */
export function unsupportedControls(schema: { controls: readonly { name: string; type: string }[] }) {
  return schema.controls.filter((c) => widgetFor(c as Control) === undefined);
}
