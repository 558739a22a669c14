"""What the server measures when media arrive, over HTTP: info (EXIF-oriented size, duration,
frame rate, frames), waveform peaks, thumbnails, the managers' listing; who may read them; and
derived files never served as media."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from tests.api.conftest import SCHEMA, Api, add_member, table_counts
from tests.api.media_samples import audio_bytes, jpeg_bytes, video_bytes
from tests.api.test_media import snapshot, upload

INFO_FIELDS = {
    "name", "url", "content_type", "bytes", "width", "height", "duration", "fps", "frames",
    "peaks_url", "thumbnail_url",
}  # fmt: skip


def info(api: Api, pid: int, name: str) -> dict[str, Any]:
    r = api.get(f"/api/projects/{pid}/media/{name}")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_exif_rotated_jpeg_reports_the_size_as_shown(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    # Stored 40 wide and 20 tall; orientation 6 shows it turned a quarter: 20 wide, 40 tall.
    r = upload(manager, pid, ("phone.jpg", jpeg_bytes(40, 20, orientation=6), "image/jpeg"))
    assert r.status_code == 201, r.text
    [stored] = r.json()
    got = info(manager, pid, "phone.jpg")
    assert stored == got and set(got) == INFO_FIELDS
    assert (got["width"], got["height"]) == (20, 40)
    assert got["content_type"] == "image/jpeg" and got["url"] == f"/api/media/{pid}/phone.jpg"
    assert got["duration"] is None and got["fps"] is None and got["peaks_url"] is None
    thumb = manager.get(got["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(thumb.content)).size == (20, 40)  # turned like the picture

    plain = upload(manager, pid, ("flat.jpg", jpeg_bytes(40, 20), "image/jpeg")).json()[0]
    assert (plain["width"], plain["height"]) == (40, 20)

    r = manager.get(f"/api/projects/{pid}/media/phone.jpg/peaks")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "no_peaks"


def test_audio_gets_duration_and_peaks_once(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    r = upload(
        manager,
        pid,
        ("tone.wav", audio_bytes(2.0, amplitude=0.5), "audio/wav"),
        ("quiet.mp3", audio_bytes(3.0, fmt="mp3", amplitude=0.1), "audio/mpeg"),
    )
    assert r.status_code == 201, r.text
    wav = info(manager, pid, "tone.wav")
    assert wav["duration"] == pytest.approx(2.0, abs=0.01)
    assert wav["width"] is None and wav["thumbnail_url"] is None
    peaks = manager.get(wav["peaks_url"])
    assert peaks.status_code == 200 and peaks.headers["content-type"] == "application/json"
    body = peaks.json()
    assert body["peaks_per_second"] == 50 and len(body["peaks"]) == 100
    assert body["duration"] == pytest.approx(2.0, abs=0.01)
    assert max(body["peaks"]) == pytest.approx(0.5, abs=0.01)  # the tone's amplitude, not louder

    mp3 = info(manager, pid, "quiet.mp3")
    assert mp3["duration"] == pytest.approx(3.0, abs=0.1)
    quiet = manager.get(mp3["peaks_url"]).json()
    assert len(quiet["peaks"]) == pytest.approx(150, abs=3)
    assert max(quiet["peaks"]) == pytest.approx(0.1, abs=0.02)

    r = manager.get(f"/api/projects/{pid}/media/tone.wav/thumbnail")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "no_thumbnail"


def test_video_gets_frame_rate_frames_poster_and_peaks(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    r = upload(
        manager,
        pid,
        ("clip.mp4", video_bytes(50, fps=25, width=64, height=48), "video/mp4"),
        ("silent.mp4", video_bytes(30, fps=30, sound=False), "video/mp4"),
    )
    assert r.status_code == 201, r.text
    clip = info(manager, pid, "clip.mp4")
    assert (clip["width"], clip["height"], clip["fps"], clip["frames"]) == (64, 48, 25, 50)
    assert clip["duration"] == pytest.approx(2.0, abs=0.05)
    assert manager.get(clip["peaks_url"]).status_code == 200
    poster = manager.get(clip["thumbnail_url"])
    assert Image.open(io.BytesIO(poster.content)).size == (64, 48)
    upload(manager, pid, ("portrait.mp4", video_bytes(10, width=64, height=48, rotation=90), "video/mp4"))
    portrait = info(manager, pid, "portrait.mp4")  # a phone's clip: stored landscape, shown upright
    assert (portrait["width"], portrait["height"]) == (48, 64)
    assert Image.open(io.BytesIO(manager.get(portrait["thumbnail_url"]).content)).size == (48, 64)
    silent = info(manager, pid, "silent.mp4")
    assert (silent["fps"], silent["frames"], silent["peaks_url"]) == (30, 30, None)
    assert silent["thumbnail_url"] is not None


def test_members_read_info_managers_list_others_get_404(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api]
) -> None:
    pid = project["id"]
    for n in range(3):
        assert upload(manager, pid, (f"p{n}.jpg", jpeg_bytes(8 + n, 8), "image/jpeg")).status_code == 201
    page = manager.get(f"/api/projects/{pid}/media", params={"page": 2, "page_size": 2}).json()
    assert page["total"] == 3 and [m["name"] for m in page["items"]] == ["p2.jpg"]
    assert page["items"][0]["width"] == 10

    annotator = client_for("annotator@example.com")
    add_member(manager, pid, "annotator@example.com", "annotator")
    assert info(annotator, pid, "p0.jpg")["width"] == 8
    assert annotator.get(f"/api/projects/{pid}/media/p0.jpg/thumbnail").status_code == 200
    r = annotator.get(f"/api/projects/{pid}/media")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"

    outsider = client_for("outsider@example.com", can_create_projects=True)
    assert outsider.post("/api/projects", json={"name": "Other", "schema": SCHEMA}).status_code == 201
    for path in ("", "/p0.jpg", "/p0.jpg/thumbnail", "/p0.jpg/peaks"):
        hidden = outsider.get(f"/api/projects/{pid}/media{path}")
        missing = outsider.get(f"/api/projects/987654/media{path}")
        assert hidden.status_code == 404 and hidden.json() == missing.json(), path
    r = manager.get(f"/api/projects/{pid}/media/nope.jpg")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"


def test_derived_files_are_never_served_as_media(
    manager: Api, project: dict[str, Any], settings: Settings
) -> None:
    pid = project["id"]
    upload(manager, pid, ("a.jpg", jpeg_bytes(8, 8), "image/jpeg"), ("t.wav", audio_bytes(0.5), "audio/wav"))
    derived = settings.media_dir / str(pid) / ".derived"
    assert (derived / "a.jpg" / "thumbnail.webp").is_file() and (derived / "t.wav" / "peaks.json").is_file()
    for path in (
        ".derived/a.jpg/thumbnail.webp",
        ".derived/t.wav/peaks.json",
        "x/../.derived/a.jpg/thumbnail.webp",
    ):
        r = manager.get(f"/api/media/{pid}/{path}")
        assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found", path
    # A file cannot be uploaded into it either: its name loses the leading dot.
    r = upload(manager, pid, (".derived", jpeg_bytes(8, 8), "image/jpeg"))
    assert r.status_code == 201 and r.json()[0]["name"] == "derived"


def test_a_file_that_sniffs_as_media_but_does_not_decode_lands_nothing(
    manager: Api, project: dict[str, Any], settings: Settings, database: Database
) -> None:
    pid = project["id"]
    good = jpeg_bytes(8, 8)
    broken = good[:200]  # a JPEG header and nothing decodable after it
    before, files = table_counts(database), snapshot(settings.media_dir)
    r = upload(manager, pid, ("good.jpg", good, "image/jpeg"), ("broken.jpg", broken, "image/jpeg"))
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_file"
    assert "broken.jpg" in r.json()["detail"]["message"]
    assert table_counts(database) == before
    assert {k: v for k, v in snapshot(settings.media_dir).items()} == files
    assert not any(Path(settings.media_dir).rglob("*.webp"))


def test_uploading_again_replaces_the_measurements(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    upload(manager, pid, ("same.jpg", jpeg_bytes(30, 10), "image/jpeg"))
    upload(manager, pid, ("same.jpg", jpeg_bytes(12, 34), "image/jpeg"))
    got = info(manager, pid, "same.jpg")
    assert (got["width"], got["height"]) == (12, 34)
    assert manager.get(f"/api/projects/{pid}/media").json()["total"] == 1
