/**
 * The read-only diff on the image, shared by the region layers: every reference region dashed
 * in one colour, every answer region solid in its status's colour and line weight, each tagged
 * in text ("✓ matched car (IoU 0.87)", "− missed: car"…); a low-overlap pair also tags its
 * reference. Each layer says only how to draw one of its regions and where its tag goes.
 */
import type { ReactNode } from "react";
import { Layer } from "react-konva";
import { DIFF_COLOURS, REFERENCE_COLOUR } from "./palette";
import { describeMatch, type RegionMatch } from "./regionMatch";
import { ScreenTags, type ScreenTag } from "./ScreenTags";

export interface DiffStyle {
  colour: string;
  /** The reference: dashed. */
  dashed: boolean;
  /** Line width in screen pixels. */
  width: number;
}

export function RegionDiffLayer<T extends { label: string }>({
  answer,
  reference,
  matches,
  draw,
  tagAt,
  measure,
  threshold,
}: {
  answer: readonly T[];
  reference: readonly T[];
  matches: readonly RegionMatch[];
  /** One region as Konva nodes (not listening), keyed `key`. */
  draw: (region: T, key: string, style: DiffStyle) => ReactNode;
  /** Where a region's tag goes, in image pixels (its top-left). */
  tagAt: (region: T) => { x: number; y: number };
  measure: string;
  threshold: number;
}) {
  const tags: ScreenTag[] = [];
  const shapes = matches.flatMap((m, i) => {
    const out: ReactNode[] = [];
    const ref = m.reference === null ? null : reference[m.reference];
    const ans = m.answer === null ? null : answer[m.answer];
    if (ref) {
      out.push(draw(ref, `r${i}`, { colour: REFERENCE_COLOUR, dashed: true, width: 2 }));
      if (m.kind === "low_overlap") {
        tags.push({ ...tagAt(ref), below: true, text: `reference: ${ref.label}`, colour: REFERENCE_COLOUR });
      }
    }
    if (ans) {
      const width = m.kind === "matched" ? 2 : 3;
      out.push(draw(ans, `a${i}`, { colour: DIFF_COLOURS[m.kind], dashed: false, width }));
    }
    const text = describeMatch(m, ans?.label ?? null, ref?.label ?? null, measure, threshold);
    tags.push({ ...tagAt((ans ?? ref)!), text, colour: DIFF_COLOURS[m.kind] });
    return out;
  });
  return (
    <Layer listening={false}>
      {shapes}
      <ScreenTags tags={tags} />
    </Layer>
  );
}

/** Konva props of a diff style. */
export function diffStroke(style: DiffStyle) {
  return {
    stroke: style.colour,
    strokeWidth: style.width,
    dash: style.dashed ? [8, 5] : undefined,
    strokeScaleEnabled: false,
    listening: false,
    perfectDrawEnabled: false,
  };
}
