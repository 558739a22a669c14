/**
 * Mask colours: the image widgets' palette (image/palette.ts, one colour per label across boxes,
 * polygons and masks) as the RGBA bytes a mask's bitmap is filled with. Colour is never the only
 * cue: the card names each mask's label, and the diff labels its areas in words and patterns.
 */
export type Rgba = readonly [number, number, number, number];

/** "#rrggbb" → opaque RGBA bytes. */
export function rgbaOf(hex: string): Rgba {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}
