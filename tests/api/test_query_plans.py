"""The labeling hot path's queries use their indexes: no full scan of items or assignments per call.

The plans are those of the very statements the services run, with the parameters they ran with:
each statement is caught on its way to the driver during real requests, recognised by its
compiled SQL (imported from services/queue.py), and explained as it was sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event

from goldlabel.db.engine import Database
from goldlabel.services import queue
from tests.api.conftest import Api, add_member, import_texts

Sent = list[tuple[str, Any]]


@pytest.fixture
def sqlite_only(database: Database) -> Database:
    if not database.is_sqlite:
        pytest.skip(
            "query plans checked on SQLite (the embedded default; PostgreSQL's depend on its statistics)"
        )
    return database


@pytest.fixture
def sent(sqlite_only: Database) -> Iterator[Callable[[Callable[[], Any]], Sent]]:
    """``sent(action)``: the (SQL, parameters) pairs the action sent to the driver."""

    def record(action: Callable[[], Any]) -> Sent:
        seen: Sent = []

        def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            seen.append((statement, parameters))

        event.listen(sqlite_only.engine, "before_cursor_execute", capture)
        try:
            action()
        finally:
            event.remove(sqlite_only.engine, "before_cursor_execute", capture)
        return seen

    yield record


def plan_of(database: Database, statement: Any, seen: Sent) -> str:
    """The plan of ``statement`` as the service sent it (its SQL and its parameters)."""
    sql = str(statement.compile(dialect=database.engine.dialect))
    runs = [params for text, params in seen if text == sql]
    assert runs, f"the request did not run this statement:\n{sql}"
    with database.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", runs[0]).all()
    return "\n".join(r[-1] for r in rows)


@pytest.fixture
def queue_of_three(manager: Api, project: dict[str, Any], client_for: Callable[..., Api]) -> tuple[Api, int]:
    pid = project["id"]
    import_texts(manager, pid, ["one", "two", "three"])
    annotator = client_for("annotator@example.com")
    add_member(manager, pid, annotator.email, "annotator")
    return annotator, pid


def test_next_reads_its_candidate_and_sweeps_locks_through_indexes(
    sqlite_only: Database, sent: Callable[[Callable[[], Any]], Sent], queue_of_three: tuple[Api, int]
) -> None:
    annotator, pid = queue_of_three
    seen = sent(lambda: annotator.get(f"/api/projects/{pid}/next"))
    candidate = plan_of(sqlite_only, queue.CANDIDATE, seen)
    assert "USING INDEX ix_items_queue" in candidate or "USING COVERING INDEX ix_items_queue" in candidate
    assert "USE TEMP B-TREE FOR ORDER BY" not in candidate  # ordered by the index itself
    assert "SEARCH assignments USING" in candidate and "(item_id=? AND user_id=?)" in candidate
    assert "SCAN items" not in candidate.replace("SCAN items USING", "")
    sweep = plan_of(sqlite_only, queue.EXPIRE, seen)
    assert "ix_assignments_expiry" in sweep
    assert "SCAN assignments" not in sweep.replace("SCAN assignments USING", "")


def test_the_save_path_reads_and_writes_by_key(
    sqlite_only: Database, sent: Callable[[Callable[[], Any]], Sent], queue_of_three: tuple[Api, int]
) -> None:
    """Every statement of next, a draft (POST) and its submission (PATCH) is a keyed search:
    no full scan of any table, whatever the project's size."""
    annotator, pid = queue_of_three
    item = annotator.get(f"/api/projects/{pid}/next").json()

    def label() -> None:
        draft = annotator.post(
            f"/api/items/{item['id']}/annotations", json={"result": {"note": "x"}, "status": "draft"}
        ).json()
        body = {"result": {"sentiment": "positive"}, "status": "submitted", "version": draft["version"]}
        assert annotator.patch(f"/api/annotations/{draft['id']}", json=body).status_code == 200
        assert annotator.get(f"/api/projects/{pid}/next").status_code == 200

    seen = sent(label)
    statements = {
        text for text, _ in seen if text.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT"))
    }
    assert len(statements) >= 10  # access, context reads, slot, annotation, count, next's own
    scans = {}
    for text in statements:
        params = next(p for t, p in seen if t == text)
        with sqlite_only.engine.connect() as conn:
            plan = [r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {text}", params)]
        full = [step for step in plan if step.startswith("SCAN") and " USING " not in step]
        if full:
            scans[text] = plan
    assert not scans
