"""Editing a schema that annotations already use: a 409 counting what each removed or renamed
control, option or label affects (drafts and submissions), nothing changed until confirmed
with ``force``; then renames are migrated and removed answers deleted, in one transaction."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.api.conftest import SCHEMA, Api, add_member, import_texts, table_counts

TEXTS = ["Ada was here", "Bob left", "Cy came"]


def post(api: Api, item_id: int, result: dict[str, Any], status: str = "submitted") -> dict[str, Any]:
    r = api.post(f"/api/items/{item_id}/annotations", json={"result": result, "status": status})
    assert r.status_code == 201, r.text
    return dict(r.json())


@pytest.fixture
def labelled(manager: Api, project: dict[str, Any], client_for: Any) -> dict[str, Any]:
    """Four annotations: the manager's on every item (one a draft), an annotator's on item 1."""
    pid = project["id"]
    import_texts(manager, pid, TEXTS)
    items = manager.get(f"/api/projects/{pid}/items").json()["items"]
    ids = {i["data"]["text"]: i["id"] for i in items}
    span = {"id": "e1", "start": 0, "end": 3, "label": "PER"}
    post(manager, ids[TEXTS[0]], {"sentiment": "positive", "stars": 4, "note": "fine"})
    post(manager, ids[TEXTS[1]], {"sentiment": "neutral", "entities": [span]})
    post(manager, ids[TEXTS[2]], {"sentiment": "neutral", "note": "hm", "stars": 2}, status="draft")
    annotator = client_for("ann@example.com")
    add_member(manager, pid, "ann@example.com", "annotator")
    served = annotator.get(f"/api/projects/{pid}/next").json()
    assert served["id"] == ids[TEXTS[0]]
    post(annotator, served["id"], {"sentiment": "negative", "stars": 2})
    return {"id": pid, "items": ids}


def results(manager: Api, labelled: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every annotation's (text, author) → {result, version, status}."""
    out = {}
    for text, item_id in labelled["items"].items():
        for a in manager.get(f"/api/items/{item_id}/annotations").json():
            out[(text, a["author"])] = {"result": a["result"], "version": a["version"], "status": a["status"]}
    return out


def edited(**controls: dict[str, Any] | None) -> dict[str, Any]:
    """SCHEMA with some controls replaced (a dict) or removed (None)."""
    schema = copy.deepcopy(SCHEMA)
    schema["controls"] = [
        controls.get(c["name"], c) for c in schema["controls"] if controls.get(c["name"], c) is not None
    ]
    return schema


SENTIMENT = SCHEMA["controls"][0]
M, A = "manager@example.com", "ann@example.com"


def test_removing_a_used_option_is_refused_with_counts_and_changes_nothing(
    manager: Api, labelled: dict[str, Any], database: Any
) -> None:
    before, stored = table_counts(database), results(manager, labelled)
    schema = edited(sentiment={**SENTIMENT, "options": ["positive", "negative"]})
    r = manager.patch(f"/api/projects/{labelled['id']}", json={"schema": schema})
    assert r.status_code == 409, r.text
    detail = r.json()["detail"]
    assert detail["code"] == "schema_change_affects_annotations"
    assert detail["annotations"] == 2
    assert detail["changes"] == [
        {
            "control": "sentiment",
            "change": "option_removed",
            "option": "neutral",
            "to": None,
            "annotations": 2,
            "submitted": 1,
            "drafts": 1,
        }
    ]
    assert "'neutral' removed from 'sentiment' (2)" in detail["message"]
    assert table_counts(database) == before and results(manager, labelled) == stored
    project = manager.get(f"/api/projects/{labelled['id']}").json()
    assert project["schema"]["controls"][0]["options"] == ["positive", "negative", "neutral"]


def test_a_combined_change_counts_each_part_exactly(manager: Api, labelled: dict[str, Any]) -> None:
    schema = edited(
        sentiment={**SENTIMENT, "options": ["pos", "negative"]},  # positive renamed, neutral removed
        note=None,  # removed
        stars={"name": "rating", "type": "rating", "field": "text", "min": 1, "max": 3},  # renamed, narrowed
    )
    body = {
        "schema": schema,
        "control_renames": {"stars": "rating"},
        "renames": {"sentiment": {"positive": "pos"}},
    }
    r = manager.patch(f"/api/projects/{labelled['id']}", json=body)
    assert r.status_code == 409, r.text
    counts = {
        (c["control"], c["change"], c["option"], c["to"]): (c["annotations"], c["submitted"], c["drafts"])
        for c in r.json()["detail"]["changes"]
    }
    assert counts == {
        ("note", "control_removed", None, None): (2, 1, 1),
        ("sentiment", "option_removed", "neutral", None): (2, 1, 1),
        ("sentiment", "option_renamed", "positive", "pos"): (1, 1, 0),
        ("stars", "answer_unfit", None, None): (1, 1, 0),  # 4 stars do not fit 1..3
        ("stars", "control_renamed", None, "rating"): (2, 1, 1),  # the two ratings of 2
    }
    assert r.json()["detail"]["annotations"] == 4


def test_forcing_migrates_renames_and_deletes_removed_answers(
    manager: Api, labelled: dict[str, Any], database: Any
) -> None:
    schema = edited(
        sentiment={**SENTIMENT, "options": ["pos", "negative"]},
        note=None,
        stars={"name": "rating", "type": "rating", "field": "text", "min": 1, "max": 3},
        entities={**SCHEMA["controls"][1], "labels": ["ORG", "LOC"]},
    )
    before = table_counts(database)
    r = manager.patch(
        f"/api/projects/{labelled['id']}",
        json={
            "schema": schema,
            "control_renames": {"stars": "rating"},
            "renames": {"sentiment": {"positive": "pos"}},
            "force": True,
        },
    )
    assert r.status_code == 200, r.text
    assert [c["name"] for c in r.json()["schema"]["controls"]] == ["sentiment", "entities", "rating"]
    assert table_counts(database) == before  # answers change; no row is added or removed
    after = results(manager, labelled)
    assert after[(TEXTS[0], M)] == {"result": {"sentiment": "pos"}, "version": 2, "status": "submitted"}
    assert after[(TEXTS[0], A)] == {
        "result": {"sentiment": "negative", "rating": 2},
        "version": 2,
        "status": "submitted",
    }
    assert after[(TEXTS[1], M)] == {"result": {"entities": []}, "version": 2, "status": "submitted"}
    assert after[(TEXTS[2], M)] == {"result": {"rating": 2}, "version": 2, "status": "draft"}


def test_a_migrated_annotation_edited_from_an_old_copy_is_stale(
    manager: Api, labelled: dict[str, Any]
) -> None:
    item_id = labelled["items"][TEXTS[2]]
    draft = manager.get(f"/api/items/{item_id}/annotations").json()[0]
    schema = edited(note=None)
    r = manager.patch(f"/api/projects/{labelled['id']}", json={"schema": schema, "force": True})
    assert r.status_code == 200, r.text
    r = manager.patch(
        f"/api/annotations/{draft['id']}", json={"result": draft["result"], "status": "draft", "version": 1}
    )
    assert r.status_code == 409 and r.json()["detail"]["code"] == "stale_version"


def test_changes_no_annotation_uses_need_no_confirmation(manager: Api, labelled: dict[str, Any]) -> None:
    schema = edited(
        sentiment={**SENTIMENT, "options": ["positive", "negative", "neutral", "mixed"]},
        entities={**SCHEMA["controls"][1], "labels": ["PER", "ORG"]},  # LOC was never used
    )
    r = manager.patch(f"/api/projects/{labelled['id']}", json={"schema": schema})
    assert r.status_code == 200, r.text
    stored = results(manager, labelled)
    assert all(a["version"] == 1 for a in stored.values())


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"control_renames": {"nope": "sentiment"}}, "'nope' is not in the current schema"),
        ({"control_renames": {"note": "missing"}}, "not in the new schema"),
        ({"renames": {"sentiment": {"great": "positive"}}}, "'great' is renamed to 'positive'"),
        ({"renames": {"sentiment": {"positive": "great"}}}, "'positive' is renamed to 'great'"),
        ({"renames": {"ghost": {"a": "b"}}}, "'ghost'"),
    ],
)
def test_renames_that_do_not_fit_the_schemas_are_refused(
    manager: Api, labelled: dict[str, Any], database: Any, body: dict[str, Any], message: str
) -> None:
    before, stored = table_counts(database), results(manager, labelled)
    r = manager.patch(f"/api/projects/{labelled['id']}", json={"schema": SCHEMA, "force": True, **body})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["code"] == "invalid_schema" and message in r.json()["detail"]["message"]
    assert table_counts(database) == before and results(manager, labelled) == stored


def test_a_multiple_choice_merge_keeps_each_option_once(manager: Api, project: dict[str, Any]) -> None:
    topics = {
        "name": "topics",
        "type": "choices",
        "field": "text",
        "options": ["a", "b", "c"],
        "multiple": True,
    }
    schema = {**SCHEMA, "controls": [*SCHEMA["controls"], topics]}
    assert manager.patch(f"/api/projects/{project['id']}", json={"schema": schema}).status_code == 200
    import_texts(manager, project["id"], ["x"])
    item = manager.get(f"/api/projects/{project['id']}/items").json()["items"][0]
    post(manager, item["id"], {"sentiment": "positive", "topics": ["a", "b", "c"]})
    merged = {**schema, "controls": [*SCHEMA["controls"], {**topics, "options": ["ab", "c"]}]}
    r = manager.patch(
        f"/api/projects/{project['id']}",
        json={"schema": merged, "renames": {"topics": {"a": "ab", "b": "ab"}}, "force": True},
    )
    assert r.status_code == 200, r.text
    ann = manager.get(f"/api/items/{item['id']}/annotations").json()[0]
    assert ann["result"]["topics"] == ["ab", "c"]
