"""Item import (atomic, batched) and item listing per role."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema, validate_item_data
from goldlabel.core.errors import InvalidInput
from goldlabel.core.limits import IMPORT_BATCH_ROWS, MAX_FIELD_CHARS, MAX_IMPORT_ROWS, PAGE_SIZE_MAX
from goldlabel.db.models import Assignment, Item, utcnow
from goldlabel.formats.rows import FormatError
from goldlabel.services.access import Actor, project_access
from goldlabel.services.views import AnnotatorItemView, ImportResult, ItemPage, ItemView


def row_error(row: int | None, message: str) -> InvalidInput:
    return InvalidInput({"row": row, "message": message})


def import_items(
    db: Session, actor: Actor, project_id: int, rows: Iterable[tuple[int, dict[str, Any]]]
) -> ImportResult:
    """Insert every row or none: the first bad row aborts the whole transaction."""
    project = project_access(db, actor, project_id, minimum="manager").project
    schema = load_schema(project.schema)
    sequential = project.order == "sequential"
    next_rank = (db.scalar(select(func.max(Item.rank)).where(Item.project_id == project_id)) or 0) + 1
    now = utcnow()
    batch: list[dict[str, Any]] = []
    created = 0
    try:
        for row, item in rows:
            problem = validate_item_data(schema, item["data"]) or _oversized(item["data"])
            if problem:
                raise row_error(row, problem)
            if created >= MAX_IMPORT_ROWS:
                raise row_error(row, f"an import holds at most {MAX_IMPORT_ROWS} items")
            batch.append(
                {
                    "project_id": project_id,
                    "data": item["data"],
                    "meta": item["meta"],
                    "rank": next_rank + created if sequential else random.getrandbits(62),
                    "claimed": 0,
                    "open": True,
                    "submitted_count": 0,
                    "created_at": now,
                }
            )
            created += 1
            if len(batch) >= IMPORT_BATCH_ROWS:
                db.execute(insert(Item), batch)
                batch.clear()
    except FormatError as exc:
        raise row_error(exc.row, exc.message) from None
    if batch:
        db.execute(insert(Item), batch)
    if created == 0:
        raise row_error(None, "the file has no items")
    project.item_count += created
    return ImportResult(created=created)


def _oversized(data: dict[str, Any]) -> str | None:
    for name, value in data.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return f"field {name!r} has {len(value)} characters; at most {MAX_FIELD_CHARS}"
    return None


def list_items(db: Session, actor: Actor, project_id: int, *, page: int, page_size: int) -> ItemPage:
    if page < 1 or not 1 <= page_size <= PAGE_SIZE_MAX:
        raise InvalidInput(f"page must be >= 1 and page_size between 1 and {PAGE_SIZE_MAX}")
    access = project_access(db, actor, project_id)
    offset = (page - 1) * page_size
    if access.sees_everything:
        items = db.scalars(
            select(Item)
            .where(Item.project_id == project_id)
            .order_by(Item.id)
            .offset(offset)
            .limit(page_size)
        )
        return ItemPage(
            items=[
                ItemView(
                    id=i.id,
                    data=i.data,
                    meta=i.meta,
                    annotation_count=i.submitted_count,
                    created_at=i.created_at,
                )
                for i in items
            ],
            total=access.project.item_count,
        )
    served = select(Assignment.item_id).where(
        Assignment.project_id == project_id, Assignment.user_id == actor.id
    )
    total = db.scalar(select(func.count()).select_from(served.subquery())) or 0
    rows = db.execute(
        select(Item.id, Item.data)
        .where(Item.id.in_(served))
        .order_by(Item.id)
        .offset(offset)
        .limit(page_size)
    )
    return ItemPage(items=[AnnotatorItemView(id=r.id, data=r.data) for r in rows], total=total)
