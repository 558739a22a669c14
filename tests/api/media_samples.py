"""Small real media files made in the test (Pillow and PyAV): an EXIF-rotated JPEG, a tone as
WAV or MP3, a video with or without sound. Nothing is read from disk or the network."""

from __future__ import annotations

import io

import av
import numpy as np
from PIL import Image

ORIENTATION = 0x0112


def jpeg_bytes(
    width: int, height: int, *, orientation: int = 1, colour: tuple[int, int, int] = (200, 40, 40)
) -> bytes:
    """A width × height JPEG as stored; EXIF ``orientation`` 6 or 8 shows it turned by 90°."""
    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def tone(seconds: float, rate: int, amplitude: float) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def audio_bytes(seconds: float, *, fmt: str = "wav", amplitude: float = 0.5, rate: int = 16_000) -> bytes:
    """A 440 Hz tone, stereo; ``fmt`` ``wav`` (PCM) or ``mp3``."""
    codec, container = {"wav": ("pcm_s16le", "wav"), "mp3": ("libmp3lame", "mp3")}[fmt]
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate, layout="stereo")
        _encode_audio(out, stream, tone(seconds, rate, amplitude), rate)
    return buffer.getvalue()


def _encode_audio(
    out: av.container.OutputContainer, stream: av.AudioStream, samples: np.ndarray, rate: int
) -> None:
    """Planar float frames; PyAV converts them to the codec's sample format."""
    step = stream.codec_context.frame_size or 1024
    for start in range(0, samples.size, step):
        chunk = samples[start : start + step]
        frame = av.AudioFrame.from_ndarray(np.tile(chunk, (2, 1)), format="fltp", layout="stereo")
        frame.sample_rate = rate
        frame.pts = start
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)


def video_bytes(
    frames: int, *, fps: int = 25, width: int = 64, height: int = 48, sound: bool = True, rotation: int = 0
) -> bytes:
    """An MP4 (H.264) of ``frames`` frames, each a different grey, with an AAC tone if ``sound``;
    ``rotation``: a display matrix turning it (counter-clockwise degrees), as phones write."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        if rotation:
            video.set_display_rotation(rotation)
        audio = out.add_stream("aac", rate=16_000, layout="stereo") if sound else None
        for n in range(frames):
            pixels = np.full((height, width, 3), (n * 5) % 256, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = n
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if audio is not None:
            _encode_audio(out, audio, tone(frames / fps, 16_000, 0.5), 16_000)
    return buffer.getvalue()
