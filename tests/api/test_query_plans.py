"""The queue's hot queries use their indexes: no full scan of items or assignments per call."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text, update
from sqlalchemy.dialects import sqlite

from goldlabel.db.engine import Database
from goldlabel.db.models import Assignment
from goldlabel.services.queue import candidate_query


def plan(database: Database, statement: str, params: dict[str, object]) -> str:
    with database.session() as db:
        rows = db.execute(text(f"EXPLAIN QUERY PLAN {statement}"), params).all()
    return "\n".join(r[-1] for r in rows)


def compiled(stmt: object) -> str:
    return str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))  # type: ignore[attr-defined]


def test_next_candidate_is_an_index_range_read(database: Database) -> None:
    if not database.is_sqlite:
        pytest.skip("query plan checked on SQLite (the embedded default)")
    detail = plan(database, compiled(candidate_query(1, 1)), {})
    assert "USING INDEX ix_items_queue" in detail or "USING COVERING INDEX ix_items_queue" in detail
    assert "USE TEMP B-TREE FOR ORDER BY" not in detail  # ordered by the index itself
    assert "SEARCH assignments USING INDEX" in detail and "(item_id=? AND user_id=?)" in detail
    assert "SCAN items" not in detail.replace("SCAN items USING", "")


def test_lock_expiry_sweep_uses_its_index(database: Database) -> None:
    if not database.is_sqlite:
        pytest.skip("query plan checked on SQLite (the embedded default)")
    stmt = (
        update(Assignment)
        .where(
            Assignment.project_id == 1,
            Assignment.status == "locked",
            Assignment.expires_at < datetime.now(UTC),
        )
        .values(status="expired")
    )
    detail = plan(database, compiled(stmt), {})
    assert "ix_assignments_expiry" in detail
