"""Overlap slot accounting on items: the only code that changes ``claimed`` and ``open``.

The statements are built once at import (bound parameters filled per call): on the labeling
hot path, building a SQLAlchemy statement costs more than running it.
"""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from goldlabel.db.models import Item

# Gold items (``gold_set`` set) hold no production slots: a claim on one takes nothing, and a
# release (an expired or skipped lock taken before the item became gold) never reopens one.
_CLAIM = (
    update(Item)
    .where(Item.id == bindparam("item_id"), Item.claimed < bindparam("overlap"), Item.gold_set.is_(None))
    .values(claimed=Item.claimed + 1, open=Item.claimed + 1 < bindparam("overlap"))
)
_RELEASE = (
    update(Item)
    .where(Item.id == bindparam("item_id"), Item.claimed > 0)
    .values(
        claimed=Item.claimed - 1, open=(Item.claimed - 1 < bindparam("overlap")) & Item.gold_set.is_(None)
    )
)
# Whether an item is open, from its slots: what taking it out of the gold sets restores.
OPEN_FROM_SLOTS = (
    update(Item)
    .where(Item.id == bindparam("item_id"))
    .values(open=(Item.claimed < bindparam("overlap")) & Item.gold_set.is_(None))
)


def claim(db: Session, item_id: int, overlap: int) -> bool:
    """Take one of the item's overlap slots if one is free; False when it is full or gold."""
    result = db.connection().execute(_CLAIM, {"item_id": item_id, "overlap": overlap})
    return result.rowcount == 1


def release(db: Session, item_ids: list[int], overlap: int) -> None:
    conn = db.connection()
    for item_id in item_ids:
        conn.execute(_RELEASE, {"item_id": item_id, "overlap": overlap})


def reopen(db: Session, item_id: int, overlap: int) -> None:
    """Set ``open`` from the item's slots (closed while it is gold)."""
    db.connection().execute(OPEN_FROM_SLOTS, {"item_id": item_id, "overlap": overlap})
