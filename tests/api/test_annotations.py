"""Annotations: validation against the schema, drafts, submission, optimistic concurrency."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from goldlabel.db.models import Assignment, Item
from tests.api.conftest import Api, add_member, import_texts
from tests.api.snapshots import table_contents

TEXT = "Ada Lovelace joined Acme in Paris."


@pytest.fixture
def served(manager: Api, project: dict[str, Any]) -> dict[str, Any]:
    import_texts(manager, project["id"], [TEXT])
    return manager.get(f"/api/projects/{project['id']}/next").json()


def post(api: Api, item_id: int, result: Any, status: str = "submitted", lead: int = 1000) -> Any:
    return api.post(
        f"/api/items/{item_id}/annotations", json={"result": result, "status": status, "lead_time_ms": lead}
    )


def test_submit_a_full_result(manager: Api, served: dict[str, Any]) -> None:
    result = {
        "sentiment": "positive",
        "entities": [
            {"id": "e1", "start": 0, "end": 12, "label": "PER"},
            {"id": "e2", "start": 20, "end": 24, "label": "ORG", "text": "Acme"},
        ],
        "stars": 4,
        "note": "fine",
    }
    r = post(manager, served["id"], result, lead=4321)
    assert r.status_code == 201, r.text
    ann = r.json()
    assert ann["result"] == result and ann["status"] == "submitted" and ann["version"] == 1
    assert ann["lead_time_ms"] == 4321 and ann["author"] == "manager@example.com"
    assert ann.pop("feedback") is None  # a save's answer: the annotation, and feedback (none here)
    assert manager.get(f"/api/items/{served['id']}/annotations").json() == [ann]


@pytest.mark.parametrize(
    ("result", "control", "message"),
    [
        ({"sentiment": "great"}, "sentiment", "unknown option 'great'"),
        ({"sentiment": ["positive"]}, "sentiment", "not a list"),
        (
            {"sentiment": "positive", "entities": [{"start": 0, "end": 99, "label": "PER"}]},
            "entities",
            "outside the text",
        ),
        (
            {"sentiment": "positive", "entities": [{"start": 5, "end": 5, "label": "PER"}]},
            "entities",
            "below end",
        ),
        (
            {"sentiment": "positive", "entities": [{"start": 0, "end": 3, "label": "DATE"}]},
            "entities",
            "unknown label 'DATE'",
        ),
        (
            {"sentiment": "positive", "entities": [{"start": 0, "end": 3, "label": "PER", "text": "xyz"}]},
            "entities",
            "does not match",
        ),
        (
            {"sentiment": "positive", "entities": [{"start": "0", "end": 3, "label": "PER"}]},
            "entities",
            "integer",
        ),
        ({"sentiment": "positive", "stars": 9}, "stars", "outside 1..5"),
        ({"sentiment": "positive", "stars": 2.5}, "stars", "integer"),
        ({"sentiment": "positive", "note": "x" * 51}, "note", "at most 50"),
        ({"sentiment": "positive", "mood": "x"}, "mood", "no control named"),
        ({"stars": 3}, "sentiment", "required"),
    ],
)
def test_invalid_results_name_the_control_and_change_nothing(
    manager: Api, served: dict[str, Any], database: Any, result: Any, control: str, message: str
) -> None:
    before = table_contents(database)
    r = post(manager, served["id"], result)
    assert r.status_code == 422
    assert r.json()["detail"]["code"] == "invalid_result"
    assert r.json()["detail"]["control"] == control
    assert message in r.json()["detail"]["message"]
    assert table_contents(database) == before


def test_drafts_may_be_partial_then_submitted(manager: Api, served: dict[str, Any]) -> None:
    draft = post(manager, served["id"], {"stars": 3}, status="draft").json()
    assert draft["status"] == "draft"
    pid = manager.get("/api/projects").json()[0]["id"]
    assert manager.get(f"/api/projects/{pid}/items").json()["items"][0]["annotation_count"] == 0
    r = manager.patch(
        f"/api/annotations/{draft['id']}", json={"result": {"stars": 3}, "status": "submitted", "version": 1}
    )
    assert r.status_code == 422 and r.json()["detail"]["control"] == "sentiment"
    r = manager.patch(
        f"/api/annotations/{draft['id']}",
        json={
            "result": {"stars": 3, "sentiment": "neutral"},
            "status": "submitted",
            "version": 1,
            "lead_time_ms": 9000,
        },
    )
    assert r.status_code == 200
    assert r.json()["version"] == 2 and r.json()["lead_time_ms"] == 9000 and r.json()["status"] == "submitted"
    r = manager.patch(
        f"/api/annotations/{draft['id']}",
        json={"result": {"sentiment": "neutral"}, "status": "draft", "version": 2},
    )
    assert r.status_code == 422


def test_stale_version_gets_409_and_loses_nothing(
    manager: Api, served: dict[str, Any], database: Any
) -> None:
    ann = post(manager, served["id"], {"sentiment": "positive"}).json()
    first = manager.patch(
        f"/api/annotations/{ann['id']}",
        json={"result": {"sentiment": "negative"}, "status": "submitted", "version": 1},
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    before = table_contents(database)
    stale = manager.patch(
        f"/api/annotations/{ann['id']}",
        json={"result": {"sentiment": "neutral"}, "status": "submitted", "version": 1},
    )
    assert stale.status_code == 409
    assert stale.json()["detail"]["code"] == "stale_version"
    assert stale.json()["detail"]["current"]["result"] == {"sentiment": "negative"}
    assert table_contents(database) == before
    assert manager.get(f"/api/items/{served['id']}/annotations").json()[0]["result"] == {
        "sentiment": "negative"
    }


def test_one_annotation_per_user_and_item(manager: Api, served: dict[str, Any]) -> None:
    assert post(manager, served["id"], {"sentiment": "positive"}).status_code == 201
    r = post(manager, served["id"], {"sentiment": "negative"})
    assert r.status_code == 409 and r.json()["detail"]["code"] == "already_annotated"
    assert "PATCH" in r.json()["detail"]["message"]


def test_bad_lead_time_and_status(manager: Api, served: dict[str, Any]) -> None:
    assert post(manager, served["id"], {"sentiment": "positive"}, lead=-5).status_code == 422
    r = manager.post(f"/api/items/{served['id']}/annotations", json={"result": {}, "status": "done"})
    assert r.status_code == 422


def test_others_annotation_cannot_be_patched(manager: Api, served: dict[str, Any], client_for: Any) -> None:
    ann = post(manager, served["id"], {"sentiment": "positive"}).json()
    other = client_for("other@example.com")
    r = other.patch(
        f"/api/annotations/{ann['id']}",
        json={"result": {"sentiment": "negative"}, "status": "submitted", "version": 1},
    )
    assert r.status_code == 404


def test_the_web_ui_flow_counts_one_submission(
    manager: Api, project: dict[str, Any], client_for: Any, database: Any
) -> None:
    """What frontend/src/labeling/sync.ts sends: the first autosave creates a draft (POST), later
    saves PATCH it with the version last returned, the submission PATCHes status=submitted.
    Edits after the submission keep their one slot and their one count."""
    pid = project["id"]
    import_texts(manager, pid, [TEXT])
    annotator = client_for("annotator@example.com")
    add_member(manager, pid, annotator.email, "annotator")
    item_id = annotator.get(f"/api/projects/{pid}/next").json()["id"]
    ann = post(annotator, item_id, {"note": "first"}, status="draft", lead=500).json()
    saves = [
        ({"note": "second"}, "draft", 800),
        ({"sentiment": "negative", "note": "done"}, "submitted", 1500),
        ({"sentiment": "positive", "note": "fixed"}, "submitted", None),  # an edit after submitting
    ]
    for result, status, lead in saves:
        body = {"result": result, "status": status, "version": ann["version"], "lead_time_ms": lead}
        r = annotator.patch(f"/api/annotations/{ann['id']}", json=body)
        assert r.status_code == 200, r.text
        assert r.json()["version"] == ann["version"] + 1 and r.json()["id"] == ann["id"]
        ann = r.json()
    assert ann["status"] == "submitted" and ann["lead_time_ms"] == 1500  # no lead time sent: kept
    assert ann.pop("feedback") is None
    assert annotator.get(f"/api/items/{item_id}/annotations").json() == [ann]
    with database.session() as db:
        item = db.execute(select(Item.claimed, Item.submitted_count).where(Item.id == item_id)).one()
        statuses = db.execute(select(Assignment.status)).scalars().all()
    assert (item.claimed, item.submitted_count) == (1, 1)
    assert statuses == ["submitted"]


def test_a_refused_save_changes_nothing(manager: Api, served: dict[str, Any], database: Any) -> None:
    draft = post(manager, served["id"], {"note": "x"}, status="draft").json()
    patch = f"/api/annotations/{draft['id']}"
    done = {"result": {"sentiment": "neutral"}, "status": "submitted"}
    refused = [
        ({"result": {"note": "y"}, "status": "submitted", "version": 1}, 422, "invalid_result"),
        ({**done, "version": 1, "lead_time_ms": -1}, 422, "invalid_input"),
        ({**done, "version": 7}, 409, "stale_version"),
        ({**done, "version": 1, "status": "done"}, 422, "invalid_request"),
    ]
    before = table_contents(database)
    for body, status, code in refused:
        r = manager.patch(patch, json=body)
        assert r.status_code == status, r.text
        assert r.json()["detail"]["code"] == code
        assert table_contents(database) == before


def test_a_member_removed_meanwhile_cannot_save(
    manager: Api, project: dict[str, Any], client_for: Any, database: Any
) -> None:
    pid = project["id"]
    import_texts(manager, pid, [TEXT])
    annotator = client_for("annotator@example.com")
    add_member(manager, pid, annotator.email, "annotator")
    item_id = annotator.get(f"/api/projects/{pid}/next").json()["id"]
    draft = post(annotator, item_id, {"note": "x"}, status="draft").json()
    user_id = annotator.get("/api/auth/me").json()["id"]
    assert manager.delete(f"/api/projects/{pid}/members/{user_id}").status_code == 204
    before = table_contents(database)
    body = {"result": {"sentiment": "neutral"}, "status": "submitted", "version": 1}
    r = annotator.patch(f"/api/annotations/{draft['id']}", json=body)
    missing = annotator.patch("/api/annotations/987654", json=body)
    assert r.status_code == 404 and r.json() == missing.json()
    assert post(annotator, item_id, {"sentiment": "neutral"}).status_code == 404
    assert table_contents(database) == before
