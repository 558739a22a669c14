"""What a media file holds, read from its bytes: pixel size after EXIF orientation, duration,
frame rate and frame count, whether it has sound; and the files derived from it (waveform
peaks, a thumbnail).

Pure functions over a path (Pillow for images, PyAV for audio and video); no database. The
upload path calls ``probe`` on every file it stores; ``derive`` makes the peaks and the
thumbnail (see ``media_library`` for where and when).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import orjson
from PIL import Image, ImageOps

#: Peaks per second of sound: 50 lets an annotator zoom to 50 px/s (20 ms per pixel, a
#: syllable) before the waveform turns blocky, and keeps a 1-hour file at 180,000 values —
#: ≤ 5 bytes each in JSON (two decimals), so under 1 MB. Longer files get fewer per second so
#: no file's peaks exceed ``MAX_PEAKS``.
PEAKS_PER_SECOND = 50
MAX_PEAKS = 180_000
#: The longest side of a thumbnail, in pixels (the Items tab shows them at 64 px; 2× for HiDPI).
THUMBNAIL_SIZE = 160


@dataclass(frozen=True, slots=True)
class Probe:
    """What was measured; None where the kind of media has no such thing."""

    kind: str  # "image" | "audio" | "video"
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    fps: float | None = None
    frames: int | None = None
    has_audio: bool = False


class ProbeError(ValueError):
    """The bytes sniffed as media but cannot be decoded."""


#: What Pillow and PyAV raise on bytes they cannot decode.
DECODE_ERRORS = (OSError, ValueError, av.FFmpegError, Image.DecompressionBombError)


def probe(path: Path, content_type: str) -> Probe:
    """Measure one stored file; raises ProbeError when its decoder refuses it."""
    kind = content_type.split("/", 1)[0]
    try:
        if kind == "image":
            return _probe_image(path)
        return _probe_av(path, kind)
    except ProbeError:
        raise
    except DECODE_ERRORS as e:
        raise ProbeError(f"cannot be decoded: {e}") from None


def _probe_image(path: Path) -> Probe:
    with Image.open(path) as image:
        width, height = image.size
        # EXIF orientations 5-8 turn the picture by 90°: the annotator sees it transposed.
        if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
            width, height = height, width
    return Probe(kind="image", width=width, height=height)


def _seconds(value: int | None, time_base: Fraction | None) -> float | None:
    if value is None or time_base is None:
        return None
    return float(value * time_base)


def _probe_av(path: Path, kind: str) -> Probe:
    with av.open(str(path)) as container:
        # An audio file's video stream is its cover art, not a picture to label.
        video = container.streams.video[0] if container.streams.video and kind == "video" else None
        audio = container.streams.audio[0] if container.streams.audio else None
        if video is None and audio is None:
            raise ProbeError("has no audio or video stream")
        duration = _seconds(container.duration, Fraction(1, av.time_base))
        if video is None:
            assert audio is not None
            duration = _seconds(audio.duration, audio.time_base) or duration
            return Probe(kind="audio", duration=duration, has_audio=True)
        duration = _seconds(video.duration, video.time_base) or duration
        rate = video.average_rate or video.guessed_rate
        fps = float(rate) if rate else None
        frames = video.frames or (round(duration * fps) if duration and fps else None)
        width, height = video.codec_context.width, video.codec_context.height
        # A phone's display matrix turns the picture (browsers honour it): PyAV reports it on
        # decoded frames, so the first one is decoded (milliseconds).
        first = next(container.decode(video), None)
        if first is not None and first.rotation % 180 == 90:
            width, height = height, width
        return Probe(
            kind="video",
            width=width,
            height=height,
            duration=duration,
            fps=fps,
            frames=frames,
            has_audio=audio is not None,
        )


def peaks(path: Path) -> dict[str, object]:
    """Max |amplitude| of the mono mix per bucket, ``peaks_per_second`` buckets a second.

    Decodes the whole first audio stream once, frame by frame (memory stays one frame plus the
    result); values are rounded to two decimals, which a waveform at most a few hundred pixels
    tall cannot tell apart.
    """
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        stream.codec_context.thread_type = "AUTO"
        rate = stream.rate or stream.codec_context.sample_rate
        # Planar float at the stream's own rate and layout; the mono mix is the channels' mean
        # (FFmpeg's own downmix would scale a centred stereo sound by √2 and clip).
        resampler = av.AudioResampler(format="fltp", rate=rate)
        probe_duration = _seconds(stream.duration, stream.time_base) or _seconds(
            container.duration, Fraction(1, av.time_base)
        )
        per_second = _peaks_per_second(probe_duration)
        bucket = max(1, rate // per_second)
        out: list[np.ndarray] = []
        carry = np.zeros(0, dtype=np.float32)
        total = 0
        for frame in container.decode(stream):
            for planar in resampler.resample(frame):
                samples = np.abs(planar.to_ndarray().mean(axis=0))
                total += samples.size
                if carry.size:
                    samples = np.concatenate((carry, samples))
                whole = samples.size - samples.size % bucket
                if whole:
                    out.append(samples[:whole].reshape(-1, bucket).max(axis=1))
                carry = samples[whole:]
        for planar in resampler.resample(None):
            samples = np.abs(planar.to_ndarray().mean(axis=0))
            total += samples.size
            carry = np.concatenate((carry, samples))
        if carry.size:
            whole = carry.size - carry.size % bucket
            if whole:
                out.append(carry[:whole].reshape(-1, bucket).max(axis=1))
            if carry.size % bucket:
                out.append(np.array([carry[whole:].max()], dtype=np.float32))
    values = np.concatenate(out) if out else np.zeros(0, dtype=np.float32)
    # float64 before rounding, so 0.4 prints as 0.4 and not as float32's 0.4000000059604645.
    rounded: list[float] = np.round(np.clip(values.astype(np.float64), 0.0, 1.0), 2).tolist()
    return {"duration": total / rate, "peaks_per_second": rate / bucket, "peaks": rounded}


def _peaks_per_second(duration: float | None) -> int:
    if not duration or duration <= 0:
        return PEAKS_PER_SECOND
    return max(1, min(PEAKS_PER_SECOND, MAX_PEAKS // math.ceil(duration)))


def peaks_json(path: Path) -> bytes:
    """``peaks`` as JSON; ProbeError when decoding fails part-way."""
    try:
        return orjson.dumps(peaks(path))
    except DECODE_ERRORS as e:
        raise ProbeError(f"sound cannot be decoded: {e}") from None


def thumbnail(path: Path, kind: str) -> bytes:
    """A small WebP: the EXIF-oriented image, or a video's first frame; ProbeError when the
    picture cannot be decoded."""
    try:
        return _thumbnail(path, kind)
    except ProbeError:
        raise
    except DECODE_ERRORS as e:
        raise ProbeError(f"picture cannot be decoded: {e}") from None


def _thumbnail(path: Path, kind: str) -> bytes:
    if kind == "image":
        with Image.open(path) as opened:
            opened.draft("RGB", (THUMBNAIL_SIZE * 2, THUMBNAIL_SIZE * 2))  # JPEG: decode at 1/2..1/8
            image = ImageOps.exif_transpose(opened)
            return _webp(image)
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            picture = Image.fromarray(frame.to_ndarray(format="rgb24"))
            # ``rotation`` is counter-clockwise degrees, as PIL's ``rotate`` takes them.
            return _webp(picture.rotate(frame.rotation, expand=True) if frame.rotation else picture)
    raise ProbeError("has no video frame")


def _webp(image: Image.Image) -> bytes:
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    image.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=70)
    return buffer.getvalue()
