"""The SDK against the real app: the round trip a notebook user makes."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.sdk import ApiError, Client
from tests.api.conftest import SCHEMA, Api


def test_sdk_round_trip(manager: Api, app: Any) -> None:
    from fastapi.testclient import TestClient

    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with Client(token=token, http=TestClient(app)) as gl:
        assert gl.me()["email"] == "manager@example.com"
        project = gl.create_project("via sdk", schema=SCHEMA)
        assert gl.import_items(project["id"], [{"data": {"text": "one"}}, {"data": {"text": "two"}}]) == 2
        item = gl.next_item(project["id"])
        assert item is not None
        ann = gl.annotate(item["id"], {"sentiment": "positive"}, lead_time_ms=50)
        gl.update_annotation(ann["id"], {"sentiment": "negative"}, version=ann["version"])
        exported = list(gl.export(project["id"]))
        assert [e["data"]["text"] for e in exported] == ["one", "two"]
        assert exported[0]["annotations"][0]["result"] == {"sentiment": "negative"}
        with pytest.raises(ApiError) as err:
            gl.annotate(item["id"], {"sentiment": "great"})
        assert err.value.status_code == 422 and err.value.detail["control"] == "sentiment"
        assert err.value.code == "invalid_result"
        with pytest.raises(ApiError) as err:
            gl.project(999)
        assert err.value.status_code == 404 and err.value.code == "not_found"


def test_sdk_templates_and_control_types(manager: Api, app: Any) -> None:
    from fastapi.testclient import TestClient

    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with Client(token=token, http=TestClient(app)) as gl:
        assert "pose" in {t["id"] for t in gl.templates()}
        project = gl.create_sample_project("sentiment", name="sdk sentiment")
        assert project["name"] == "sdk sentiment" and project["item_count"] == 12
        assert gl.items(project["id"])["total"] == 12
        assert {t["type"] for t in gl.control_types()} >= {"choices", "boxes", "tracks"}
        with pytest.raises(ApiError) as err:
            gl.create_sample_project("nope")
        assert err.value.status_code == 404 and err.value.code == "not_found"
