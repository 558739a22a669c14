"""Every gate of the training path enforced by the API (``next`` answers 403 with what to do),
and pauses: a run of wrong honeypot answers pauses the annotator, the refresher practises what
they confuse, a passed re-exam or a manager lifts the pause."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Pause
from goldlabel.services import clock, pauses
from tests.api.conftest import Api, table_counts
from tests.api.training_helpers import acknowledge, annotator, configure, gold_item, publish, serve, user_id

SUBMIT = {"status": "submitted", "lead_time_ms": 1000}


@pytest.fixture
def team(manager: Api, project: dict[str, Any], client_for: Any) -> tuple[int, Api]:
    pid = project["id"]
    manager.post(f"/api/projects/{pid}/items", json=[{"data": {"text": f"production {i}"}} for i in range(3)])
    return pid, annotator(client_for, manager, pid)


def refused(api: Api, pid: int, code: str) -> dict[str, Any]:
    r = api.get(f"/api/projects/{pid}/next")
    assert r.status_code == 403, r.text
    detail: dict[str, Any] = r.json()["detail"]
    assert detail["code"] == code and detail["message"]
    return detail


def pass_exam(
    api: Api, manager: Api, pid: int, database: Database, refs: dict[int, Any] | None = None
) -> dict[str, Any]:
    if refs is None:
        refs = {gold_item(manager, database, pid, "exam", {"sentiment": "neutral"}): {"sentiment": "neutral"}}
    attempt = api.post(f"/api/projects/{pid}/exams")
    assert attempt.status_code == 201, attempt.text
    for item in attempt.json()["items"]:
        api.post(
            f"/api/exams/{attempt.json()['id']}/answers",
            json={"item_id": item["id"], "result": refs[item["id"]]},
        )
    report: dict[str, Any] = api.post(f"/api/exams/{attempt.json()['id']}/finish").json()
    assert report["passed"], report
    return report


def test_a_published_guideline_must_be_acknowledged(team: Any, manager: Api, database: Database) -> None:
    pid, ann = team
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200  # no guideline: nothing to acknowledge
    v1 = publish(manager, pid)
    before = table_counts(database)
    refused(ann, pid, "acknowledge_guideline")
    assert table_counts(database) == before  # nothing claimed
    assert ann.get(f"/api/projects/{pid}/training/me").json()["step"] == "acknowledge_guideline"
    assert manager.get(f"/api/projects/{pid}/next").status_code == 200  # managers are not gated
    acknowledge(ann, pid, v1)
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    publish(manager, pid, "minor")  # a minor version asks nothing
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    v2 = publish(manager, pid)
    refused(ann, pid, "acknowledge_guideline")
    me = ann.get(f"/api/projects/{pid}/training/me").json()
    assert me["guideline"] == {"version_id": v2, "version": "2.0", "acknowledged": False}
    acknowledge(ann, pid, v2)
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200


def test_certification_is_required_when_the_project_says_so(
    team: Any, manager: Api, database: Database
) -> None:
    pid, ann = team
    configure(manager, pid, require_certification=True)
    refused(ann, pid, "certification_required")
    assert ann.get(f"/api/projects/{pid}/training/me").json()["step"] == "exam"  # no practice items: skipped
    pass_exam(ann, manager, pid, database)
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200


def test_a_major_version_asks_for_recertification_when_set(
    team: Any, manager: Api, database: Database
) -> None:
    pid, ann = team
    configure(manager, pid, require_certification=True, recertify_on_major=True, exam={"max_attempts": 1})
    v1 = publish(manager, pid)
    acknowledge(ann, pid, v1)
    refs = {gold_item(manager, database, pid, "exam", {"sentiment": "neutral"}): {"sentiment": "neutral"}}
    pass_exam(ann, manager, pid, database, refs)
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    acknowledge(ann, pid, publish(manager, pid, "minor"))
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200  # a minor version keeps the certificate
    acknowledge(ann, pid, publish(manager, pid))
    refused(ann, pid, "certification_required")
    me = ann.get(f"/api/projects/{pid}/training/me").json()
    assert me["step"] == "exam" and me["certified"] is False
    assert me["exams"]["attempts"] == 0 and me["exams"]["remaining"] == 1  # counted since the new major
    pass_exam(ann, manager, pid, database, refs)
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200


def test_without_recertify_on_major_the_certificate_holds(
    team: Any, manager: Api, database: Database
) -> None:
    pid, ann = team
    configure(manager, pid, require_certification=True)
    acknowledge(ann, pid, publish(manager, pid))
    pass_exam(ann, manager, pid, database)
    acknowledge(ann, pid, publish(manager, pid))
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200


def answer_honeypots(
    manager: Api, database: Database, pid: int, ann: Api, answers: list[tuple[str, str]]
) -> None:
    """Serve honeypots (reference, answer) to the annotator and submit the answers."""
    for reference, answer in answers:
        item = gold_item(manager, database, pid, "honeypot", {"sentiment": reference})
        serve(database, pid, ann.email, item)
        r = ann.post(f"/api/items/{item}/annotations", json={"result": {"sentiment": answer}, **SUBMIT})
        assert r.status_code == 201, r.text


def after_the_pause_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Move the clock past the random while a decided pause waits before it starts."""
    later = clock.now() + pauses.PAUSE_DELAY_MAX + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)


def test_a_run_of_wrong_honeypots_pauses_and_a_refresher_and_reexam_lift_it(
    team: Any, manager: Api, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid, ann = team
    configure(
        manager,
        pid,
        pause={"window": 4, "below": 0.6},
        practice_target={"items": 1, "accuracy": 1.0},
        exam={"items": 1},
    )
    # the refresher: practice items on the confused label come first
    other = gold_item(manager, database, pid, "practice", {"sentiment": "neutral"})
    focus = gold_item(manager, database, pid, "practice", {"sentiment": "positive"})
    answer_honeypots(manager, database, pid, ann, [("positive", "positive"), ("positive", "negative")])
    answer_honeypots(manager, database, pid, ann, [("negative", "negative")])  # 3 answers: under the window
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    monkeypatch.setattr(pauses, "rng", random.Random(7))  # a delay > 0
    answer_honeypots(manager, database, pid, ann, [("positive", "neutral")])  # 2 of 4 right: 50% < 60%
    # decided, but not at once: a 403 right after the answer would mark that item as a honeypot
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    assert ann.get(f"/api/projects/{pid}/training/me").json()["step"] == "production"
    assert [p["lifted_at"] for p in manager.get(f"/api/projects/{pid}/pauses").json()] == [None]
    after_the_pause_delay(monkeypatch)
    detail = refused(ann, pid, "paused")
    assert "sentiment" in detail["reason"] and "50%" in detail["reason"]
    me = ann.get(f"/api/projects/{pid}/training/me").json()
    assert me["step"] == "paused" and me["paused"] is True and me["reason"] == detail["reason"]
    assert me["focus_labels"] == ["positive"]
    assert me["practice"]["answered"] == 0  # practice counts again from the pause
    with database.session() as db:
        pause = db.scalars(select(Pause)).one()
        assert (pause.control, pause.accuracy, pause.focus_labels) == ("sentiment", 0.5, ["positive"])
    assert ann.get(f"/api/projects/{pid}/practice/next").json()["id"] == focus
    r = ann.post(f"/api/projects/{pid}/exams")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "practice_required"
    ann.post(f"/api/projects/{pid}/practice/{focus}", json={"result": {"sentiment": "positive"}})
    assert ann.get(f"/api/projects/{pid}/practice/next").json()["id"] == other
    report = pass_exam(ann, manager, pid, database)
    with database.session() as db:
        pause = db.scalars(select(Pause)).one()
        assert pause.lifted_at is not None and pause.lifted_by_attempt_id == report["attempt_id"]
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    assert ann.get(f"/api/projects/{pid}/training/me").json()["step"] == "production"


def test_a_manager_lifts_a_pause(
    team: Any, manager: Api, database: Database, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid, ann = team
    configure(manager, pid, pause={"window": 2, "below": 0.9})
    answer_honeypots(manager, database, pid, ann, [("positive", "negative"), ("neutral", "negative")])
    after_the_pause_delay(monkeypatch)
    refused(ann, pid, "paused")
    uid = user_id(database, ann.email)
    pauses = manager.get(f"/api/projects/{pid}/pauses").json()
    assert [(p["email"], p["lifted_at"]) for p in pauses] == [(ann.email, None)]
    assert sorted(pauses[0]["focus_labels"]) == ["neutral", "positive"]
    assert ann.post(f"/api/projects/{pid}/pauses/{uid}/lift").status_code == 403
    assert ann.get(f"/api/projects/{pid}/pauses").status_code == 403
    lifted = manager.post(f"/api/projects/{pid}/pauses/{uid}/lift")
    assert lifted.status_code == 200 and lifted.json()["lifted_by_user_id"] == user_id(
        database, manager.email
    )
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    assert manager.post(f"/api/projects/{pid}/pauses/{uid}/lift").status_code == 404


def test_honeypot_answers_above_the_threshold_do_not_pause(
    team: Any, manager: Api, database: Database
) -> None:
    pid, ann = team
    configure(manager, pid, pause={"window": 3, "below": 0.6})
    answer_honeypots(
        manager,
        database,
        pid,
        ann,
        [("positive", "positive"), ("negative", "neutral"), ("neutral", "neutral")],
    )
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    with database.session() as db:
        assert db.scalars(select(Pause)).first() is None


def test_honeypot_feedback_only_when_the_project_shows_it(
    team: Any, manager: Api, database: Database
) -> None:
    """``practice.honeypot_feedback``: what the save path returns after a honeypot answer."""
    from goldlabel.services import practice

    pid, _ann = team
    item = gold_item(
        manager, database, pid, "honeypot", {"sentiment": "positive"}, explanations={"sentiment": "glad"}
    )
    with database.session() as db:
        assert practice.honeypot_feedback(db, pid, item, {"sentiment": "negative"}) is None  # off by default
    configure(manager, pid, honeypot_feedback=True)
    with database.session() as db:
        feedback = practice.honeypot_feedback(db, pid, item, {"sentiment": "negative"})
    assert feedback is not None and feedback.score == 0.0
    assert feedback.reference == {"sentiment": "positive"} and feedback.explanations == {"sentiment": "glad"}


def test_an_attempt_left_open_before_a_pause_does_not_lift_it(
    team: Any, manager: Api, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid, ann = team
    configure(manager, pid, pause={"window": 2, "below": 0.9}, exam={"items": 1})
    refs = {gold_item(manager, database, pid, "exam", {"sentiment": "neutral"}): {"sentiment": "neutral"}}
    old = ann.post(f"/api/projects/{pid}/exams").json()  # a voluntary attempt, left open
    answer_honeypots(manager, database, pid, ann, [("positive", "negative"), ("neutral", "negative")])
    after_the_pause_delay(monkeypatch)
    refused(ann, pid, "paused")
    item = old["items"][0]["id"]
    ann.post(f"/api/exams/{old['id']}/answers", json={"item_id": item, "result": refs[item]})
    assert ann.post(f"/api/exams/{old['id']}/finish").json()["passed"] is True
    refused(ann, pid, "paused")  # the refresher still stands between them and production
    assert ann.get(f"/api/projects/{pid}/training/me").json()["step"] == "paused"
