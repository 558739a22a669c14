/** The boxes control's value (controls/boxes.py) and its diff against a reference. */
import { boxIoU } from "./boxGeometry";
import { matchRegions, type RegionMatch } from "./regionMatch";

/** `{id, x, y, width, height, label}` in image pixels from the top-left corner (COCO's bbox). */
export interface Box {
  id?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

export function boxDiff(answer: readonly Box[], reference: readonly Box[], threshold: number): RegionMatch[] {
  return matchRegions(answer, reference, { overlap: boxIoU, label: (b) => b.label, threshold });
}
