"""The guideline through the SDK: write, attach an example, publish, read, acknowledge."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.sdk import ApiError, Client
from tests.api.conftest import SCHEMA, Api


def test_sdk_guideline(manager: Api, app: Any) -> None:
    from fastapi.testclient import TestClient

    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with Client(token=token, http=TestClient(app)) as gl:
        project = gl.projects.create("guided", schema=SCHEMA)
        pid = project.id
        project.import_items([{"data": {"text": "I love it"}}])
        item = project.items.list().items[0].id
        with pytest.raises(ApiError) as err:
            gl.guideline(pid)
        assert err.value.status_code == 404 and err.value.code == "no_guideline"
        gl.save_guideline_draft(pid, "# Sentiment\n\n## positive\n\nPleased.\n")
        example = gl.put_guideline_example(
            pid, item, kind="example", section="positive", reference={"sentiment": "positive"}
        )
        assert example["reference"] == {"sentiment": "positive"}
        version = gl.publish_guideline(pid, level="major", note="first")
        assert version["name"] == "1.0"
        guide = gl.guideline(pid)
        assert [s["anchor"] for s in guide["sections"]] == ["sentiment", "positive"]
        assert guide["examples"][0]["item_id"] == item and guide["acknowledged"] is False
        assert gl.acknowledge_guideline(pid, "1.0")["version"]["id"] == version["id"]
        assert gl.guideline(pid)["acknowledged"] is True
