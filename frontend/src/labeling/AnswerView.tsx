/**
 * A result drawn read-only with the labeling page's own widgets (through the registry), and, given
 * a reference, each control's diff against it. Used by practice feedback and the guideline's
 * examples and counterexamples. A new widget brings its own read-only and diff drawing (its
 * `readOnly` and `reference` props); nothing here knows any control type.
 *
 * Media widgets are drawn as on the labeling page: one surface per media field holding the layers
 * of the controls drawn on it, read-only. Their card shows the `Component` read-only too, where a
 * widget puts its diff in words. With a reference, "both" draws the reference over the answer (one
 * surface, the layer given `reference`) or beside it (two surfaces, each answer alone).
 */
import { useId, useState, type ReactNode } from "react";
import type { AnyControl, Control, FieldKind, ItemData, ProjectSchema, Result } from "../api/types";
import { FieldView, Text } from "../render";
import { placeControls, type FieldPlace } from "./layout";
import "./layout.css";
import { hasWidget, layerFor, widgetFor } from "./registry";
import { surfaceFor } from "./surfaces";
import type { SurfaceKind, WidgetProps } from "./types";
import "./answer.css";

export type AnswerShow = "yours" | "reference" | "both";
/** How "both" draws a media answer: the reference over the answer, or the two side by side. */
export type AnswerArrange = "over" | "beside";

export interface AnswerViewProps {
  schema: ProjectSchema;
  data: ItemData;
  /** The answer shown ("yours"). */
  result: Result;
  /** The reference answer: with it the view offers the toggle and draws diffs in "both". */
  reference?: Result;
  /** Which side shows first (default "both" when there is a reference). */
  initialShow?: AnswerShow;
  /** How "both" draws media answers first (default "over"). */
  initialArrange?: AnswerArrange;
  /** Names for the two sides, e.g. a counterexample's "Wrong answer" and "Right answer". */
  labels?: { yours: string; reference: string };
  /** Only these controls (default: all). */
  controls?: readonly string[];
  /** Extra content inside a control's card (a score, an explanation). */
  aside?: (control: AnyControl) => ReactNode;
  /** Show the item's data fields that no control draws itself (default true). */
  showData?: boolean;
}

const NOOP = () => {};
const NO_KEYS: ReadonlyMap<string, string> = new Map();

/** The props of a control's widget drawn read-only (as its card or as its layer on a surface). */
function readOnlyProps(
  control: AnyControl,
  data: ItemData,
  value: unknown,
  reference: { value: unknown } | undefined,
): WidgetProps {
  return {
    control: control as Control,
    value,
    onChange: NOOP,
    data,
    active: false,
    keys: NO_KEYS,
    activate: NOOP,
    textRootRef: NOOP,
    setKeyHandler: NOOP,
    provideSelection: NOOP,
    notify: NOOP,
    readOnly: true,
    reference,
  };
}

/** Whether the control draws on a surface for this field kind (a media widget on a media field). */
function drawsOnSurface(control: AnyControl, kind: string | undefined): kind is SurfaceKind {
  return kind !== undefined && surfaceFor(kind) !== undefined && layerFor(control, kind) !== undefined;
}

export function AnswerView({
  schema,
  data,
  result,
  reference,
  initialShow,
  initialArrange = "over",
  labels = { yours: "Your answer", reference: "Reference" },
  controls,
  aside,
  showData = true,
}: AnswerViewProps) {
  const [show, setShow] = useState<AnswerShow>(reference ? (initialShow ?? "both") : "yours");
  const [arrange, setArrange] = useState<AnswerArrange>(initialArrange);
  const effective: AnswerShow = reference ? show : "yours";
  const group = useId();
  const shown = schema.controls.filter((c) => !controls || controls.includes(c.name));
  const fields = schema.fields as Record<string, string>;
  const surfaced = (field: string) =>
    shown.filter((c) => c.field === field && drawsOnSurface(c, fields[field]));
  const surfaceFields = Object.keys(fields).filter((name) => surfaced(name).length > 0);
  const shownValue = (control: AnyControl) =>
    effective === "reference" ? reference?.[control.name] : result[control.name];
  const diffAgainst = (control: AnyControl) =>
    effective === "both" ? { value: reference?.[control.name] } : undefined;

  /** One media field's surface with the layers of its controls, each answer from `valueOf`. */
  const renderSurface = (
    field: string,
    valueOf: (control: AnyControl) => unknown,
    referenceOf: (control: AnyControl) => { value: unknown } | undefined,
    title?: string,
  ) => {
    const kind = fields[field] as SurfaceKind;
    const Surface = surfaceFor(kind)!;
    return (
      <section key={title ?? field} className="field-card surface-card" data-field={field}>
        <h3>
          <Text value={title ? `${field} — ${title}` : field} />
        </h3>
        <Surface
          field={field}
          kind={kind}
          url={typeof data[field] === "string" ? (data[field] as string) : ""}
          data={data}
          readOnly
          layers={surfaced(field).map((control) => {
            const Layer = layerFor(control, kind)!;
            return {
              control: control.name,
              active: false,
              render: () => (
                <Layer {...readOnlyProps(control, data, valueOf(control), referenceOf(control))} />
              ),
            };
          })}
        />
      </section>
    );
  };

  const renderSurfaceField = (field: string) =>
    effective === "both" && arrange === "beside" ? (
      <div key={field} className="answer-beside" data-field-pair={field}>
        {renderSurface(
          field,
          (c) => result[c.name],
          () => undefined,
          labels.yours,
        )}
        {renderSurface(
          field,
          (c) => reference?.[c.name],
          () => undefined,
          labels.reference,
        )}
      </div>
    ) : (
      renderSurface(field, shownValue, diffAgainst)
    );

  const renderControl = (control: AnyControl) => {
    const def = widgetFor(control);
    const value = shownValue(control);
    return (
      <section key={control.name} className="control-card answer-card" data-control={control.name}>
        <h3>
          <Text value={control.name} />
          <span className="control-type">{control.type}</span>
        </h3>
        {def && hasWidget(control) ? (
          <def.Component {...readOnlyProps(control, data, value, diffAgainst(control))} />
        ) : (
          <p className="hint">
            This UI cannot show “<Text value={control.type} />” answers yet.
          </p>
        )}
        {aside?.(control)}
      </section>
    );
  };

  /** A field as on the labeling page (layout.ts): its surface, content widget or plain view, with
   * its controls' cards beside or below it. */
  const renderField = (place: FieldPlace, inRow: number) => {
    const { field } = place;
    const content = place.controls.filter((c) => widgetFor(c)?.placement === "content");
    const side = place.controls.filter((c) => widgetFor(c)?.placement !== "content");
    const main = surfaceFields.includes(field) ? (
      renderSurfaceField(field)
    ) : content.length === 0 && showData ? (
      <section key={field} className="field-card" data-field={field}>
        <h3>
          <Text value={field} />
        </h3>
        <FieldView kind={fields[field] as FieldKind} value={data[field]} />
      </section>
    ) : null;
    return (
      <div
        key={field}
        className={`field-group${side.length > 0 ? "" : " no-side"}${inRow > 1 ? " stacked" : ""}`}
        data-field-group={field}
      >
        <div className="field-group-main">
          {main}
          {content.map(renderControl)}
        </div>
        {side.length > 0 && <div className="field-group-side">{side.map(renderControl)}</div>}
      </div>
    );
  };
  // The fields with something to show: their controls, or their data when it is shown.
  const rows = placeControls(schema, shown)
    .map((row) => row.filter((place) => place.controls.length > 0 || showData))
    .filter((row) => row.length > 0);
  const options: [AnswerShow, string][] = [
    ["yours", labels.yours],
    ["reference", labels.reference],
    ["both", "Both (differences)"],
  ];
  const arrangements: [AnswerArrange, string][] = [
    ["over", "Reference over the answer"],
    ["beside", "Side by side"],
  ];

  return (
    <div className="answer-view" data-show={effective} data-arrange={arrange}>
      {reference && (
        <div className="answer-toggle" role="radiogroup" aria-label="Show">
          {options.map(([value, label]) => (
            <label key={value} className={effective === value ? "chosen" : undefined}>
              <input
                type="radio"
                name={`${group}-show`}
                value={value}
                checked={effective === value}
                onChange={() => setShow(value)}
              />
              {label}
            </label>
          ))}
        </div>
      )}
      {effective === "both" && surfaceFields.length > 0 && (
        <div className="answer-toggle" role="radiogroup" aria-label="Arrange">
          {arrangements.map(([value, label]) => (
            <label key={value} className={arrange === value ? "chosen" : undefined}>
              <input
                type="radio"
                name={`${group}-arrange`}
                value={value}
                checked={arrange === value}
                onChange={() => setArrange(value)}
              />
              {label}
            </label>
          ))}
        </div>
      )}
      <div className="workspace workspace-rows answer-workspace">
        {rows.map((row) => (
          <div key={row.map((p) => p.field).join(" ")} className="layout-row" data-fields={row.length}>
            {row.map((place) => renderField(place, row.length))}
          </div>
        ))}
      </div>
    </div>
  );
}
