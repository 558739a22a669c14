/**
 * Mapping between a mouse selection in rendered text and span offsets.
 *
 * The DOM counts UTF-16 code units; the server (Python `str`) counts code points. Spans are
 * stored in code points and converted at this boundary, so "😀 Paris" selects the same
 * characters on both sides.
 */

/** UTF-16 index → code point index. */
export function utf16ToCodePoint(text: string, index: number): number {
  let cp = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    cp++;
  }
  return cp;
}

/** Code point index → UTF-16 index. */
export function codePointToUtf16(text: string, cpIndex: number): number {
  let i = 0;
  for (let cp = 0; cp < cpIndex && i < text.length; cp++) {
    const c = text.charCodeAt(i);
    const pair =
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      text.charCodeAt(i + 1) >= 0xdc00 &&
      text.charCodeAt(i + 1) <= 0xdfff;
    i += pair ? 2 : 1;
  }
  return i;
}

/** Offset (UTF-16) of a DOM boundary point within `root`'s text content. */
export function offsetWithin(root: Node, node: Node, offset: number): number {
  const range = root.ownerDocument!.createRange();
  range.selectNodeContents(root);
  range.setEnd(node, offset);
  return range.toString().length;
}

export interface Utf16Range {
  start: number;
  end: number;
}

/**
 * The selection inside `root` as UTF-16 offsets, trimmed of surrounding whitespace (a double
 * click often takes the trailing space). `null` if the selection is empty or leaves `root`.
 */
export function selectionOffsets(root: Node, selection: Selection | null): Utf16Range | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  const start = offsetWithin(root, range.startContainer, range.startOffset);
  const end = offsetWithin(root, range.endContainer, range.endOffset);
  return trimRange(root.textContent ?? "", Math.min(start, end), Math.max(start, end));
}

export function trimRange(text: string, start: number, end: number): Utf16Range | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return e > s ? { start: s, end: e } : null;
}
