/**
 * The labeling surface for one item: the data, one widget per control, and the keyboard. Holds no
 * server state, so the labeling page and the schema editor's live preview both use it.
 */
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
} from "react";
import type { AnyControl, Control, ItemData, ProjectSchema, Result } from "../api/types";
import { FieldView, Text } from "../render";
import { applyRegionKey, useRegionFlags } from "./regionEdits";
import { placeControls, shownOrder } from "./layout";
import "./layout.css";
import { RegionList, isRegionControl } from "./RegionList";
import { hasWidget, layerFor, widgetFor } from "./registry";
import {
  PREV_CONTROL_KEY,
  SUBMIT_FROM_TEXT_KEY,
  assignLabelKeys,
  eventKey,
  type Action,
  type Bindings,
} from "./shortcuts";
import { selectionOffsets, type Utf16Range } from "./spanOffsets";
import { surfaceFor } from "./surfaces";
import type { SurfaceKind, WidgetProps } from "./types";

export type WorkspaceAction = Exclude<Action, "next_control">;

export interface ControlKeys {
  control: AnyControl;
  keys: Map<string, string>;
}

/** Label keys of every control the UI can show, in the order they are shown (the Tab order). */
export function controlKeys(schema: ProjectSchema): ControlKeys[] {
  return shownOrder(schema, schema.controls).map((control) => {
    const def = widgetFor(control);
    const keys =
      def && hasWidget(control) ? assignLabelKeys(def.labels(control), control.hotkeys) : new Map();
    return { control, keys };
  });
}

export function allLabelKeys(schema: ProjectSchema): Set<string> {
  const out = new Set<string>();
  for (const { keys } of controlKeys(schema)) for (const k of keys.keys()) out.add(k);
  return out;
}

function isEditable(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

export interface WorkspaceProps {
  schema: ProjectSchema;
  data: ItemData;
  /** Changes when a new item is shown: the first control becomes active again. */
  itemKey: string;
  result: Result;
  onChange: (control: string, value: unknown, coalesce?: string) => void;
  bindings: Bindings;
  onAction: (action: WorkspaceAction) => void;
  /** False while a dialog owns the keyboard. */
  keysEnabled: boolean;
  /** "window": the page's shortcuts work anywhere; "container": only when focus is inside. */
  keyScope: "window" | "container";
  notify: (message: string) => void;
  /** Required controls a submission found unanswered: marked, and the first one focused. */
  missing?: readonly string[];
}

export function Workspace(props: WorkspaceProps) {
  const {
    schema,
    data,
    itemKey,
    result,
    onChange,
    bindings,
    onAction,
    keysEnabled,
    keyScope,
    notify,
    missing,
  } = props;
  const controls = useMemo(() => controlKeys(schema), [schema]);
  const [active, setActive] = useState(0);
  const containerRef = useRef<HTMLDivElement>(null);
  const textRoots = useRef(new Map<string, HTMLElement>());
  const keyboardSelections = useRef(new Map<string, () => Utf16Range | null>());
  const keyHandler = useRef<((key: string) => boolean) | null>(null);
  // In "container" scope (the schema preview) widgets act only while the preview has focus, so
  // a free-text widget never pulls focus away from the schema being typed.
  const [focusWithin, setFocusWithin] = useState(false);
  const live = keysEnabled && (keyScope === "window" || focusWithin);
  const regionFlags = useRegionFlags(itemKey);

  useEffect(() => setActive(0), [itemKey]);
  // A submission refused for missing answers: the first missing control takes the focus.
  useEffect(() => {
    const first = controls.findIndex((ck) => missing?.includes(ck.control.name));
    if (first >= 0) setActive(first);
  }, [missing, controls]);
  const activeIndex = controls.length > 0 ? Math.min(active, controls.length - 1) : -1;

  const moveActive = useCallback(
    (delta: number) => {
      if (controls.length === 0) return;
      const el = document.activeElement;
      if (el instanceof HTMLElement && containerRef.current?.contains(el)) el.blur();
      setActive((a) => (a + delta + controls.length) % controls.length);
    },
    [controls.length],
  );

  const handleKey = useCallback(
    (e: KeyboardEvent | ReactKeyboardEvent) => {
      if (!keysEnabled || e.defaultPrevented) return;
      const key = eventKey(e);
      if (!key) return;
      const action = (Object.entries(bindings) as [Action, string][]).find(([, k]) => k === key)?.[0];
      if (isEditable(e.target)) {
        // Typing stays typing; only leaving the field and submitting work from inside it.
        if (key === "Escape") (e.target as HTMLElement).blur();
        else if (key === SUBMIT_FROM_TEXT_KEY) onAction("submit");
        else if (action === "next_control") moveActive(1);
        else if (key === PREV_CONTROL_KEY) moveActive(-1);
        else return;
        e.preventDefault();
        return;
      }
      const current = controls[activeIndex];
      const label = current?.keys.get(key);
      if (current && label !== undefined) {
        const def = widgetFor(current.control);
        if (def?.applyLabel && hasWidget(current.control)) {
          e.preventDefault();
          const root = textRoots.current.get(current.control.name);
          const mouse = root ? selectionOffsets(root, window.getSelection()) : null;
          const selection = mouse ?? keyboardSelections.current.get(current.control.name)?.() ?? null;
          const outcome = def.applyLabel(current.control, result[current.control.name], label, {
            data,
            selection,
          });
          if ("error" in outcome) notify(outcome.error);
          else {
            onChange(current.control.name, outcome.value);
            if (mouse) window.getSelection()?.removeAllRanges();
          }
          return;
        }
      }
      if (action || key === PREV_CONTROL_KEY) {
        e.preventDefault();
        if (action === "next_control") moveActive(1);
        else if (action) onAction(action);
        else moveActive(-1);
        return;
      }
      if (keyHandler.current?.(key)) e.preventDefault();
      else if (
        current &&
        applyRegionKey(key, current.control.name, result[current.control.name], regionFlags, onChange, notify)
      ) {
        e.preventDefault();
      }
    },
    [
      keysEnabled,
      bindings,
      controls,
      activeIndex,
      result,
      data,
      onChange,
      onAction,
      moveActive,
      notify,
      regionFlags,
    ],
  );

  useEffect(() => {
    if (keyScope !== "window") return;
    window.addEventListener("keydown", handleKey);
    return () => window.removeEventListener("keydown", handleKey);
  }, [keyScope, handleKey]);

  /** The props every widget of a control gets, as its card and as its layer on a surface. */
  const widgetProps = (ck: ControlKeys, index: number): WidgetProps => {
    const { control, keys } = ck;
    const isActive = index === activeIndex;
    return {
      control: control as Control,
      value: result[control.name],
      onChange: (v, coalesce) => onChange(control.name, v, coalesce),
      data,
      active: isActive && live,
      keys,
      activate: () => setActive(index),
      textRootRef: (el) => {
        if (el) textRoots.current.set(control.name, el);
        else textRoots.current.delete(control.name);
      },
      setKeyHandler: (h) => {
        if (isActive || h === null) keyHandler.current = h;
      },
      provideSelection: (get) => {
        if (get) keyboardSelections.current.set(control.name, get);
        else keyboardSelections.current.delete(control.name);
      },
      notify,
      regions: regionFlags.stateOf(control.name),
    };
  };

  const renderControl = (ck: ControlKeys, index: number) => {
    const { control } = ck;
    const def = widgetFor(control);
    const isActive = index === activeIndex;
    const isMissing = missing?.includes(control.name) ?? false;
    return (
      <section
        key={control.name}
        className={`control-card${isActive ? " active" : ""}${isMissing ? " missing" : ""}`}
        data-control={control.name}
        aria-current={isActive ? "true" : undefined}
        aria-invalid={isMissing || undefined}
        onMouseDown={() => setActive(index)}
      >
        <h3>
          <Text value={control.name} />
          {control.required && (
            <span className="required" title="required">
              *
            </span>
          )}
          <span className="control-type">{control.type}</span>
        </h3>
        {def ? (
          <def.Component {...widgetProps(ck, index)} />
        ) : (
          <p className="hint">
            This UI cannot show “<Text value={control.type} />” controls yet.
          </p>
        )}
      </section>
    );
  };

  const renderSurface = (field: string, kind: SurfaceKind, layers: { ck: ControlKeys; i: number }[]) => {
    const Surface = surfaceFor(kind);
    if (!Surface) return null;
    return (
      <section key={`surface:${field}`} className="field-card surface-card" data-field={field}>
        <h3>
          <Text value={field} />
        </h3>
        <Surface
          field={field}
          kind={kind}
          url={typeof data[field] === "string" ? (data[field] as string) : ""}
          data={data}
          layers={layers.map(({ ck, i }) => {
            const Layer = layerFor(ck.control, kind)!;
            return {
              control: ck.control.name,
              active: i === activeIndex,
              render: () => <Layer {...widgetProps(ck, i)} />,
            };
          })}
        />
      </section>
    );
  };

  const indexed = controls.map((ck, i) => ({ ck, i }));
  const activateControl = (name: string) =>
    setActive(
      Math.max(
        0,
        controls.findIndex((ck) => ck.control.name === name),
      ),
    );

  /**
   * One field with its controls: in the field's place its surface (media controls' layers), its
   * content widget (spans over the text) or the plain field; beside it (below it in a row of
   * several fields) the controls' cards and the region list of its region controls.
   */
  const renderField = (field: string, own: { ck: ControlKeys; i: number }[], inRow: number) => {
    const kind = (schema.fields as Record<string, string>)[field];
    const layers = surfaceFor(kind) ? own.filter(({ ck }) => layerFor(ck.control, kind)) : [];
    const content = own.filter(({ ck }) => widgetFor(ck.control)?.placement === "content");
    const side = own.filter(({ ck }) => widgetFor(ck.control)?.placement !== "content");
    // The region list, once the field has a region control.
    const regionControls = own.filter(({ ck }) => isRegionControl(ck.control));
    const main =
      layers.length > 0 ? (
        renderSurface(field, kind as SurfaceKind, layers)
      ) : content.length > 0 ? null : (
        <section key={field} className="field-card" data-field={field}>
          <h3>
            <Text value={field} />
          </h3>
          <FieldView kind={kind} value={data[field]} />
        </section>
      );
    const hasSide = side.length > 0 || regionControls.length > 0;
    return (
      <div
        key={field}
        className={`field-group${hasSide ? "" : " no-side"}${inRow > 1 ? " stacked" : ""}`}
        data-field-group={field}
      >
        <div className="field-group-main">
          {main}
          {content.map(({ ck, i }) => renderControl(ck, i))}
        </div>
        {hasSide && (
          <div className="field-group-side">
            {side.map(({ ck, i }) => renderControl(ck, i))}
            {regionControls.length > 0 && (
              <RegionList
                controls={regionControls.map(({ ck }) => ck.control)}
                result={result}
                data={data}
                flags={regionFlags}
                onChange={onChange}
                onPick={activateControl}
              />
            )}
          </div>
        )}
      </div>
    );
  };

  const rows = placeControls(
    schema,
    indexed.map((entry) => ({ ...entry, field: entry.ck.control.field })),
  );

  return (
    <div
      ref={containerRef}
      className="workspace workspace-rows"
      tabIndex={keyScope === "container" ? 0 : undefined}
      onKeyDown={keyScope === "container" ? handleKey : undefined}
      onFocus={keyScope === "container" ? () => setFocusWithin(true) : undefined}
      onBlur={
        keyScope === "container"
          ? (e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocusWithin(false);
            }
          : undefined
      }
    >
      {rows.map((row) => (
        <div key={row.map((p) => p.field).join(" ")} className="layout-row" data-fields={row.length}>
          {row.map((place) => renderField(place.field, place.controls, row.length))}
        </div>
      ))}
    </div>
  );
}
