"""The adjudication API: the queue shows every answer side by side with the current final label;
a decision is validated like a submission and becomes the final label (``adjudicated``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from goldlabel.db.engine import Database
from tests.api.conftest import Api, table_counts
from tests.api.final_helpers import answer, choice_project, finals, members, patch_consensus, settle
from tests.api.honeypot_helpers import mark_gold


def _torn(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> tuple[int, list[int], dict[str, Api]]:
    """Two items, two answers each; the first split a/b (to adjudication at fixed overlap 2)."""
    pid, ids = choice_project(manager, 2, overlap=2)
    patch_consensus(
        manager, pid, {"method": "majority_vote", "overlap": {"min": 2, "max": 2, "confidence": 0.8}}
    )
    team = members(client_for, manager, pid, ["x", "y"], "manager")
    answer(team["x"], ids[0], "a")
    answer(team["y"], ids[0], "b")
    answer(team["x"], ids[1], "c")
    answer(team["y"], ids[1], "c")
    settle(database)
    return pid, ids, team


def test_the_queue_shows_every_answer_and_the_current_label(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids, _ = _torn(manager, client_for, database)
    r = manager.get(f"/api/projects/{pid}/adjudication")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == 1 and len(body["items"]) == 1
    item = body["items"][0]
    assert item["item_id"] == ids[0] and item["data"] == {"text": "item 0"}
    assert [(a["author"], a["result"]) for a in item["answers"]] == [
        ("x@example.com", {"label": "a"}),
        ("y@example.com", {"label": "b"}),
    ]
    assert item["final"]["provenance"] == "consensus" and item["final"]["needs_adjudication"]
    assert item["final"]["confidence"] == 0.5


def test_a_decision_becomes_the_final_label_and_leaves_the_queue(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids, _ = _torn(manager, client_for, database)
    reviewer = members(client_for, manager, pid, ["rev"], "reviewer")["rev"]
    r = reviewer.post(f"/api/projects/{pid}/adjudication/{ids[0]}", json={"result": {"label": "b"}})
    assert r.status_code == 200, r.text
    decided = r.json()
    assert decided["result"] == {"label": "b"} and decided["provenance"] == "adjudicated"
    assert decided["decided_by"] == "rev@example.com" and not decided["needs_adjudication"]
    assert decided["controls"]["label"]["method"] == "adjudicated"
    assert manager.get(f"/api/projects/{pid}/adjudication").json() == {"items": [], "total": 0}
    settle(database)
    assert finals(manager, pid)[ids[0]]["result"] == {"label": "b"}


@pytest.mark.parametrize(
    ("result", "code"),
    [({"label": "zebra"}, "invalid_result"), ({}, "invalid_result"), ({"nope": 1}, "invalid_result")],
)
def test_an_invalid_decision_changes_nothing(
    manager: Api, client_for: Callable[..., Api], database: Database, result: dict[str, object], code: str
) -> None:
    pid, ids, _ = _torn(manager, client_for, database)
    before = table_counts(database)
    snapshot = finals(manager, pid)
    r = manager.post(f"/api/projects/{pid}/adjudication/{ids[0]}", json={"result": result})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["code"] == code
    assert table_counts(database) == before and finals(manager, pid) == snapshot


def test_who_may_adjudicate(manager: Api, client_for: Callable[..., Api], database: Database) -> None:
    pid, ids, _ = _torn(manager, client_for, database)
    annotator = members(client_for, manager, pid, ["ann"], "annotator")["ann"]
    outsider = client_for("out@example.com")
    _other_pid, (other_item,) = choice_project(manager, 1)
    before = table_counts(database)
    body = {"result": {"label": "a"}}
    r = annotator.get(f"/api/projects/{pid}/adjudication")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    assert annotator.post(f"/api/projects/{pid}/adjudication/{ids[0]}", json=body).status_code == 403
    assert outsider.get(f"/api/projects/{pid}/adjudication").status_code == 404
    assert outsider.post(f"/api/projects/{pid}/adjudication/{ids[0]}", json=body).status_code == 404
    # An item of another project through this project's route: not found, like a missing one.
    assert manager.post(f"/api/projects/{pid}/adjudication/{other_item}", json=body).status_code == 404
    assert manager.post(f"/api/projects/{pid}/adjudication/987654", json=body).status_code == 404
    assert table_counts(database) == before


def test_a_gold_item_is_not_adjudicated(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids, _ = _torn(manager, client_for, database)
    mark_gold(manager, ids[1], {"label": "c"})
    before = table_counts(database)
    r = manager.post(f"/api/projects/{pid}/adjudication/{ids[1]}", json={"result": {"label": "a"}})
    assert r.status_code == 422
    assert table_counts(database) == before
    settle(database)
    assert set(finals(manager, pid)) == {ids[0]}  # gold has no final row on the page
    # Back in production, its answers get their final label again.
    assert manager.delete(f"/api/items/{ids[1]}/gold").status_code == 204
    settle(database)
    assert finals(manager, pid)[ids[1]]["result"] == {"label": "c"}
