"""Sample images drawn with Pillow: scenes of coloured shapes and stick-figure poses.

Shapes make boxes, masks, captions and questions easy to check by eye; each scene returns what
was drawn (label, colour, bounding box) so the catalogue can keep the truth in the item's meta.
PNG encoding is deterministic, so the same seed gives the same bytes.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from goldlabel.controls.keypoints import COCO_PERSON_POINTS

# Pillow loads when a sample is drawn, not when the server starts (tests/test_startup_imports.py).
if TYPE_CHECKING:
    from PIL import Image

SHAPES = ("circle", "square", "triangle")
COLOURS = {"red": (220, 50, 47), "blue": (38, 139, 210), "green": (64, 160, 43), "orange": (240, 140, 20)}
BACKGROUND = (238, 232, 213)


@dataclass(frozen=True, slots=True)
class Drawn:
    label: str
    colour: str
    box: tuple[int, int, int, int]  # x, y, width, height in pixels


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def shape_scene(rng: random.Random, width: int = 480, height: int = 320) -> tuple[bytes, list[Drawn]]:
    """Two to five shapes that do not overlap, on a plain background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    drawn: list[Drawn] = []
    for _ in range(rng.randint(2, 5)):
        for _attempt in range(30):
            size = rng.randint(40, 100)
            x, y = rng.randint(5, width - size - 5), rng.randint(5, height - size - 5)
            if all(_apart((x, y, size, size), d.box) for d in drawn):
                break
        else:
            continue
        label, colour = rng.choice(SHAPES), rng.choice(list(COLOURS))
        fill = COLOURS[colour]
        if label == "circle":
            draw.ellipse((x, y, x + size, y + size), fill=fill)
        elif label == "square":
            draw.rectangle((x, y, x + size, y + size), fill=fill)
        else:
            draw.polygon([(x + size / 2, y), (x + size, y + size), (x, y + size)], fill=fill)
        drawn.append(Drawn(label, colour, (x, y, size + 1, size + 1)))
    return png(image), drawn


def _apart(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: int = 8) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax + aw + gap < bx or bx + bw + gap < ax or ay + ah + gap < by or by + bh + gap < ay


#: COCO's skeleton, as pairs of point names.
SKELETON = [
    ("left_ankle", "left_knee"), ("left_knee", "left_hip"), ("right_ankle", "right_knee"),
    ("right_knee", "right_hip"), ("left_hip", "right_hip"), ("left_shoulder", "left_hip"),
    ("right_shoulder", "right_hip"), ("left_shoulder", "right_shoulder"),
    ("left_shoulder", "left_elbow"), ("right_shoulder", "right_elbow"),
    ("left_elbow", "left_wrist"), ("right_elbow", "right_wrist"), ("left_eye", "right_eye"),
    ("nose", "left_eye"), ("nose", "right_eye"), ("left_eye", "left_ear"), ("right_eye", "right_ear"),
]  # fmt: skip
# A person facing the viewer, 1 unit = 10 px at scale 1: (x, y) from the hips' midpoint.
# The person's left is the picture's right.
_STANDING = {
    "nose": (0, -15.5), "left_eye": (0.6, -16.1), "right_eye": (-0.6, -16.1),
    "left_ear": (1.3, -15.8), "right_ear": (-1.3, -15.8), "left_shoulder": (2.2, -12.5),
    "right_shoulder": (-2.2, -12.5), "left_elbow": (2.8, -8.5), "right_elbow": (-2.8, -8.5),
    "left_wrist": (3.0, -4.8), "right_wrist": (-3.0, -4.8), "left_hip": (1.5, 0),
    "right_hip": (-1.5, 0), "left_knee": (1.7, 5.0), "right_knee": (-1.7, 5.0),
    "left_ankle": (1.8, 10.0), "right_ankle": (-1.8, 10.0),
}  # fmt: skip
_RAISED = {"left_elbow": (4.2, -15.5), "left_wrist": (4.6, -19.0)}
_STEP = {"right_knee": (-3.2, 4.5), "right_ankle": (-5.0, 9.0)}


def pose_scene(
    rng: random.Random, width: int = 400, height: int = 400
) -> tuple[bytes, list[list[list[float]]]]:
    """One or two stick figures; returns each figure's 17 COCO points as ``[x, y, 2]``."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    poses: list[list[list[float]]] = []
    count = rng.randint(1, 2)
    for i in range(count):
        joints = dict(_STANDING)
        if rng.random() < 0.5:
            joints.update(_RAISED)
        if rng.random() < 0.5:
            joints.update(_STEP)
        scale = rng.uniform(9.0, 11.0)
        lane = width / count
        cx = lane * i + lane / 2 + rng.uniform(-lane / 8, lane / 8)
        cy = height * 0.55 + rng.uniform(-10, 10)
        points = {n: (round(cx + x * scale, 1), round(cy + y * scale, 1)) for n, (x, y) in joints.items()}
        colour = COLOURS[rng.choice(list(COLOURS))]
        for a, b in SKELETON:
            draw.line([points[a], points[b]], fill=colour, width=4)
        hx, hy = points["nose"]
        draw.ellipse(
            (hx - 2.2 * scale, hy - 2.6 * scale, hx + 2.2 * scale, hy + 1.8 * scale), outline=colour, width=3
        )
        for x, y in points.values():
            draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill=(40, 40, 40))
        poses.append([[points[n][0], points[n][1], 2] for n in COCO_PERSON_POINTS])
    return png(image), poses
