"""Honeypot monitoring (services/monitoring.py) on answers made through HTTP: rolling accuracy
per control with n, accuracy over time, confusion against gold, the labels confused most, and
one query per call however many answers it covers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from goldlabel.db.engine import Database
from goldlabel.services import monitoring
from tests.api.conftest import Api
from tests.api.honeypot_helpers import DAY0, N_HONEYPOTS, label_with_honeypots, mark_gold


@pytest.fixture
def monitored(manager: Api, project: dict[str, Any], client_for: Any, database: Database) -> dict[str, Any]:
    return label_with_honeypots(manager, project, client_for, database)


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


def _by_control(acc: Any) -> dict[str, tuple[float | None, int]]:
    return {c.control: (c.accuracy.value, c.accuracy.n) for c in acc.controls}


def test_rolling_accuracy_per_control_with_n(database: Database, monitored: dict[str, Any]) -> None:
    pid, users, controls = monitored["pid"], monitored["users"], monitored["controls"]
    with database.session() as db, count_queries(database) as queries:
        everyone = monitoring.rolling_accuracy(db, pid, controls, window=20)
    assert len([q for q in queries if "SELECT" in q.upper()]) == 1
    good, lazy = everyone[users["good"]], everyone[users["lazy"]]
    assert good.overall.value == 1.0 and good.overall.n == N_HONEYPOTS and good.overall.too_few
    assert _by_control(good) == {
        "sentiment": (1.0, 6),
        "stars": (1.0, 6),
        "entities": (None, 0),  # gold leaves it empty: not scored
        "note": (None, 0),
    }
    assert _by_control(lazy)["sentiment"] == (0.5, 6)
    assert _by_control(lazy)["stars"] == (pytest.approx(0.75), 6)  # 1 - |3 - 4| / (5 - 1)
    # overall: the mean of each answer's mean score, (1 + 0.75) / 2 and (0 + 0.75) / 2 in turn
    assert lazy.overall.value == pytest.approx(0.625)


def test_the_window_keeps_the_last_answers(database: Database, monitored: dict[str, Any]) -> None:
    pid, users, controls = monitored["pid"], monitored["users"], monitored["controls"]
    with database.session() as db:
        last = monitoring.rolling_accuracy(db, pid, controls, window=3, user_ids=[users["lazy"]])
        nobody = monitoring.rolling_accuracy(db, pid, controls, window=3, user_ids=[999])
    # the last three honeypots are items 3, 4, 5: negative, positive, negative
    assert _by_control(last[users["lazy"]])["sentiment"] == (pytest.approx(1 / 3), 3)
    assert nobody[999].overall.n == 0 and nobody[999].overall.value is None
    with pytest.raises(ValueError, match="window"), database.session() as db:
        monitoring.rolling_accuracy(db, pid, controls, window=0)


def test_accuracy_over_time_per_day_and_per_answer(database: Database, monitored: dict[str, Any]) -> None:
    pid, users, controls = monitored["pid"], monitored["users"], monitored["controls"]
    with database.session() as db, count_queries(database) as queries:
        days = monitoring.accuracy_series(db, pid, controls, users["lazy"], by="day")
    assert len(queries) == 1
    assert [(p.day, p.n) for p in days] == [(DAY0.date() + timedelta(days=d), 2) for d in range(3)]
    # each day: one positive (right) and one negative (wrong) sentiment, stars 0.75 both
    assert all(p.accuracy == pytest.approx((1 + 0.75) / 2 / 2 + (0 + 0.75) / 2 / 2) for p in days)
    assert all(p.controls == {"sentiment": 0.5, "stars": 0.75} for p in days)
    with database.session() as db:
        answers = monitoring.accuracy_series(db, pid, controls, users["lazy"], by="answer", window=2)
        before = monitoring.accuracy_series(db, pid, controls, users["lazy"], before=DAY0 + timedelta(days=1))
    assert [p.index for p in answers] == [1, 2, 3, 4, 5, 6]
    assert [p.accuracy for p in answers[:2]] == [pytest.approx(0.875), pytest.approx(0.375)]
    assert answers[1].rolling == pytest.approx(0.625)
    assert [p.day for p in before] == [DAY0.date()]


def test_confusion_against_gold_and_labels_confused_most(
    database: Database, monitored: dict[str, Any]
) -> None:
    pid, users, controls = monitored["pid"], monitored["users"], monitored["controls"]
    with database.session() as db, count_queries(database) as queries:
        matrices = monitoring.confusions(db, pid, controls, users["lazy"])
    assert len(queries) == 1
    by_control = {m.control: m for m in matrices}
    assert set(by_control) == {"sentiment", "stars"}  # categorical controls only
    sentiment = by_control["sentiment"]
    assert sentiment.labels == ["positive", "negative", "neutral"]
    assert sentiment.matrix == [[3, 0, 0], [3, 0, 0], [0, 0, 0]]
    assert sentiment.n == 6 and sentiment.accuracy == 0.5
    stars = by_control["stars"]
    assert stars.labels == ["1", "2", "3", "4", "5"] and stars.matrix[3][2] == 6 and stars.accuracy == 0.0
    with database.session() as db:
        confused = monitoring.most_confused_labels(db, pid, controls, users["lazy"])
        none = monitoring.most_confused_labels(db, pid, controls, users["good"])
    assert [(c.control, c.reference, c.answer, c.count) for c in confused] == [
        ("stars", "4", "3", 6),
        ("sentiment", "negative", "positive", 3),
    ]
    assert confused[1].rate == 1.0
    assert none == []


def test_production_items_and_drafts_do_not_count(
    database: Database, monitored: dict[str, Any], manager: Api
) -> None:
    pid, users, controls = monitored["pid"], monitored["users"], monitored["controls"]
    # a practice gold item answered in production is not a honeypot answer
    mark_gold(manager, monitored["ids"][N_HONEYPOTS], {"sentiment": "neutral"}, gold_set="practice")
    with database.session() as db:
        acc = monitoring.rolling_accuracy(db, pid, controls, window=50, user_ids=[users["good"]])
    assert acc[users["good"]].overall.n == N_HONEYPOTS
