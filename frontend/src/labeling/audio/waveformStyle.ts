/**
 * The waveform's own styles, given to wavesurfer's shadow root as a constructed stylesheet.
 *
 * wavesurfer.js writes its layout rules in a `<style>` element inside its shadow DOM, which our
 * Content Security Policy (`style-src 'self'`, no inline styles; see api/security_headers.py)
 * blocks: the canvases would stack unpositioned. Constructed stylesheets are not inline markup,
 * so the same rules (wavesurfer 8's renderer.js `initHtml`) are adopted here instead of loosening
 * the policy. The segment tags drawn inside regions are styled here too: page styles do not reach
 * into a shadow root.
 */
import type WaveSurfer from "wavesurfer.js";

export const WAVE_HEIGHT = 96;

const CSS = `
:host { user-select: none; min-width: 1px; }
:host audio { display: block; width: 100%; }
:host .scroll { overflow-x: auto; overflow-y: hidden; width: 100%; position: relative; }
:host .noScrollbar { scrollbar-color: transparent; scrollbar-width: none; }
:host .noScrollbar::-webkit-scrollbar { display: none; -webkit-appearance: none; }
:host .wrapper { position: relative; overflow: visible; z-index: 2; }
:host .canvases { min-height: ${WAVE_HEIGHT}px; pointer-events: none; }
:host .canvases > div { position: relative; }
:host canvas { display: block; position: absolute; top: 0; image-rendering: pixelated; }
:host .progress { pointer-events: none; position: absolute; z-index: 2; top: 0; left: 0; width: 0;
  height: 100%; overflow: hidden; }
:host .progress > div { position: relative; }
:host .cursor { pointer-events: none; position: absolute; z-index: 5; top: 0; left: 0; height: 100%;
  border-radius: 2px; }
:host .segment-tag { display: block; max-width: 100%; box-sizing: border-box; overflow: hidden;
  white-space: nowrap; text-overflow: ellipsis; padding: 0 4px; font: 12px/1.5 system-ui, sans-serif;
  color: #111827; background: rgba(255, 255, 255, 0.85); border-radius: 2px; }
:host .segment-tag[data-selected="true"] { font-weight: 700; outline: 2px solid #1d4ed8; }
:host .segment-tag[data-locked="true"]::after { content: " (locked)"; }
`;

let sheet: CSSStyleSheet | null = null;

export function adoptWaveformStyles(ws: WaveSurfer): void {
  const root = ws.getWrapper().getRootNode();
  if (!(root instanceof ShadowRoot) || typeof CSSStyleSheet === "undefined") return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
