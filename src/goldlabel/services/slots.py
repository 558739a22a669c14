"""Overlap slot accounting on items: the only code that changes ``claimed`` and ``open``."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from goldlabel.db.models import Item


def claim(db: Session, item_id: int, overlap: int) -> bool:
    """Take one of the item's overlap slots if one is free; False when it is full."""
    result = db.execute(
        update(Item)
        .where(Item.id == item_id, Item.claimed < overlap)
        .values(claimed=Item.claimed + 1, open=Item.claimed + 1 < overlap)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release(db: Session, item_ids: list[int], overlap: int) -> None:
    for item_id in item_ids:
        db.execute(
            update(Item)
            .where(Item.id == item_id, Item.claimed > 0)
            .values(claimed=Item.claimed - 1, open=Item.claimed - 1 < overlap)
            .execution_options(synchronize_session=False)
        )
