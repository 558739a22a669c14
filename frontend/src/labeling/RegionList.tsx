/**
 * The labeling shell's region list: every region of every region control (spans, boxes,
 * polygons, masks, poses, segments, tracks), grouped by control, to select, hide, lock, relabel
 * and delete. It knows no control type: a region is anything with an `id` and a `label`, described
 * by the widget's `describeRegion` or from its shape. Edits go through `onChange`, so they undo.
 */
import type { AnyControl, ItemData, Result } from "../api/types";
import { Text, truncate } from "../render";
import {
  deleteRegion,
  describeRegionShape,
  regionsOf,
  relabelRegion,
  type Region,
  type RegionFlags,
} from "./regionEdits";
import { hasWidget, widgetFor } from "./registry";
import "./regions.css";

export interface RegionListProps {
  controls: readonly AnyControl[];
  result: Result;
  data: ItemData;
  flags: RegionFlags;
  onChange: (control: string, value: unknown) => void;
  /** A region of this control was picked in the list: the control becomes the active one. */
  onPick: (control: string) => void;
}

/** A region control: its empty answer is a list ("no regions" is `[]`, the widget contract). */
export function isRegionControl(control: AnyControl): boolean {
  return Array.isArray(widgetFor(control)?.emptyAnswer?.());
}

/** How the list names a region: the widget's description, else one drawn from its shape. */
export function describeRegion(control: AnyControl, region: Region, data: ItemData): string {
  const def = widgetFor(control);
  const own =
    def?.describeRegion && hasWidget(control) ? def.describeRegion(control, region as never, data) : null;
  return truncate(own ?? describeRegionShape(region), 60);
}

export function RegionList({ controls, result, data, flags, onChange, onPick }: RegionListProps) {
  const groups = controls.flatMap((control) => {
    const regions = regionsOf(result[control.name]);
    return regions ? [{ control, regions }] : [];
  });
  return (
    <section className="control-card region-list" aria-label="Regions">
      <h3>Regions</h3>
      {groups.length === 0 && <p className="hint">Nothing marked yet: what you mark is listed here.</p>}
      {groups.map(({ control, regions }) => {
        const state = flags.stateOf(control.name);
        const def = widgetFor(control);
        const labels = def && hasWidget(control) ? def.labels(control) : [];
        return (
          <div key={control.name} className="region-group" data-region-control={control.name}>
            <h4>
              <Text value={control.name} /> <span className="hint">({regions.length})</span>
            </h4>
            <ul>
              {regions.map((region) => {
                const selected = state.selected === region.id;
                const hidden = state.hidden.has(region.id);
                const locked = state.locked.has(region.id);
                const description = describeRegion(control, region, data);
                const name = `${region.label} ${description}`.trim();
                const options = labels.includes(region.label) ? labels : [region.label, ...labels];
                return (
                  <li
                    key={region.id}
                    data-region={region.id}
                    className={[selected && "selected", hidden && "hidden", locked && "locked"]
                      .filter(Boolean)
                      .join(" ")}
                    aria-current={selected ? "true" : undefined}
                  >
                    <button
                      type="button"
                      className="region-name"
                      aria-pressed={selected}
                      onClick={() => {
                        state.select(selected ? null : region.id);
                        onPick(control.name);
                      }}
                    >
                      <span className="chip">
                        <Text value={region.label} />
                      </span>{" "}
                      <Text value={description} />
                      {hidden && <span className="region-flag"> · hidden</span>}
                      {locked && <span className="region-flag"> · locked</span>}
                    </button>
                    <select
                      aria-label={`Label of ${name}`}
                      value={region.label}
                      disabled={locked}
                      onChange={(e) =>
                        onChange(control.name, relabelRegion(regions, region.id, e.target.value))
                      }
                    >
                      {options.map((label) => (
                        <option key={label} value={label}>
                          {label}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      aria-label={`${hidden ? "Show" : "Hide"} ${name}`}
                      onClick={() => flags.toggleHidden(control.name, region.id)}
                    >
                      {hidden ? "Show" : "Hide"}
                    </button>
                    <button
                      type="button"
                      aria-label={`${locked ? "Unlock" : "Lock"} ${name}`}
                      onClick={() => flags.toggleLocked(control.name, region.id)}
                    >
                      {locked ? "Unlock" : "Lock"}
                    </button>
                    <button
                      type="button"
                      aria-label={`Delete ${name}`}
                      disabled={locked}
                      onClick={() => {
                        if (selected) state.select(null);
                        onChange(control.name, deleteRegion(regions, region.id));
                      }}
                    >
                      Delete
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
