"""Item import: every row or none, validated as it streams, inserted in batches."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from orjson import dumps
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema, validate_item_data
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.core.limits import IMPORT_BATCH_ROWS, MAX_FIELD_CHARS, MAX_IMPORT_ROWS
from goldlabel.db.models import Item, utcnow
from goldlabel.formats.rows import FormatError
from goldlabel.services.access import Actor, project_access
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.views import ImportResult


def row_error(row: int | None, message: str) -> InvalidInput:
    return InvalidInput(message, code=ErrorCode.INVALID_IMPORT, row=row)


def import_items(
    db: Session, actor: Actor, project_id: int, rows: Iterable[tuple[int, dict[str, Any]]]
) -> ImportResult:
    """Insert every row or none: the first bad row aborts the whole transaction."""
    project = project_access(db, actor, project_id, minimum="manager").project
    refuse_if_archived(project.archived_at, "importing items")
    schema = load_schema(project.schema)
    sequential = project.order == "sequential"
    next_rank = (db.scalar(select(func.max(Item.rank)).where(Item.project_id == project_id)) or 0) + 1
    now = utcnow()
    stamp = now.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") if _is_sqlite(db) else now
    batch: list[tuple[Any, ...]] = []
    created = 0
    try:
        for row, item in rows:
            problem = validate_item_data(schema, item["data"]) or _oversized(item["data"])
            if problem:
                raise row_error(row, problem)
            if created >= MAX_IMPORT_ROWS:
                raise row_error(row, f"an import holds at most {MAX_IMPORT_ROWS} items")
            batch.append(
                (
                    project_id,
                    dumps(item["data"]).decode(),
                    dumps(item["meta"]).decode(),
                    next_rank + created if sequential else random.getrandbits(62),
                    stamp,
                )
            )
            created += 1
            if len(batch) >= IMPORT_BATCH_ROWS:
                _insert(db, batch)
                batch.clear()
    except FormatError as exc:
        raise row_error(exc.row, exc.message) from None
    if batch:
        _insert(db, batch)
    if created == 0:
        raise row_error(None, "the file has no items")
    project.item_count += created
    return ImportResult(created=created)


_COLUMNS = 'items (project_id, data, meta, "rank", claimed, "open", submitted_count, created_at)'
_INSERT_SQL = {
    "sqlite": f"INSERT INTO {_COLUMNS} VALUES (?, ?, ?, ?, 0, 1, 0, ?)",
    "postgresql": f"INSERT INTO {_COLUMNS} VALUES (%s, %s::json, %s::json, %s, 0, true, 0, %s)",
}


def _is_sqlite(db: Session) -> bool:
    return db.get_bind().dialect.name == "sqlite"


def _insert(db: Session, rows: list[tuple[Any, ...]]) -> None:
    """Insert a batch with the driver's executemany, inside the session's transaction.

    Measured on 100k rows: SQLAlchemy's per-row parameter processing took 5.9 s of an 8 s
    import; the driver's own executemany takes 0.7 s. Rows arrive already serialised.
    """
    conn = db.connection()
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(_INSERT_SQL[conn.dialect.name], rows)
    finally:
        cursor.close()


def _oversized(data: dict[str, Any]) -> str | None:
    for name, value in data.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return f"field {name!r} has {len(value)} characters; at most {MAX_FIELD_CHARS}"
    return None
