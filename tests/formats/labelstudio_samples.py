"""A schema with every control type a Label Studio file holds, an item and an answer for each,
shared by the format tests and the HTTP tests of the Label Studio formats."""

from __future__ import annotations

from typing import Any

import numpy as np

from goldlabel.controls.schema import ProjectSchema
from goldlabel.quality.geometry.rle import rle_encode

W, H = 64, 48
VW, VH = 320, 240
TEXT = "Hi 😀 Ada met Bob in Paris"

SCHEMA_DICT: dict[str, Any] = {
    "fields": {"text": "text", "image": "image", "audio": "audio", "video": "video"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg"]},
        {"name": "topics", "type": "choices", "field": "text", "options": ["a", "b", "c"], "multiple": True},
        {"name": "quality", "type": "rating", "field": "image", "min": 1, "max": 5},
        {"name": "note", "type": "text", "field": "text"},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "LOC"]},
        {"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"]},
        {"name": "outlines", "type": "polygons", "field": "image", "labels": ["road"]},
        {"name": "sky", "type": "masks", "field": "image", "labels": ["sky"]},
        {
            "name": "pose",
            "type": "keypoints",
            "field": "image",
            "labels": ["object"],
            "points": ["head", "hand"],
        },
        {"name": "speech", "type": "segments", "field": "audio", "labels": ["alice", "bob"]},
        {"name": "events", "type": "segments", "field": "video", "labels": ["jump"]},
        {"name": "cars", "type": "tracks", "field": "video", "labels": ["car"]},
    ],
}
SCHEMA = ProjectSchema.model_validate(SCHEMA_DICT)


def data(n: int = 0) -> dict[str, Any]:
    return {
        "text": TEXT,
        "image": f"https://example.com/{n}.png",
        "image_width": W,
        "image_height": H,
        "audio": f"https://example.com/{n}.wav",
        "audio_duration": 10.0,
        "video": f"https://example.com/{n}.mp4",
        "video_width": VW,
        "video_height": VH,
        "video_fps": 25,
        "video_frames": 100,
    }


def mask_rle(x: int, y: int, w: int, h: int) -> dict[str, Any]:
    grid = np.zeros((H, W), dtype=bool)
    grid[y : y + h, x : x + w] = True
    rle = rle_encode(grid)
    return {"size": rle["size"], "counts": rle["counts"].decode()}


def answer(shift: int = 0) -> dict[str, Any]:
    """One answer per control in goldlabel's stored shape, with region ids (as stored)."""
    start = TEXT.index("Ada")
    return {
        "sentiment": "pos",
        "topics": ["a", "c"],
        "quality": 4,
        "note": "two lines\nof text",
        "entities": [
            {"id": "e1", "start": start, "end": start + 3, "label": "PER", "text": "Ada"},
            {"id": "e2", "start": TEXT.index("Paris"), "end": len(TEXT), "label": "LOC", "text": "Paris"},
        ],
        "objects": [
            {"id": "b1", "x": 2 + shift, "y": 3, "width": 20, "height": 10, "label": "car"},
            {"id": "b2", "x": 30.5, "y": 20, "width": 8, "height": 20, "label": "person"},
        ],
        "outlines": [{"id": "p1", "points": [[0, 40], [20, 40], [10, 47]], "label": "road"}],
        "sky": [{"id": "m1", "rle": mask_rle(5 + shift, 0, 30, 8), "label": "sky"}],
        "pose": [
            {"id": "k1", "points": [[31, 21, 2], [34, 30, 2]], "label": "object"},
            {"id": "k2", "points": [[3, 4, 2], [0, 0, 0]], "label": "object"},
        ],
        "speech": [
            {"id": "s1", "start": 0.5, "end": 2.25, "label": "alice", "text": "hello there"},
            {"id": "s2", "start": 3.0, "end": 4.0, "label": "bob"},
        ],
        "events": [{"id": "v1", "start": 0.4, "end": 1.2, "label": "jump"}],
        "cars": [
            {
                "id": "t1",
                "track_id": "t1",
                "label": "car",
                "frames": [
                    {"frame": 0, "x": 10, "y": 20, "width": 40, "height": 30, "keyframe": True},
                    {"frame": 1, "x": 12, "y": 20, "width": 40, "height": 30},
                    {"frame": 2, "x": 14, "y": 20, "width": 40, "height": 30, "keyframe": True},
                    {"frame": 5, "x": 50, "y": 60, "width": 10, "height": 10, "keyframe": True},
                ],
            }
        ],
    }


def export_item(item_id: int, annotations: list[tuple[int, str, dict[str, Any]]]) -> dict[str, Any]:
    """An export item (formats/registry.py's ExportItem) with submitted annotations."""
    return {
        "id": item_id,
        "external_id": None,
        "data": data(item_id),
        "meta": {"source": "unit"},
        "annotations": [
            {
                "id": aid,
                "author": author,
                "result": result,
                "status": "submitted",
                "lead_time_ms": 1500,
                "created_at": "2026-01-02T03:04:05+00:00",
                "updated_at": "2026-01-02T03:04:06+00:00",
            }
            for aid, author, result in annotations
        ],
    }


def rounded(value: Any) -> Any:
    """Floats to 6 decimals (pixels from percentages), the UI's keyframe flags left out."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items() if k != "keyframe"}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value
