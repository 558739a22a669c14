/**
 * An image loaded and decoded off the main thread before the surface draws it, so the first
 * frame of a 24-megapixel photo does not stall on decoding. Browsers apply EXIF orientation to
 * both `naturalWidth`/`naturalHeight` and canvas drawing, matching the server's measured size.
 */
import { useEffect, useState } from "react";

export interface LoadedImage {
  image: HTMLImageElement | null;
  error: boolean;
}

export function useLoadedImage(url: string): LoadedImage | null {
  const [state, setState] = useState<{ url: string; loaded: LoadedImage } | null>(null);
  useEffect(() => {
    if (!url) return;
    let live = true;
    const img = new window.Image();
    img.decoding = "async";
    const done = (loaded: LoadedImage) => {
      if (live) setState({ url, loaded });
    };
    img.onload = () => {
      // decode() resolves once the bitmap is ready to draw; some browsers refuse it for huge images.
      img.decode().then(
        () => done({ image: img, error: false }),
        () => done({ image: img, error: false }),
      );
    };
    img.onerror = () => done({ image: null, error: true });
    img.src = url;
    return () => {
      live = false;
      img.onload = null;
      img.onerror = null;
    };
  }, [url]);
  return state?.url === url ? state.loaded : null;
}
