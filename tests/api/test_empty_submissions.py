"""A submission must answer at least one control (unless the schema allows empty ones), and an
empty list for a region control is an answer ("nothing to mark"), stored as ``[]``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, table_counts

# No control is required: only the empty-submission rule stands between {} and "finished".
SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg"]},
        {"name": "topics", "type": "choices", "field": "text", "options": ["a", "b"], "multiple": True},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER"]},
    ],
}


def served_item(manager: Api, schema: dict[str, Any]) -> int:
    project = manager.post("/api/projects", json={"name": "p", "schema": schema}).json()
    r = manager.post(f"/api/projects/{project['id']}/items", json=[{"data": {"text": "Ada"}}])
    assert r.status_code == 201, r.text
    return int(manager.get(f"/api/projects/{project['id']}/next").json()["id"])


def submit(manager: Api, item_id: int, result: Any, status: str = "submitted") -> Any:
    return manager.post(f"/api/items/{item_id}/annotations", json={"result": result, "status": status})


@pytest.mark.parametrize("result", [{}, {"sentiment": None}, {"sentiment": None, "entities": None}])
def test_a_submission_answering_no_control_is_refused(manager: Api, database: Any, result: Any) -> None:
    item_id = served_item(manager, SCHEMA)
    before = table_counts(database)
    r = submit(manager, item_id, result)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_result" and detail["control"] is None
    assert "answer at least one control" in detail["message"]
    assert table_counts(database) == before


def test_an_empty_draft_is_kept_but_cannot_become_a_submission(manager: Api, database: Any) -> None:
    item_id = served_item(manager, SCHEMA)
    draft = submit(manager, item_id, {}, status="draft")
    assert draft.status_code == 201, draft.text
    before = table_counts(database)
    r = manager.patch(
        f"/api/annotations/{draft.json()['id']}", json={"result": {}, "status": "submitted", "version": 1}
    )
    assert r.status_code == 422 and "answer at least one control" in r.json()["detail"]["message"]
    assert table_counts(database) == before
    assert manager.get(f"/api/items/{item_id}/annotations").json()[0]["status"] == "draft"


def test_a_schema_may_allow_empty_submissions(manager: Api) -> None:
    item_id = served_item(manager, {**SCHEMA, "allow_empty_submissions": True})
    r = submit(manager, item_id, {})
    assert r.status_code == 201, r.text
    assert r.json()["result"] == {} and r.json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("result", "stored"),
    [
        ({"entities": []}, {"entities": []}),  # "no entities here" is an answer
        ({"topics": []}, {"topics": []}),  # "none of these topics" too
        ({"entities": [], "sentiment": None}, {"entities": []}),
    ],
)
def test_an_empty_list_is_an_answer_and_is_stored(manager: Api, result: Any, stored: Any) -> None:
    item_id = served_item(manager, SCHEMA)
    r = submit(manager, item_id, result)
    assert r.status_code == 201, r.text
    assert r.json()["result"] == stored
    assert manager.get(f"/api/items/{item_id}/annotations").json()[0]["result"] == stored


def test_the_flag_is_part_of_the_schema_and_defaults_to_off(manager: Api) -> None:
    r = manager.post("/api/schema/validate", json={"schema": SCHEMA})
    assert r.json()["schema"]["allow_empty_submissions"] is False
