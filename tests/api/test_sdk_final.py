"""``project.final()`` and ``project.adjudicate()`` in the SDK, against the app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import goldlabel
from goldlabel.db.engine import Database
from goldlabel.sdk import ApiError, Client
from goldlabel.sdk import projects as sdk_projects
from tests.api.conftest import Api
from tests.api.final_helpers import CHOICE_SCHEMA, settle


@pytest.fixture
def gl(manager: Api, app: Any) -> Iterator[Client]:
    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with goldlabel.Client(token=token, http=TestClient(app)) as client:
        yield client


def test_final_iterates_every_label_across_pages(
    gl: Client, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sdk_projects, "PAGE_SIZE", 2)
    project = gl.projects.create("Final", schema={**CHOICE_SCHEMA, "overlap": 1})
    project.import_items(
        [{"data": {"text": f"t{i}"}, "annotations": [{"result": {"label": "abc"[i % 3]}}]} for i in range(5)]
    )
    assert project.final_page().stale == 5
    settle(database)
    labels = list(project.final())
    assert [f.result["label"] for f in labels] == ["a", "b", "c", "a", "b"]
    assert {f.provenance for f in labels} == {"consensus"}
    assert labels[0].controls["label"].n_annotations == 1
    decided = project.adjudicate(labels[0].item_id, {"label": "c"})
    assert decided.provenance == "adjudicated" and decided.result == {"label": "c"}
    assert next(project.final()).result == {"label": "c"}
    with pytest.raises(ApiError) as caught:
        project.adjudicate(labels[1].item_id, {"label": "zebra"})
    assert caught.value.code == "invalid_result"
