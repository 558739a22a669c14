/**
 * The masks card read-only: the answer's masks, and with a reference the diff in words — each
 * mask matched, with the wrong label, overlapping too little, missed or extra (with its IoU), and
 * the missed and extra areas in pixels, named as they are drawn on the image (MaskLayer draws
 * them hatched and dotted), so nothing depends on telling colours apart.
 */
import type { MasksControl } from "../../api/types";
import { Text } from "../../render";
import { describeMatch } from "../image/regionMatch";
import { diffMasks, type MaskDiff } from "./maskDiff";
import type { StoredMask } from "./painting";
import { rleArea } from "./rle";

/** How the layer draws the two areas, in words for the card's legend. */
export const AREA_TEXT = {
  missed: { name: "Missed area", drawn: "hatched ╱╱", means: "reference pixels none of your masks cover" },
  extra: { name: "Extra area", drawn: "dotted ∴", means: "your pixels no reference mask covers" },
} as const;

/** The diff, or why there is none (masks drawn on images of different sizes, a corrupt RLE). */
export function maskDiffOf(
  control: MasksControl,
  value: readonly StoredMask[] | undefined,
  reference: readonly StoredMask[] | undefined,
): MaskDiff | { error: string } {
  const answer = value ?? [];
  const ref = reference ?? [];
  const sizes = new Set([...answer, ...ref].map((m) => m.rle.size.join("×")));
  if (sizes.size > 1)
    return { error: `The masks were drawn on images of different sizes (${[...sizes].join(", ")}).` };
  const first = [...answer, ...ref][0];
  const size: [number, number] = first ? first.rle.size : [0, 0];
  try {
    return diffMasks(answer, ref, size, control.iou_threshold);
  } catch (e) {
    return { error: `A mask could not be read: ${(e as Error).message}` };
  }
}

export function MaskDiffCard({
  control,
  value,
  reference,
}: {
  control: MasksControl;
  value: StoredMask[] | undefined;
  reference: { value: StoredMask[] | undefined } | undefined;
}) {
  const masks = value ?? [];
  if (!reference) {
    return masks.length === 0 ? (
      <p className="hint">No masks.</p>
    ) : (
      <ul className="span-list mask-list read-only" aria-label={`${control.name} masks`}>
        {masks.map((m, i) => (
          <li key={m.id ?? i}>
            Mask {i + 1}: <Text value={m.label} /> · {areaText(m)}
          </li>
        ))}
      </ul>
    );
  }
  const diff = maskDiffOf(control, value, reference.value);
  if ("error" in diff) return <p className="hint">{diff.error}</p>;
  const refs = reference.value ?? [];
  if (diff.matches.length === 0) return <p className="hint">No masks, in your answer or the reference.</p>;
  return (
    <div className="masks-diff diff read-only">
      <ul className="span-list diff-list" aria-label={`${control.name}: differences`}>
        {diff.matches.map((m, i) => (
          <li key={i} data-kind={m.kind}>
            <Text
              value={describeMatch(
                m,
                m.answer === null ? null : masks[m.answer].label,
                m.reference === null ? null : refs[m.reference].label,
                "IoU",
                control.iou_threshold,
              )}
            />
          </li>
        ))}
      </ul>
      <p className="diff-summary" data-testid="mask-areas">
        {(["missed", "extra"] as const).map((kind) => (
          <span key={kind} className={`mask-area mask-area-${kind}`}>
            {AREA_TEXT[kind].name}:{" "}
            {(kind === "missed" ? diff.missedArea : diff.extraArea).toLocaleString("en")} px (
            {AREA_TEXT[kind].means}; {AREA_TEXT[kind].drawn} on the image).{" "}
          </span>
        ))}
      </p>
    </div>
  );
}

/** A mask's area for the lists, or a note when its RLE does not decode. */
export function areaText(mask: StoredMask): string {
  try {
    return `${rleArea(mask.rle).toLocaleString("en")} px`;
  } catch {
    return "unreadable RLE";
  }
}
