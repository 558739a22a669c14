"""Scorecards and the team table through HTTP: what an annotator sees of themself (and never
of others), what managers see, the honeypot cutoff of the annotator's own card, the order of
the team table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from goldlabel.db.engine import Database
from goldlabel.db.models import ExamAttempt, Pause, PracticeAnswer
from tests.api.conftest import Api, add_member, table_counts
from tests.api.honeypot_helpers import DAY0, N_HONEYPOTS, N_ITEMS, backdate, label_with_honeypots


@pytest.fixture
def monitored(manager: Api, project: dict[str, Any], client_for: Any, database: Database) -> dict[str, Any]:
    return label_with_honeypots(manager, project, client_for, database)


def _set_training(manager: Api, pid: int, training: dict[str, Any]) -> None:
    r = manager.patch(f"/api/projects/{pid}", json={"training": training})
    assert r.status_code == 200, r.text


def test_an_annotator_sees_their_own_scorecard(monitored: dict[str, Any]) -> None:
    pid, lazy = monitored["pid"], monitored["apis"]["lazy"]
    r = lazy.get(f"/api/projects/{pid}/scorecards/me")
    assert r.status_code == 200, r.text
    card = r.json()
    assert card["user_id"] == monitored["users"]["lazy"] and card["email"] == "lazy@example.com"
    assert card["role"] == "annotator"
    assert card["items_done"] == N_ITEMS and card["median_lead_time_ms"] == 1000
    assert card["honeypots"]["overall"]["n"] == N_HONEYPOTS
    assert card["honeypots"]["overall"]["value"] == pytest.approx(0.625)
    today = datetime.now(UTC).date()
    assert card["honeypots_until"].startswith(today.isoformat())
    days = card["accuracy_over_time"]
    assert [p["day"] for p in days] == [(DAY0.date() + timedelta(days=d)).isoformat() for d in range(3)]
    assert all(p["at"].endswith("T00:00:00Z") for p in days)  # the day, never an answer's instant
    sentiment = next(c for c in card["confusions"] if c["control"] == "sentiment")
    assert sentiment["matrix"][1] == [3, 0, 0]
    assert card["confused_most"][0]["reference"] == "4"
    assert set(card["agreement"]) == {"sentiment", "entities", "stars", "note"}
    assert card["practice"] == {"answers": 0, "items": 0, "mean_score": None, "recent": []}
    assert card["exams"] == [] and card["certified"] is False and card["pause"] is None
    # the card names no item and carries no gold answer
    assert "item_id" not in r.text and 'reference":{' not in r.text and "result" not in r.text


def test_an_annotator_never_sees_another_scorecard(
    monitored: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid, users, lazy = monitored["pid"], monitored["users"], monitored["apis"]["lazy"]
    assert lazy.get(f"/api/projects/{pid}/scorecards/{users['lazy']}").status_code == 200
    stranger = client_for("stranger@example.com")
    before = table_counts(database)
    r = lazy.get(f"/api/projects/{pid}/scorecards/{users['good']}")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    assert lazy.get(f"/api/projects/{pid}/scorecards/999999").status_code == 403  # no existence check
    assert lazy.get(f"/api/projects/{pid}/team").status_code == 403
    for path in ("scorecards/me", f"scorecards/{users['lazy']}", "team"):
        s = stranger.get(f"/api/projects/{pid}/{path}")
        assert s.status_code == 404 and s.json()["detail"]["code"] == "not_found"
    assert lazy.get("/api/projects/999999/scorecards/me").status_code == 404
    assert table_counts(database) == before


def test_a_reviewer_sees_only_their_own(monitored: dict[str, Any], manager: Api, client_for: Any) -> None:
    pid, users = monitored["pid"], monitored["users"]
    reviewer = client_for("rev@example.com")
    add_member(manager, pid, "rev@example.com", "reviewer")
    assert reviewer.get(f"/api/projects/{pid}/scorecards/{users['good']}").status_code == 403
    assert reviewer.get(f"/api/projects/{pid}/team").status_code == 403
    own = reviewer.get(f"/api/projects/{pid}/scorecards/me")
    assert own.status_code == 200 and own.json()["items_done"] == 0


def test_a_manager_sees_everyone_with_every_answer(
    monitored: dict[str, Any], manager: Api, database: Database, client_for: Any
) -> None:
    pid, users, ids = monitored["pid"], monitored["users"], monitored["ids"]
    # one honeypot answered just now: the manager sees it at once, the annotator from tomorrow
    backdate(database, ids[0], users["lazy"], datetime.now(UTC) - timedelta(seconds=1))
    r = manager.get(f"/api/projects/{pid}/scorecards/{users['lazy']}")
    assert r.status_code == 200, r.text
    card = r.json()
    assert card["honeypots_until"] is None and card["honeypots"]["overall"]["n"] == N_HONEYPOTS
    own = monitored["apis"]["lazy"].get(f"/api/projects/{pid}/scorecards/me").json()
    assert own["honeypots"]["overall"]["n"] == N_HONEYPOTS - 1
    # with honeypot feedback on, the annotator learns each answer anyway: no cutoff
    _set_training(manager, pid, {"honeypot_feedback": True})
    own = monitored["apis"]["lazy"].get(f"/api/projects/{pid}/scorecards/me").json()
    assert own["honeypots_until"] is None and own["honeypots"]["overall"]["n"] == N_HONEYPOTS
    # someone who is neither a member nor an author
    client_for("nobody@example.com")
    nobody = manager.get("/api/auth/me").json()["id"] + 100
    assert manager.get(f"/api/projects/{pid}/scorecards/{nobody}").status_code == 404


def test_practice_and_exam_history(monitored: dict[str, Any], database: Database) -> None:
    pid, users, ids = monitored["pid"], monitored["users"], monitored["ids"]
    uid = users["good"]
    with database.session(write=True) as db:
        for i, score in enumerate((0.5, 1.0, 1.0)):
            db.add(
                PracticeAnswer(
                    project_id=pid,
                    user_id=uid,
                    item_id=ids[6 + i % 2],
                    result={},
                    score=score,
                    scores={"sentiment": score},
                    created_at=DAY0 + timedelta(hours=i),
                )
            )
        db.add(
            ExamAttempt(
                project_id=pid,
                user_id=uid,
                item_ids=[ids[8]],
                started_at=DAY0,
                finished_at=DAY0 + timedelta(minutes=5),
                passed=False,
                score=0.4,
                report={"scores": {"sentiment": 0.4}},
            )
        )
    card = monitored["apis"]["good"].get(f"/api/projects/{pid}/scorecards/me").json()
    assert card["practice"]["answers"] == 3 and card["practice"]["items"] == 2
    assert card["practice"]["mean_score"] == pytest.approx(2.5 / 3)
    assert [p["score"] for p in card["practice"]["recent"]] == [0.5, 1.0, 1.0]
    assert [(e["passed"], e["score"], e["report"]) for e in card["exams"]] == [
        (False, 0.4, {"scores": {"sentiment": 0.4}})
    ]


def test_the_team_table_puts_who_needs_help_first(
    monitored: dict[str, Any], manager: Api, database: Database, client_for: Any
) -> None:
    pid, users = monitored["pid"], monitored["users"]
    newcomer = client_for("new@example.com")
    add_member(manager, pid, "new@example.com", "annotator")
    r = manager.get(f"/api/projects/{pid}/team")
    assert r.status_code == 200, r.text
    table = r.json()
    assert table["window"] == 10 and table["below"] == 0.6  # the project's pause settings
    rows = table["rows"]
    # lazy is under the threshold; good is fine; the newcomer has no honeypot answer yet
    assert [row["email"] for row in rows] == ["lazy@example.com", "good@example.com", "new@example.com"]
    assert rows[0]["attention"] == ["low_honeypot_accuracy"] and rows[0]["rank"] == 1
    assert rows[0]["weakest_control"] == "sentiment" and rows[0]["items_done"] == N_ITEMS
    assert rows[0]["weakest_accuracy"] == {"value": 0.5, "n": N_HONEYPOTS, "too_few": True}
    assert rows[2]["honeypot_accuracy"] == {"value": None, "n": 0, "too_few": True}
    assert newcomer.get(f"/api/projects/{pid}/team").status_code == 403
    # a failed exam, then a pause, move good up
    with database.session(write=True) as db:
        db.add(
            ExamAttempt(
                project_id=pid, user_id=users["good"], item_ids=[], finished_at=DAY0, passed=False, score=0.1
            )
        )
    rows = manager.get(f"/api/projects/{pid}/team").json()["rows"]
    assert rows[0]["email"] == "good@example.com" and rows[0]["attention"] == ["exam_failed"]
    with database.session(write=True) as db:
        db.add(Pause(project_id=pid, user_id=_id(manager, pid), reason="x"))
    rows = manager.get(f"/api/projects/{pid}/team").json()["rows"]
    assert rows[0]["email"] == "new@example.com" and rows[0]["paused"] and rows[0]["attention"] == ["paused"]
    # the window, the threshold and required certification are the project's settings
    _set_training(manager, pid, {"pause": {"window": 3, "below": 0.5}, "require_certification": True})
    table = manager.get(f"/api/projects/{pid}/team").json()
    assert table["window"] == 3 and table["below"] == 0.5
    lazy = next(row for row in table["rows"] if row["email"] == "lazy@example.com")
    assert lazy["honeypot_accuracy"]["n"] == 3
    assert lazy["attention"] == ["low_honeypot_accuracy", "not_certified"]  # sentiment: 1 of the last 3


def _id(manager: Api, pid: int) -> int:
    rows = manager.get(f"/api/projects/{pid}/members").json()
    return int(next(m["user_id"] for m in rows if m["email"] == "new@example.com"))
