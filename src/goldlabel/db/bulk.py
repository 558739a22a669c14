"""Bulk item inserts for imports: the driver's own executemany, inside the caller's transaction.

SQLAlchemy processes every row's parameters in Python (type processors, one JSON encoding per
value); over an import of many rows that costs several times what the database takes to store
them. So a batch goes straight to the driver, encoded here the way the columns store it: JSON
text through orjson (the engine's own serializer), timestamps through the column type's bind
processor (SQLite keeps them as text). The per-dialect SQL lives here, with the other
dialect-specific pieces of the db package.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from goldlabel.db.dialect import RANDOM_RANK_SQL
from goldlabel.db.models import Item


class NewItem(NamedTuple):
    data: dict[str, Any]
    meta: dict[str, Any]
    rank: int | None  # None: a random rank drawn by the database (random-order projects)
    external_id: str | None = None


_INTO = (
    "INSERT INTO items"
    ' (project_id, external_id, data, meta, "rank", claimed, "open", submitted_count, created_at)'
)
INSERT_ITEMS_SQL = {
    "sqlite": f"{_INTO} VALUES (?, ?, ?, ?, coalesce(?, {RANDOM_RANK_SQL['sqlite']}), 0, 1, 0, ?)",
    "postgresql": (
        f"{_INTO} VALUES (%s, %s, %s::json, %s::json, "
        f"coalesce(%s::bigint, {RANDOM_RANK_SQL['postgresql']}), 0, true, 0, %s)"
    ),
}


def insert_items(
    db: Session | Connection, project_id: int, items: Iterable[NewItem], *, created_at: datetime
) -> int:
    """Insert one batch of new, open, unclaimed items into a project; returns how many.

    Runs in the transaction of ``db`` (all or nothing with the rest of the import). The caller
    validates the rows and keeps ``projects.item_count``.
    """
    conn = db.connection() if isinstance(db, Session) else db
    stamp = _stored_timestamp(conn, created_at)
    rows = [(project_id, i.external_id, _json(i.data), _json(i.meta), i.rank, stamp) for i in items]
    if not rows:
        return 0
    driver = conn.connection.driver_connection
    assert driver is not None  # a live connection inside a transaction
    cursor = driver.cursor()
    try:
        cursor.executemany(INSERT_ITEMS_SQL[conn.dialect.name], rows)
    finally:
        cursor.close()
    return len(rows)


def _json(value: dict[str, Any]) -> str:
    return orjson.dumps(value).decode()


def _stored_timestamp(conn: Connection, value: datetime) -> Any:
    """``value`` as ``items.created_at`` stores it on this database (what SQLAlchemy would send)."""
    column_type = Item.__table__.c.created_at.type
    process = column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return process(value) if process else value
