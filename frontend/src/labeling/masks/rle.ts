/**
 * COCO run-length encoding, exactly as pycocotools writes and reads it, so a mask painted here is
 * stored as the server (src/goldlabel/quality/geometry/rle.py) and any COCO tool expects.
 *
 * A COCO RLE is `{size: [height, width], counts}`: the lengths of the runs of the mask flattened
 * in column-major order (down each column, then the next column), alternating zeros and ones and
 * starting with zeros (a mask whose first pixel is set starts with a zero-length run). `counts`
 * is either that list of numbers or pycocotools' compact string (`rleToString`): each number
 * written in 5-bit chunks, least significant first, as characters from "0" (48) on, with bit
 * 0x20 meaning "more chunks follow" and bit 0x10 of a number's last chunk its sign; from the
 * fourth run on, each number is stored as the difference from the run two places before.
 *
 * Hand-written rather than a dependency: the format is two short C functions in pycocotools, and
 * the JavaScript ports on npm are unmaintained. fixtures/rle_cases.json (written by pycocotools)
 * holds the known answers the tests check.
 */

export interface CocoRle {
  /** [height, width] of the image. */
  size: [number, number];
  counts: string | number[];
}

/** Characters of the compact form are "0" (48) to "o" (111): six bits each. */
const FIRST_CHAR = 48;

/** pycocotools' `rleToString`: the compact string of run lengths. */
export function countsToString(counts: readonly number[]): string {
  const chars: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    // Arithmetic rather than 32-bit bit operations, so any safe integer survives.
    let x = i > 2 ? counts[i] - counts[i - 2] : counts[i];
    let more = true;
    while (more) {
      let chunk = ((x % 32) + 32) % 32;
      x = Math.floor(x / 32);
      more = chunk & 0x10 ? x !== -1 : x !== 0;
      if (more) chunk |= 0x20;
      chars.push(chunk + FIRST_CHAR);
    }
  }
  // In slices: String.fromCharCode takes its characters as arguments.
  let out = "";
  for (let i = 0; i < chars.length; i += 8192) out += String.fromCharCode(...chars.slice(i, i + 8192));
  return out;
}

/** pycocotools' `rleFrString`: run lengths from the compact string. Throws on a malformed one. */
export function stringToCounts(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let scale = 1;
    let more = true;
    while (more) {
      if (p >= text.length) throw new Error("RLE counts string ends in the middle of a number");
      const c = text.charCodeAt(p) - FIRST_CHAR;
      if (c < 0 || c > 63) throw new Error("RLE counts string has characters outside the COCO alphabet");
      x += (c & 0x1f) * scale;
      scale *= 32;
      more = (c & 0x20) !== 0;
      p++;
      if (!more && c & 0x10) x -= scale; // sign-extend the last chunk
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/** The run lengths of an RLE in either form, checked against its size. Throws when they are
 * negative or do not cover height × width pixels. */
export function rleCounts(rle: CocoRle): number[] {
  const counts = typeof rle.counts === "string" ? stringToCounts(rle.counts) : [...rle.counts];
  const [height, width] = rle.size;
  let total = 0;
  for (const n of counts) {
    if (!Number.isInteger(n) || n < 0) throw new Error("RLE counts must be non-negative integers");
    total += n;
  }
  if (total !== height * width) {
    throw new Error(`RLE counts cover ${total} pixels but size is ${height}x${width}`);
  }
  return counts;
}

/** Foreground pixels of an RLE, without decoding it. */
export function rleArea(rle: CocoRle): number {
  const counts = rleCounts(rle);
  let area = 0;
  for (let i = 1; i < counts.length; i += 2) area += counts[i];
  return area;
}

/** Run lengths of a column-major mask (non-zero = set). `TypedArray.indexOf` finds each run's
 * end natively, so long runs cost almost nothing. */
export function encodeColumnMajor(mask: Uint8Array): number[] {
  const counts: number[] = [];
  let pos = 0;
  let on = false;
  while (pos < mask.length) {
    const next = nextChange(mask, pos, on);
    counts.push(next - pos);
    pos = next;
    on = !on;
  }
  if (counts.length === 0) counts.push(0);
  return counts;
}

/** The first index from `pos` whose pixel is not `on` (the end of the current run). */
function nextChange(mask: Uint8Array, pos: number, on: boolean): number {
  if (!on) {
    const i = firstNonZero(mask, pos);
    return i < 0 ? mask.length : i;
  }
  const i = mask.indexOf(0, pos);
  return i < 0 ? mask.length : i;
}

/** The first non-zero index from `pos`, or -1. Masks hold 0/1, so `indexOf(1)` answers it; any
 * other value found before that is searched for by hand (bitmaps from elsewhere). */
function firstNonZero(mask: Uint8Array, pos: number): number {
  const one = mask.indexOf(1, pos);
  const end = one < 0 ? mask.length : one;
  for (let i = pos; i < end; i++) if (mask[i] !== 0) return i;
  return one;
}

/** A column-major 0/1 mask (index `x * height + y`) from run lengths. */
export function decodeColumnMajor(counts: readonly number[], length: number): Uint8Array {
  const mask = new Uint8Array(length);
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    if (i % 2 === 1) mask.fill(1, pos, pos + counts[i]);
    pos += counts[i];
  }
  return mask;
}

/** A COCO RLE of a mask given row-major (index `y * width + x`, as in ImageData), with counts in
 * the compact string form (`compressed`, the default, as `maskUtils.encode`) or as a list. */
export function encodeMask(
  mask: Uint8Array,
  height: number,
  width: number,
  { compressed = true }: { compressed?: boolean } = {},
): CocoRle {
  if (mask.length !== height * width)
    throw new Error(`mask has ${mask.length} pixels, not ${height}x${width}`);
  const counts = encodeColumnMajor(transpose(mask, height, width));
  return { size: [height, width], counts: compressed ? countsToString(counts) : counts };
}

/** The row-major 0/1 mask (index `y * width + x`) of a COCO RLE in either form. */
export function decodeMask(rle: CocoRle): Uint8Array {
  const [height, width] = rle.size;
  return transpose(decodeColumnMajor(rleCounts(rle), height * width), width, height);
}

/** Row-major (rows × cols) ↔ column-major: the same pixels with the axes swapped. */
function transpose(src: Uint8Array, rows: number, cols: number): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[row + c];
  }
  return out;
}
