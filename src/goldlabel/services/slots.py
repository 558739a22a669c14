"""Overlap slot accounting on items: the only code that changes ``claimed`` and ``open``.

The statements are built once at import (bound parameters filled per call): on the labeling
hot path, building a SQLAlchemy statement costs more than running it.
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from goldlabel.db.models import HOLDS_SLOT, Assignment, Item

# An item's own target (adaptive overlap asked it for more answers) or else the project's.
_TARGET = func.coalesce(Item.overlap, bindparam("project_overlap"))

# Gold items (``gold_set`` set) hold no production slots: a claim on one takes nothing and a
# release gives nothing back (a honeypot's locks never held a slot); ``reopen`` counts the
# slots again when an item leaves the gold sets.
_CLAIM = (
    update(Item)
    .where(Item.id == bindparam("item_id"), Item.claimed < _TARGET, Item.gold_set.is_(None))
    .values(claimed=Item.claimed + 1, open=Item.claimed + 1 < _TARGET)
)
_RELEASE = (
    update(Item)
    .where(Item.id == bindparam("item_id"), Item.claimed > 0, Item.gold_set.is_(None))
    .values(
        claimed=Item.claimed - 1,
        open=(Item.claimed - 1 < _TARGET) & Item.gold_set.is_(None),
    )
)
# An item's slots counted again from its assignments (locks and submissions hold one): what
# taking it out of the gold sets restores. Answers given to it as a honeypot count then.
_HOLDS = (
    select(func.count())
    .select_from(Assignment)
    .where(
        Assignment.item_id == bindparam("item_id"),
        or_(*(Assignment.status == status for status in HOLDS_SLOT)),
    )
    .scalar_subquery()
)
_RECOUNT = update(Item).where(Item.id == bindparam("item_id")).values(claimed=_HOLDS)
_OPEN_FROM_SLOTS = (
    update(Item)
    .where(Item.id == bindparam("item_id"))
    .values(open=(Item.claimed < _TARGET) & Item.gold_set.is_(None))
)


def claim(db: Session, item_id: int, overlap: int) -> bool:
    """Take one of the item's overlap slots if one is free; False when it is full or gold."""
    result = db.connection().execute(_CLAIM, {"item_id": item_id, "project_overlap": overlap})
    return result.rowcount == 1


def release(db: Session, item_ids: list[int], overlap: int) -> None:
    conn = db.connection()
    for item_id in item_ids:
        conn.execute(_RELEASE, {"item_id": item_id, "project_overlap": overlap})


def reopen(db: Session, item_id: int, overlap: int) -> None:
    """Count the item's slots from its assignments and set ``open`` from them (closed while it
    is gold). The caller holds the item row."""
    conn = db.connection()
    conn.execute(_RECOUNT, {"item_id": item_id})
    conn.execute(_OPEN_FROM_SLOTS, {"item_id": item_id, "project_overlap": overlap})
