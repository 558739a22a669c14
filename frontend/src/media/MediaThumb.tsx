/** A local media file's thumbnail (the server's WebP), or nothing when the URL is not this
 * server's media or the file has no thumbnail (audio, a file uploaded before measuring). */
import { useState } from "react";
import { thumbnailUrl } from "./mediaInfo";

export function MediaThumb({ url, size = 48 }: { url: unknown; size?: number }) {
  const [failed, setFailed] = useState(false);
  const src = typeof url === "string" ? thumbnailUrl(url) : null;
  if (!src || failed) return null;
  return (
    <img
      className="media-thumb"
      src={src}
      alt=""
      loading="lazy"
      style={{ maxWidth: size, maxHeight: size }}
      onError={() => setFailed(true)}
      data-testid="media-thumb"
    />
  );
}
