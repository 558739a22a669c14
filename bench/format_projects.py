"""Projects for the format benchmark (bench/bench_formats.py): one per kind of data, each with a
schema its formats hold and 1-3 submitted annotations per item, written straight into the
database in batches (SQLAlchemy core, as bench/bench_quality_service.py does): going through the
labeling API would take hours for 100,000 items and measure something else.

A result is built in goldlabel's stored shape (region ids included); the first few of each
project are checked against ``validate_result`` so a change in a control's shape fails the bench
instead of exporting values the server would never store.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, update

from goldlabel.controls.regions import new_region_id
from goldlabel.controls.schema import load_schema, validate_result
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Item, Media, Member, Project, User, utcnow

BATCH = 5_000
CHECKED = 50  # results per project validated against the schema
WORDS = ["Ada", "met", "Bob", "in", "Paris", "at", "Acme", "on", "a", "rainy", "day", "again", "Zürich"]
W, H = 640, 480
DURATION = 30.0
FPS, FRAMES = 25, 250

SCHEMAS: dict[str, dict[str, Any]] = {
    "image": {
        "fields": {"image": "image"},
        "controls": [
            {"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person", "bike"]},
            {"name": "outlines", "type": "polygons", "field": "image", "labels": ["road", "building"]},
            {
                "name": "pose",
                "type": "keypoints",
                "field": "image",
                "labels": ["person"],
                "points": ["head", "hand", "foot"],
                "skeleton": [["head", "hand"], ["hand", "foot"]],
            },
        ],
    },
    "text": {
        "fields": {"text": "text"},
        "controls": [
            {"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg", "neu"]},
            {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG", "LOC"]},
        ],
    },
    "audio": {
        "fields": {"audio": "audio"},
        "controls": [
            {"name": "turns", "type": "segments", "field": "audio", "labels": ["A", "B"], "speakers": True},
            {"name": "transcript", "type": "text", "field": "audio", "transcription": True},
        ],
    },
    "video": {
        "fields": {"video": "video"},
        "controls": [{"name": "tracks", "type": "tracks", "field": "video", "labels": ["car", "person"]}],
    },
}

#: The projects a format of each ``FileFormat.kind`` is measured on, tried in order: the first
#: one the format accepts is used (audio/video formats hold either segments or tracks).
KIND_PROJECTS: dict[str, tuple[str, ...]] = {
    "rows": ("text",),
    "tables": ("text",),
    "text": ("text",),
    "images": ("image",),
    "audio_video": ("audio", "video"),
    "labelstudio": ("image", "text"),
}


def _data(kind: str, n: int, rng: random.Random) -> dict[str, Any]:
    if kind == "image":
        return {"image": f"https://example.com/img/{n}.jpg", "image_width": W, "image_height": H}
    if kind == "text":
        return {"text": " ".join(rng.choices(WORDS, k=rng.randint(6, 14)))}
    if kind == "audio":
        return {"audio": f"https://example.com/audio/{n}.wav", "audio_duration": DURATION}
    return {
        "video": f"https://example.com/video/{n}.mp4",
        "video_duration": FRAMES / FPS,
        "video_fps": FPS,
        "video_frames": FRAMES,
    }


def _box(rng: random.Random) -> dict[str, float]:
    x, y = rng.uniform(0, W - 60), rng.uniform(0, H - 60)
    return {"x": round(x, 1), "y": round(y, 1), "width": rng.randint(5, 60), "height": rng.randint(5, 60)}


def _image(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    objects = [
        {"id": new_region_id(), **_box(rng), "label": rng.choice(["car", "person", "bike"])}
        for _ in range(rng.randint(1, 4))
    ]
    outlines = []
    for _ in range(rng.randint(0, 2)):
        x, y = rng.uniform(0, W - 50), rng.uniform(0, H - 50)
        points = [[round(x + dx, 1), round(y + dy, 1)] for dx, dy in ((0, 0), (40, 5), (30, 45), (5, 35))]
        outlines.append({"id": new_region_id(), "points": points, "label": rng.choice(["road", "building"])})
    pose = [
        {
            "id": new_region_id(),
            "points": [[rng.randint(0, W - 1), rng.randint(0, H - 1), rng.choice([1, 2])] for _ in range(3)],
            "label": "person",
        }
        for _ in range(rng.randint(0, 1))
    ]
    return {"objects": objects, "outlines": outlines, "pose": pose}


def _text(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    text: str = data["text"]
    spans, start = [], 0
    for word in text.split(" "):
        if word[0].isupper() and rng.random() < 0.7:
            spans.append(
                {
                    "id": new_region_id(),
                    "start": start,
                    "end": start + len(word),
                    "label": rng.choice(["PER", "ORG", "LOC"]),
                }
            )
        start += len(word) + 1
    return {"sentiment": rng.choice(["pos", "neg", "neu"]), "entities": spans}


def _audio(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    turns, t = [], 0.0
    while t < DURATION - 3:
        end = min(DURATION, round(t + rng.uniform(1, 6), 2))
        words = " ".join(rng.choices(WORDS, k=rng.randint(2, 8)))
        turns.append(
            {"id": new_region_id(), "start": t, "end": end, "label": rng.choice("AB"), "text": words}
        )
        t = round(end + rng.uniform(0, 1), 2)
    return {"turns": turns, "transcript": " ".join(turn["text"] for turn in turns)}


def _video(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    tracks = []
    for track_id in range(1, rng.randint(2, 3) + 1):
        first = rng.randint(0, FRAMES - 30)
        box = _box(rng)
        frames = [
            {
                "frame": f,
                "x": box["x"] + (f - first),
                "y": box["y"],
                "width": box["width"],
                "height": box["height"],
            }
            for f in range(first, first + rng.randint(5, 25))
        ]
        tracks.append(
            {
                "id": new_region_id(),
                "track_id": track_id,
                "label": rng.choice(["car", "person"]),
                "frames": frames,
            }
        )
    return {"tracks": tracks}


RESULTS: dict[str, Callable[[dict[str, Any], random.Random], dict[str, Any]]] = {
    "image": _image,
    "text": _text,
    "audio": _audio,
    "video": _video,
}


def annotators(database: Database, n: int = 3) -> list[int]:
    """``n`` annotator accounts (no password: they never log in), made once per database."""
    with database.session(write=True) as db:
        return list(
            db.scalars(
                insert(User).returning(User.id),
                [
                    {"email": f"fmt-ann{i}-{random.getrandbits(32)}@bench.local", "shortcuts": {}}
                    for i in range(n)
                ],
            )
        )


def fill(
    database: Database, project_id: int, kind: str, n_items: int, authors: list[int], seed: int = 7
) -> int:
    """``n_items`` items of ``kind`` with 1-3 submitted annotations each; returns the annotations."""
    rng = random.Random(seed)
    schema = load_schema(SCHEMAS[kind])
    make = RESULTS[kind]
    now = utcnow()
    checked = total = 0
    with database.session(write=True) as db:
        db.execute(
            insert(Member), [{"project_id": project_id, "user_id": u, "role": "annotator"} for u in authors]
        )
    for start in range(0, n_items, BATCH):
        count = min(BATCH, n_items - start)
        data = [_data(kind, start + i, rng) for i in range(count)]
        answered = [rng.sample(authors, rng.randint(1, len(authors))) for _ in data]
        with database.session(write=True) as db:
            ids = db.scalars(
                insert(Item).returning(Item.id),
                [
                    {
                        "project_id": project_id,
                        "external_id": f"{kind}-{start + i}",
                        "data": d,
                        "meta": {"batch": (start + i) % 7},
                        "rank": start + i,
                        "claimed": len(who),
                        "open": False,
                        "submitted_count": len(who),
                        "created_at": now,
                    }
                    for i, (d, who) in enumerate(zip(data, answered, strict=True))
                ],
            ).all()
            rows = []
            for item_id, d, who in zip(ids, data, answered, strict=True):
                for author in who:
                    result = make(d, rng)
                    if checked < CHECKED:
                        stored = validate_result(schema, result, d, complete=True)
                        assert stored == result, (stored, result)
                        checked += 1
                    rows.append(
                        {
                            "project_id": project_id,
                            "item_id": item_id,
                            "author_id": author,
                            "result": result,
                            "status": "submitted",
                            "lead_time_ms": rng.randint(800, 9000),
                            "version": 1,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            db.execute(insert(Annotation), rows)
            total += len(rows)
    with database.session(write=True) as db:
        db.execute(update(Project).where(Project.id == project_id).values(item_count=n_items))
    return total


_MEDIA: dict[str, tuple[str, str, dict[str, Any]]] = {
    "image": ("jpg", "image/jpeg", {"width": W, "height": H}),
    "audio": ("wav", "audio/wav", {"duration": DURATION, "has_audio": True}),
    "video": ("mp4", "video/mp4", {"duration": FRAMES / FPS, "fps": FPS, "frames": FRAMES}),
}


def register_media(database: Database, project_id: int, kind: str, n_items: int) -> None:
    """Media rows for the ``kind`` project's files (``0.jpg`` …), as an upload of them would leave
    (measured sizes, no bytes on disk): what an import of label files that name their media
    needs to find them, without uploading 100,000 files first."""
    if kind not in _MEDIA:
        return
    ext, content_type, sizes = _MEDIA[kind]
    now = utcnow()
    base = {"has_audio": False, "has_peaks": False, "has_thumbnail": False, "bytes": 0}
    with database.session(write=True) as db:
        for start in range(0, n_items, BATCH):
            db.execute(
                insert(Media),
                [
                    {
                        **base,
                        **sizes,
                        "project_id": project_id,
                        "name": f"{n}.{ext}",
                        "content_type": content_type,
                        "uploaded_at": now,
                    }
                    for n in range(start, min(n_items, start + BATCH))
                ],
            )
