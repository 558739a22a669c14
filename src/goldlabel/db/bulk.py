"""Bulk insert of imported items through the driver's own executemany, for SQLite and PostgreSQL.

SQLAlchemy processes every row's parameters in Python (type processors, one JSON encoding per
value); over an import of many rows that costs several times what the database takes to store
them (docs/BENCHMARKS.md). So a batch goes straight to the driver: data and meta arrive as JSON
text, the timestamp is encoded by the column type's own bind processor (SQLite keeps naive UTC
text, PostgreSQL takes the aware value), and a row without a rank gets a random one drawn by the
database, the same expression ``dialect.random_rank`` uses. Ids are random (``ids.py``), drawn
for the batch and checked against the stored ones first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from goldlabel.db.dialect import RANDOM_RANK_SQL, dialect_name
from goldlabel.db.ids import draw_item_ids
from goldlabel.db.models import Item

# (external_id, data as JSON text, meta as JSON text, rank; None: a random rank)
ItemRow = tuple[str | None, str, str, int | None]

_INTO = (
    "INSERT INTO items"
    ' (id, project_id, external_id, data, meta, "rank", claimed, "open", submitted_count, created_at)'
)
_SKIP_KNOWN_IDS = "ON CONFLICT (project_id, external_id) DO NOTHING"
INSERT_ITEMS_SQL = {
    "sqlite": (
        f"{_INTO} VALUES (?, ?, ?, ?, ?, coalesce(?, {RANDOM_RANK_SQL['sqlite']}), 0, 1, 0, ?) "
        f"{_SKIP_KNOWN_IDS}"
    ),
    "postgresql": (
        f"{_INTO} VALUES (%s, %s, %s, %s::json, %s::json, "
        f"coalesce(%s::bigint, {RANDOM_RANK_SQL['postgresql']}), 0, true, 0, %s) {_SKIP_KNOWN_IDS}"
    ),
}


def insert_items(
    db: Session | Connection,
    project_id: int,
    rows: Sequence[ItemRow],
    created_at: datetime,
    *,
    drawn: list[int] | None = None,
) -> int:
    """Insert a batch of new, open, unclaimed items inside the caller's transaction and return how
    many went in: a row whose external id the project already holds is left out (NULL ids never
    collide). The caller validates the rows and keeps ``projects.item_count``. ``drawn``, when
    given, receives the ids drawn for the rows, in order (an import attaches labels by them)."""
    if not rows:
        return 0
    conn = db.connection() if isinstance(db, Session) else db
    stamp = _stored_timestamp(conn, created_at)
    driver = conn.connection.driver_connection
    assert driver is not None  # a live connection inside a transaction
    cursor = driver.cursor()
    try:
        ids = draw_item_ids(conn, len(rows))
        if drawn is not None:
            drawn.extend(ids)
        params = [(item_id, project_id, *row, stamp) for item_id, row in zip(ids, rows, strict=True)]
        cursor.executemany(INSERT_ITEMS_SQL[dialect_name(conn)], params)
        return int(cursor.rowcount)
    finally:
        cursor.close()


def _stored_timestamp(conn: Connection, value: datetime) -> Any:
    """``value`` as ``items.created_at`` stores it on this database (what SQLAlchemy would send)."""
    column_type = Item.__table__.c.created_at.type
    process = column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return process(value) if process else value
