"""The SDK against the real app: the round trip a notebook user makes."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.sdk import ApiError, Client
from tests.api.conftest import SCHEMA, Api
from tests.api.media_samples import audio_bytes, jpeg_bytes


def test_sdk_round_trip(manager: Api, app: Any) -> None:
    from fastapi.testclient import TestClient

    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with Client(token=token, http=TestClient(app)) as gl:
        assert gl.me()["email"] == "manager@example.com"
        project = gl.projects.create("via sdk", schema=SCHEMA)
        assert project.import_items([{"data": {"text": "one"}}, {"data": {"text": "two"}}]).created == 2
        item = gl.next_item(project.id)
        assert item is not None
        ann = gl.annotate(item["id"], {"sentiment": "positive"}, lead_time_ms=50)
        gl.update_annotation(ann["id"], {"sentiment": "negative"}, version=ann["version"])
        exported = list(project.rows())
        assert [e["data"]["text"] for e in exported] == ["one", "two"]
        assert exported[0]["annotations"][0]["result"] == {"sentiment": "negative"}
        with pytest.raises(ApiError) as err:
            gl.annotate(item["id"], {"sentiment": "great"})
        assert err.value.status_code == 422 and err.value.detail["control"] == "sentiment"
        assert err.value.code == "invalid_result"
        with pytest.raises(ApiError) as err:
            gl.projects.get(999)
        assert err.value.status_code == 404 and err.value.code == "not_found"


def test_sdk_templates_and_control_types(manager: Api, app: Any) -> None:
    from fastapi.testclient import TestClient

    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with Client(token=token, http=TestClient(app)) as gl:
        assert "pose" in {t["id"] for t in gl.templates()}
        project = gl.create_sample_project("sentiment", name="sdk sentiment")
        assert project.name == "sdk sentiment" and project.info.item_count == 12
        assert project.items.list().total == 12
        assert {t["type"] for t in gl.control_types()} >= {"choices", "boxes", "tracks"}
        with pytest.raises(ApiError) as err:
            gl.create_sample_project("nope")
        assert err.value.status_code == 404 and err.value.code == "not_found"


def test_sdk_uploads_media_and_reads_what_was_measured(manager: Api, app: Any, tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    (tmp_path / "photo.jpg").write_bytes(jpeg_bytes(40, 20, orientation=8))
    (tmp_path / "call.wav").write_bytes(audio_bytes(1.0))
    with Client(token=token, http=TestClient(app)) as gl:
        project = gl.projects.create("media via sdk", schema=SCHEMA)
        stored = gl.upload_media(project.id, tmp_path / "photo.jpg", tmp_path / "call.wav")
        assert [s["name"] for s in stored] == ["photo.jpg", "call.wav"]
        photo = gl.media_info(project.id, "photo.jpg")
        assert (photo["width"], photo["height"]) == (20, 40)
        peaks = gl.media_peaks(project.id, "call.wav")
        assert peaks["peaks_per_second"] == 50 and len(peaks["peaks"]) == 50
        with pytest.raises(ApiError) as err:
            gl.media_peaks(project.id, "photo.jpg")
        assert err.value.status_code == 404 and err.value.code == "no_peaks"
