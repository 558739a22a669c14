"""Feedback after a honeypot answer (``training.honeypot_feedback``, off by default): a submission
of a served honeypot comes back with practice-style feedback when the project shows it; every
other save (a draft, a production item, a later edit, a project that does not show it) answers
``feedback: null``, so that off, a honeypot's response looks exactly like a production item's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from goldlabel.db.engine import Database
from tests.api.conftest import Api
from tests.api.training_helpers import annotator, configure, gold_item, serve

SUBMIT = {"status": "submitted", "lead_time_ms": 1000}
DRAFT = {"status": "draft", "lead_time_ms": 500}


@pytest.fixture
def team(manager: Api, project: dict[str, Any], client_for: Any) -> tuple[int, Api]:
    pid = project["id"]
    manager.post(f"/api/projects/{pid}/items", json=[{"data": {"text": f"production {i}"}} for i in range(4)])
    return pid, annotator(client_for, manager, pid)


def honeypot(manager: Api, database: Database, pid: int, ann: Api) -> int:
    item = gold_item(
        manager, database, pid, "honeypot", {"sentiment": "positive"}, explanations={"sentiment": "glad"}
    )
    serve(database, pid, ann.email, item)
    return item


def production(ann: Api, pid: int) -> int:
    r = ann.get(f"/api/projects/{pid}/next")
    assert r.status_code == 200, r.text
    return int(r.json()["id"])


def post(ann: Api, item: int, answer: str, body: dict[str, Any]) -> dict[str, Any]:
    r = ann.post(f"/api/items/{item}/annotations", json={"result": {"sentiment": answer}, **body})
    assert r.status_code == 201, r.text
    return dict(r.json())


def patch(ann: Api, saved: dict[str, Any], answer: str, body: dict[str, Any]) -> dict[str, Any]:
    r = ann.patch(
        f"/api/annotations/{saved['id']}",
        json={"result": {"sentiment": answer}, "version": saved["version"], **body},
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def shape(body: dict[str, Any]) -> dict[str, str]:
    return {k: type(v).__name__ for k, v in sorted(body.items())}


def test_off_by_default_a_honeypot_answers_exactly_like_a_production_item(
    team: Any, manager: Api, database: Database
) -> None:
    pid, ann = team
    assert configure(manager, pid)["honeypot_feedback"] is False
    answers = []
    served = production(ann, pid)  # first: ``next`` would give back the honeypot's live lock
    for item in (honeypot(manager, database, pid, ann), served):
        submitted = post(ann, item, "negative", SUBMIT)
        assert submitted["feedback"] is None
        answers.append(submitted)
    assert shape(answers[0]) == shape(answers[1])
    # through PATCH (the web UI's way: a draft first, then the submission)
    answers = []
    served = production(ann, pid)  # first: ``next`` would give back the honeypot's live lock
    for item in (honeypot(manager, database, pid, ann), served):
        draft = post(ann, item, "negative", DRAFT)
        submitted = patch(ann, draft, "neutral", SUBMIT)
        assert draft["feedback"] is None and submitted["feedback"] is None
        assert shape(draft) == shape(submitted)
        answers.append(submitted)
    assert shape(answers[0]) == shape(answers[1])


def test_on_a_honeypot_submission_carries_the_feedback_and_a_production_one_does_not(
    team: Any, manager: Api, database: Database
) -> None:
    pid, ann = team
    configure(manager, pid, honeypot_feedback=True)
    pot = honeypot(manager, database, pid, ann)
    feedback = post(ann, pot, "negative", SUBMIT)["feedback"]
    assert feedback["reference"] == {"sentiment": "positive"}
    assert feedback["explanations"] == {"sentiment": "glad"}
    assert feedback["score"] == 0.0 and feedback["scores"] == {"sentiment": 0.0}
    assert set(feedback) == {"score", "scores", "diff", "reference", "explanations", "section"}
    assert "sentiment" in feedback["diff"]
    right = post(ann, honeypot(manager, database, pid, ann), "positive", SUBMIT)["feedback"]
    assert right["score"] == 1.0
    assert post(ann, production(ann, pid), "negative", SUBMIT)["feedback"] is None


def test_drafts_and_later_edits_never_carry_feedback(team: Any, manager: Api, database: Database) -> None:
    pid, ann = team
    configure(manager, pid, honeypot_feedback=True)
    pot = honeypot(manager, database, pid, ann)
    draft = post(ann, pot, "negative", DRAFT)
    assert draft["feedback"] is None
    draft = patch(ann, draft, "neutral", DRAFT)
    assert draft["feedback"] is None
    submitted = patch(ann, draft, "neutral", SUBMIT)  # the submission through PATCH: feedback
    assert submitted["feedback"]["reference"] == {"sentiment": "positive"}
    assert patch(ann, submitted, "positive", SUBMIT)["feedback"] is None  # an edit of it: none


def test_an_unserved_honeypot_is_refused_whatever_the_setting(
    team: Any, manager: Api, database: Database
) -> None:
    pid, ann = team
    configure(manager, pid, honeypot_feedback=True)
    item = gold_item(manager, database, pid, "honeypot", {"sentiment": "positive"})
    r = ann.post(f"/api/items/{item}/annotations", json={"result": {"sentiment": "positive"}, **SUBMIT})
    assert r.status_code == 404 and "reference" not in r.text


@contextmanager
def count_queries(database: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(database.engine, "before_cursor_execute", record)


def test_a_production_submission_costs_no_query_more_with_the_setting_on(
    team: Any, manager: Api, database: Database
) -> None:
    pid, ann = team
    counts = []
    for on in (False, True):
        configure(manager, pid, honeypot_feedback=on)
        item = production(ann, pid)
        with count_queries(database) as queries:
            post(ann, item, "negative", SUBMIT)
        counts.append(len(queries))
    assert counts[0] == counts[1]
