"""Sample videos encoded with PyAV: shapes moving on a plain background, VP8 in WebM.

VP8/WebM plays in every Chromium build (Debian's included, which lacks some patented codecs)
and Firefox. Frames are drawn with Pillow; the encoder runs on one thread so the same seed
gives the same bytes. Each video returns what moved where, frame by frame, for the item's meta.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from goldlabel.services.templates.images import BACKGROUND, COLOURS
from goldlabel.services.templates.sounds import Timed

# PyAV, numpy and Pillow load when a sample is encoded, not when the server starts.
if TYPE_CHECKING:
    from PIL import Image, ImageDraw

WIDTH, HEIGHT, FPS = 320, 240, 10


@dataclass(slots=True)
class Mover:
    """A shape that moves in a straight line and bounces off the frame's edges."""

    track_id: int
    label: str
    colour: str
    size: int
    x: float
    y: float
    dx: float
    dy: float
    frames: list[dict[str, int]] = field(default_factory=list)

    def step(self) -> None:
        self.x += self.dx
        self.y += self.dy
        if not 0 <= self.x <= WIDTH - self.size:
            self.dx = -self.dx
            self.x = min(max(self.x, 0), WIDTH - self.size)
        if not 0 <= self.y <= HEIGHT - self.size:
            self.dy = -self.dy
            self.y = min(max(self.y, 0), HEIGHT - self.size)


def encode(frames: Iterator[Image.Image], fps: int = FPS) -> bytes:
    import av
    import numpy as np

    out = io.BytesIO()
    # bitexact: no random segment id or muxer version in the file, so the bytes repeat
    with av.open(out, mode="w", format="webm", container_options={"fflags": "+bitexact"}) as container:
        stream = container.add_stream(
            "libvpx",
            rate=fps,
            # "good", not "realtime": realtime adapts its effort to the clock, so bytes would vary.
            options={"threads": "1", "crf": "10", "b": "1M", "deadline": "good", "cpu-used": "5"},
        )
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.codec_context.time_base = Fraction(1, fps)
        stream.thread_count = 1
        for n, image in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(np.asarray(image), format="rgb24")
            frame.pts = n
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out.getvalue()


def _draw(draw: ImageDraw.ImageDraw, label: str, colour: str, x: float, y: float, size: int) -> None:
    box = (x, y, x + size, y + size)
    if label == "ball":
        draw.ellipse(box, fill=COLOURS[colour])
    else:
        draw.rectangle(box, fill=COLOURS[colour])


def moving_shapes(rng: random.Random, seconds: float = 4.0) -> tuple[bytes, list[Mover]]:
    """Two or three balls and boxes bouncing around; each mover keeps its box per frame."""
    from PIL import Image, ImageDraw

    movers = [
        Mover(
            track_id=i + 1,
            label=rng.choice(["ball", "box"]),
            colour=rng.choice(list(COLOURS)),
            size=rng.randint(28, 48),
            x=rng.uniform(0, WIDTH - 50),
            y=rng.uniform(0, HEIGHT - 50),
            dx=rng.choice([-1, 1]) * rng.uniform(4, 9),
            dy=rng.choice([-1, 1]) * rng.uniform(3, 7),
        )
        for i in range(rng.randint(2, 3))
    ]

    def frames() -> Iterator[Image.Image]:
        for n in range(int(seconds * FPS)):
            image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
            draw = ImageDraw.Draw(image)
            for m in movers:
                _draw(draw, m.label, m.colour, m.x, m.y, m.size)
                m.frames.append(
                    {"frame": n, "x": round(m.x), "y": round(m.y), "width": m.size, "height": m.size}
                )
                m.step()
            yield image

    return encode(frames()), movers


ACTIVITIES = ("walking", "standing", "jumping")


def activities(rng: random.Random) -> tuple[bytes, list[Timed]]:
    """A figure that walks, stands and jumps, one activity at a time for one to two seconds."""
    from PIL import Image, ImageDraw

    plan: list[tuple[str, int]] = []
    previous = None
    for _ in range(4):
        activity = rng.choice([a for a in ACTIVITIES if a != previous])
        plan.append((activity, rng.randint(FPS, 2 * FPS)))
        previous = activity
    colour = COLOURS[rng.choice(list(COLOURS))]
    timed: list[Timed] = []
    start = 0

    def frames() -> Iterator[Image.Image]:
        nonlocal start
        x, direction = 40.0, 1
        for activity, length in plan:
            timed.append(Timed(round(start / FPS, 3), round((start + length) / FPS, 3), activity))
            for n in range(length):
                lift = 0.0
                if activity == "walking":
                    x += 6 * direction
                    if not 20 <= x <= WIDTH - 40:
                        direction = -direction
                elif activity == "jumping":
                    lift = 40 - 10 * abs((n % 8) - 4)  # up and down every 8 frames
                image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
                draw = ImageDraw.Draw(image)
                top = HEIGHT - 40 - 80 - lift
                draw.ellipse((x + 2, top, x + 18, top + 16), fill=colour)  # head
                draw.rectangle((x, top + 18, x + 20, top + 58), fill=colour)  # body
                stride = 6 * ((n % 4) - 1.5) if activity == "walking" else 0
                draw.line((x + 5, top + 58, x + 5 - stride, top + 80), fill=colour, width=4)
                draw.line((x + 15, top + 58, x + 15 + stride, top + 80), fill=colour, width=4)
                draw.line((0, HEIGHT - 38, WIDTH, HEIGHT - 38), fill=(120, 110, 90), width=3)
                yield image
            start += length

    data = encode(frames())
    return data, timed
