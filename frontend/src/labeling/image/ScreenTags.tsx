/**
 * Many short text tags (region labels, diff statuses) drawn by ONE Konva shape at a constant
 * size on screen: the font is sized from the current zoom at draw time, so zooming needs no
 * React render and 500 labels cost one node, not 500. Text is drawn with `fillText`, never
 * parsed as markup.
 */
import { Shape } from "react-konva";

export interface ScreenTag {
  /** Image pixels of the tag's bottom-left corner (it sits just above this point). */
  x: number;
  y: number;
  text: string;
  colour: string;
  /** Drawn below the point instead (a reference's tag under its region). */
  below?: boolean;
  /** The region's width in image pixels: no tag while it is narrower than the tag's font on
   * screen (500 tiny tags would hide the image). */
  minWidth?: number;
}

const FONT_PX = 12;
const PAD_PX = 3;

export function ScreenTags({ tags }: { tags: readonly ScreenTag[] }) {
  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(context, shape) => {
        const ctx = context._context;
        const scale = shape.getAbsoluteScale().x || 1;
        const font = FONT_PX / scale;
        const pad = PAD_PX / scale;
        ctx.font = `${font}px system-ui, sans-serif`;
        ctx.textBaseline = "bottom";
        for (const t of tags) {
          if (t.minWidth !== undefined && t.minWidth * scale < 2 * FONT_PX) continue;
          const width = ctx.measureText(t.text).width + 2 * pad;
          const height = font + 2 * pad;
          // Above the point, unless that leaves the image (then inside the region).
          const top = t.below || t.y - height < 0 ? t.y : t.y - height;
          ctx.fillStyle = t.colour;
          ctx.fillRect(t.x, top, width, height);
          ctx.fillStyle = "#fff";
          ctx.fillText(t.text, t.x + pad, top + height - pad);
        }
      }}
    />
  );
}
