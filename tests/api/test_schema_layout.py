"""The schema's `layout`: rows of fields shown side by side on the labeling page (multimodal
items), checked when a project is created, validated or its schema changed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, table_counts

CAPTIONING: dict[str, Any] = {
    "fields": {"image": "image", "caption": "text", "notes": "text"},
    "controls": [
        {"name": "quality", "type": "choices", "field": "image", "options": ["sharp", "blurry"]},
        {"name": "fixed", "type": "text", "field": "caption"},
    ],
}


def test_a_layout_is_kept_and_returned(manager: Api) -> None:
    schema = {**CAPTIONING, "layout": [["image", "caption"], ["notes"]]}
    r = manager.post("/api/projects", json={"name": "Captions", "schema": schema})
    assert r.status_code == 201, r.text
    assert r.json()["schema"]["layout"] == [["image", "caption"], ["notes"]]
    got = manager.get(f"/api/projects/{r.json()['id']}").json()
    assert got["schema"]["layout"] == [["image", "caption"], ["notes"]]


def test_without_a_layout_the_schema_says_null(manager: Api) -> None:
    r = manager.post("/api/schema/validate", json={"schema": CAPTIONING})
    assert r.status_code == 200, r.text
    assert r.json()["schema"]["layout"] is None


def test_a_layout_may_leave_fields_out(manager: Api) -> None:
    schema = {**CAPTIONING, "layout": [["caption", "image"]]}
    r = manager.post("/api/schema/validate", json={"schema": schema})
    assert r.status_code == 200, r.text
    assert r.json()["schema"]["layout"] == [["caption", "image"]]


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ([["image", "nope"]], "layout names field 'nope', which is not in fields"),
        ([["image"], ["caption", "image"]], "layout places field 'image' twice"),
        ([["image", "image"]], "layout places field 'image' twice"),
        ([["image"], []], "at least 1 item"),
        ([], "at least 1 item"),
        ([["image", 3]], "string"),
        ("image", "list"),
    ],
)
def test_a_bad_layout_is_refused_and_nothing_is_stored(
    manager: Api, database: Any, layout: Any, message: str
) -> None:
    before = table_counts(database)
    r = manager.post("/api/projects", json={"name": "bad", "schema": {**CAPTIONING, "layout": layout}})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_schema", detail
    assert message in detail["message"]
    assert table_counts(database) == before


def test_changing_a_schema_checks_its_layout(manager: Api) -> None:
    project = manager.post("/api/projects", json={"name": "Captions", "schema": CAPTIONING}).json()
    bad = {**CAPTIONING, "layout": [["picture"]]}
    r = manager.patch(f"/api/projects/{project['id']}", json={"schema": bad})
    assert r.status_code == 422, r.text
    assert "picture" in r.json()["detail"]["message"]
    assert manager.get(f"/api/projects/{project['id']}").json()["schema"]["layout"] is None
    good = {**CAPTIONING, "layout": [["caption", "image"]]}
    r = manager.patch(f"/api/projects/{project['id']}", json={"schema": good})
    assert r.status_code == 200, r.text
    assert manager.get(f"/api/projects/{project['id']}").json()["schema"]["layout"] == [["caption", "image"]]
