"""The UI benchmark's media, generated locally and deterministically (same bytes every run).

- a 6000×4000 JPEG (Pillow, quality 90): a camera-sized photo with texture, so its decode and
  upload to the GPU cost what a real one does;
- a 1-hour mono MP3 (PyAV, libmp3lame, 64 kbit/s, 44.1 kHz): the most common upload format,
  speech-like bursts of filtered noise so the waveform has shape;
- a 10-minute 30 fps H.264 MP4 (PyAV, libx264, yuv420p, 960×540, a keyframe every 2 s as
  camera and streaming footage has, `+faststart` so the browser needs no second request for
  the index): every frame differs (a moving gradient and a block that steps one position per
  frame), so a stepped frame is a new picture.
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

IMAGE_SIZE = (6000, 4000)
AUDIO_SECONDS = 3600
AUDIO_RATE = 44_100
VIDEO_SECONDS = 600
VIDEO_FPS = 30
VIDEO_SIZE = (960, 540)
VIDEO_GOP = 2 * VIDEO_FPS
BOXES = 500


def make_image(path: Path) -> Path:
    if path.exists():
        return path
    w, h = IMAGE_SIZE
    rng = np.random.default_rng(7)
    # A smooth colour field at low resolution, scaled up, plus fine noise: photo-like entropy.
    small = rng.integers(0, 256, (h // 100, w // 100, 3), dtype=np.uint8)
    img = Image.fromarray(small).resize((w, h), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3))
    noise = rng.integers(-12, 13, (h, w, 3), dtype=np.int16)
    arr = np.clip(np.asarray(img, dtype=np.int16) + noise, 0, 255).astype(np.uint8)
    img = Image.fromarray(arr)
    draw = ImageDraw.Draw(img)
    for i in range(0, w, 500):
        draw.line([(i, 0), (i, h)], fill=(255, 255, 255), width=3)
    for j in range(0, h, 500):
        draw.line([(0, j), (w, j)], fill=(255, 255, 255), width=3)
    img.save(path, "JPEG", quality=90)
    return path


def boxes(n: int = BOXES, seed: int = 11) -> list[dict[str, float | str]]:
    """``n`` boxes in pixels spread over the image, two labels alternating (goldlabel's shape)."""
    rng = random.Random(seed)
    w, h = IMAGE_SIZE
    out: list[dict[str, float | str]] = []
    for i in range(n):
        bw, bh = rng.uniform(60, 400), rng.uniform(60, 400)
        x, y = rng.uniform(0, w - bw), rng.uniform(0, h - bh)
        out.append(
            {
                "id": f"b{i:04d}",
                "x": round(x, 1),
                "y": round(y, 1),
                "width": round(bw, 1),
                "height": round(bh, 1),
                "label": "car" if i % 2 else "person",
            }
        )
    return out


def make_audio(path: Path, seconds: int = AUDIO_SECONDS) -> Path:
    if path.exists():
        return path
    rng = np.random.default_rng(5)
    with av.open(str(path), "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=AUDIO_RATE, layout="mono")
        stream.bit_rate = 64_000
        chunk = AUDIO_RATE  # one second at a time
        t = np.arange(chunk) / AUDIO_RATE
        for s in range(seconds):
            # A "word" every few hundred ms: a burst of tone plus noise under an envelope.
            envelope = np.clip(np.sin(2 * np.pi * (0.7 + 0.3 * rng.random()) * (t + s)), 0, None) ** 2
            tone = np.sin(2 * np.pi * (120 + 80 * rng.random()) * t)
            signal = (0.5 * tone + 0.3 * rng.standard_normal(chunk)) * envelope * (0.4 + 0.6 * rng.random())
            frame = av.AudioFrame.from_ndarray(
                signal.astype(np.float32)[None, :], format="fltp", layout="mono"
            )
            frame.sample_rate = AUDIO_RATE
            frame.pts = s * chunk
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def make_video(path: Path, seconds: int = VIDEO_SECONDS) -> Path:
    if path.exists():
        return path
    w, h = VIDEO_SIZE
    xs = np.linspace(0, 255, w, dtype=np.float32)[None, :]
    ys = np.linspace(0, 255, h, dtype=np.float32)[:, None]
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        stream = out.add_stream("libx264", rate=VIDEO_FPS, options={"preset": "veryfast", "crf": "28"})
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.gop_size = VIDEO_GOP
        stream.codec_context.options = {"preset": "veryfast", "crf": "28", "sc_threshold": "0"}
        stream.time_base = Fraction(1, VIDEO_FPS)
        for n in range(seconds * VIDEO_FPS):
            base = np.empty((h, w, 3), dtype=np.uint8)
            base[..., 0] = (xs + n) % 256
            base[..., 1] = (ys + 2 * n) % 256
            base[..., 2] = 128
            # A block stepping 8 px a frame along a row: each frame is visibly different.
            bx, by = (n * 8) % (w - 40), 40 + (n // ((w - 40) // 8)) % (h - 80)
            base[by : by + 40, bx : bx + 40] = 255
            frame = av.VideoFrame.from_ndarray(base, format="rgb24")
            frame.pts = n
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def make_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "image": make_image(folder / "photo-6000x4000.jpg"),
        "audio": make_audio(folder / "speech-1h.mp3"),
        "video": make_video(folder / "clip-10min-30fps.mp4"),
    }
