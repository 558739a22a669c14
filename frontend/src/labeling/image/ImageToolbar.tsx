/**
 * The image surface's toolbar: zoom out / in, the zoom level (written by the surface itself on
 * every view change, not through React), fit, brightness and contrast (kept per field across
 * items, applied by the surface as a CSS filter), and the image's size in pixels.
 */
import type { RefObject } from "react";
import { useControlState } from "../controlState";
import type { Size } from "./boxGeometry";
import { ZOOM_STEP } from "./viewport";

/** Brightness and contrast in percent, per image field, shared by the toolbar and the surface. */
export function useColours(field: string) {
  const [brightness, setBrightness] = useControlState(`image:${field}`, "brightness", 100);
  const [contrast, setContrast] = useControlState(`image:${field}`, "contrast", 100);
  return { brightness, setBrightness, contrast, setContrast };
}

export function ImageToolbar({
  field,
  size,
  zoomLabelRef,
  onZoom,
  onFit,
}: {
  field: string;
  size: Size | null;
  zoomLabelRef: RefObject<HTMLSpanElement | null>;
  onZoom: (factor: number) => void;
  onFit: () => void;
}) {
  const { brightness, setBrightness, contrast, setContrast } = useColours(field);
  return (
    <div className="image-toolbar" role="toolbar" aria-label={`${field}: view`}>
      <button type="button" onClick={() => onZoom(1 / ZOOM_STEP)} aria-label="Zoom out" title="Zoom out (−)">
        −
      </button>
      <span ref={zoomLabelRef} className="zoom-level" aria-label="Zoom level" />
      <button type="button" onClick={() => onZoom(ZOOM_STEP)} aria-label="Zoom in" title="Zoom in (+)">
        +
      </button>
      <button type="button" onClick={onFit} title="Fit the image (F)">
        Fit
      </button>
      <label>
        Brightness
        <input
          type="range"
          min={20}
          max={300}
          value={brightness}
          onChange={(e) => setBrightness(Number(e.target.value))}
        />
      </label>
      <label>
        Contrast
        <input
          type="range"
          min={20}
          max={300}
          value={contrast}
          onChange={(e) => setContrast(Number(e.target.value))}
        />
      </label>
      {(brightness !== 100 || contrast !== 100) && (
        <button
          type="button"
          onClick={() => {
            setBrightness(100);
            setContrast(100);
          }}
        >
          Reset colours
        </button>
      )}
      {size && (
        <span className="hint image-size">
          {size.width}×{size.height} px
        </span>
      )}
    </div>
  );
}
