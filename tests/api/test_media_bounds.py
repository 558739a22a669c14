"""Validation bounds from the file itself: an item whose media field holds this project's media
URL gets the measured size/duration in its data — at import when the file is already there, on
upload when the item came first — so a box outside the real picture is refused with no
hand-written ``_width`` in the data, and an EXIF-rotated photo bounds boxes by its shown size."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.db.engine import Database
from tests.api.conftest import Api, table_counts
from tests.api.media_samples import audio_bytes, jpeg_bytes, video_bytes
from tests.api.test_media import upload

SCHEMA: dict[str, Any] = {
    "fields": {"image": "image", "clip": "video"},
    "controls": [
        {"name": "objects", "type": "boxes", "field": "image", "labels": ["car"]},
        {"name": "events", "type": "segments", "field": "clip", "labels": ["run"]},
    ],
}


@pytest.fixture
def pid(manager: Api) -> int:
    r = manager.post("/api/projects", json={"name": "Street", "schema": SCHEMA})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def import_items(manager: Api, pid: int, *data: dict[str, Any]) -> None:
    r = manager.post(f"/api/projects/{pid}/items", json=[{"data": d} for d in data])
    assert r.status_code == 201, r.text


def items_by_image(manager: Api, pid: int) -> dict[str, dict[str, Any]]:
    listed = manager.get(f"/api/projects/{pid}/items", params={"page_size": 100}).json()["items"]
    return {i["data"]["image"]: i for i in listed}


def save(api: Api, item_id: int, result: dict[str, Any]) -> Any:
    return api.post(f"/api/items/{item_id}/annotations", json={"result": result, "status": "draft"})


def box(x: float, y: float, w: float, h: float) -> dict[str, Any]:
    return {"objects": [{"x": x, "y": y, "width": w, "height": h, "label": "car"}]}


def test_sizes_come_from_files_uploaded_before_or_after_the_import(
    manager: Api, pid: int, database: Database
) -> None:
    # Stored 40×20 with EXIF orientation 6: shown 20 wide, 40 tall.
    upload(
        manager,
        pid,
        ("early.jpg", jpeg_bytes(40, 20, orientation=6), "image/jpeg"),
        ("clip.mp4", video_bytes(50, fps=25), "video/mp4"),
    )
    clip = f"/api/media/{pid}/clip.mp4"
    early, late = f"/api/media/{pid}/early.jpg", f"/api/media/{pid}/late.jpg"
    import_items(
        manager,
        pid,
        {"image": early, "clip": clip},
        # A hand-written size that is wrong loses to the file's.
        {"image": late, "clip": clip, "image_width": 5000, "image_height": 5000},
        {"image": "https://example.com/elsewhere.jpg", "clip": clip},
    )
    items = items_by_image(manager, pid)
    data = items[early]["data"]
    assert (data["image_width"], data["image_height"]) == (20, 40)
    assert (data["clip_width"], data["clip_height"], data["clip_fps"], data["clip_frames"]) == (
        64,
        48,
        25,
        50,
    )
    assert data["clip_duration"] == pytest.approx(2.0, abs=0.05)
    assert items[late]["data"]["image_width"] == 5000  # not uploaded yet: as imported
    assert "image_width" not in items["https://example.com/elsewhere.jpg"]["data"]

    r = save(manager, items[early]["id"], box(0, 0, 20, 40))  # the whole shown picture
    assert r.status_code == 201, r.text
    before = table_counts(database)
    r = save(manager, items[early]["id"], box(0, 0, 40, 20))  # the stored (unrotated) size
    assert r.status_code == 422 and r.json()["detail"]["control"] == "objects"
    assert "outside the 20×40 image" in r.json()["detail"]["message"]
    r = save(manager, items[early]["id"], {"events": [{"start": 1.0, "end": 2.5, "label": "run"}]})
    assert r.status_code == 422 and r.json()["detail"]["control"] == "events"
    assert table_counts(database) == before

    # Uploaded after its item: the item gets the file's size, and the file's bounds hold.
    assert save(manager, items[late]["id"], box(0, 0, 300, 300)).status_code == 201
    upload(manager, pid, ("late.jpg", jpeg_bytes(64, 32), "image/jpeg"))
    data = items_by_image(manager, pid)[late]["data"]
    assert (data["image_width"], data["image_height"]) == (64, 32)
    r = save(manager, items[late]["id"], box(0, 0, 300, 300))
    assert r.status_code == 422 and "outside the 64×32 image" in r.json()["detail"]["message"]


def test_another_projects_media_url_gets_no_sizes(manager: Api, pid: int) -> None:
    other = manager.post("/api/projects", json={"name": "Other", "schema": SCHEMA}).json()["id"]
    upload(manager, other, ("theirs.jpg", jpeg_bytes(10, 10), "image/jpeg"))
    url = f"/api/media/{other}/theirs.jpg"
    import_items(manager, pid, {"image": url, "clip": "https://example.com/c.mp4"})
    assert "image_width" not in items_by_image(manager, pid)[url]["data"]


def test_audio_duration_bounds_segments(manager: Api) -> None:
    schema = {
        "fields": {"audio": "audio"},
        "controls": [{"name": "turns", "type": "segments", "field": "audio", "labels": ["A"]}],
    }
    pid = manager.post("/api/projects", json={"name": "Calls", "schema": schema}).json()["id"]
    url = f"/api/media/{pid}/call.wav"
    import_items(manager, pid, {"audio": url})
    upload(manager, pid, ("call.wav", audio_bytes(2.0), "audio/wav"))
    [item] = manager.get(f"/api/projects/{pid}/items").json()["items"]
    assert item["data"]["audio_duration"] == pytest.approx(2.0, abs=0.01)
    ok = save(manager, item["id"], {"turns": [{"start": 0.5, "end": 1.9, "label": "A"}]})
    assert ok.status_code == 201, ok.text
    r = save(manager, item["id"], {"turns": [{"start": 0.5, "end": 2.5, "label": "A"}]})
    assert r.status_code == 422 and r.json()["detail"]["control"] == "turns"
