"""Per-item priority, folded into the queue rank so the queue's one indexed range read on
(project_id, open, rank) serves higher priorities first without another sort key.

A rank is a random draw in [0, 2**62) (random order) or an import counter (sequential): its
low ``RANK_BITS`` bits keep the order within one priority; the priority picks the band above
them. Priority 0 leaves the rank as it is (every existing plan and order unchanged); a positive
priority p puts the item below 0 at ``-p * 2**RANK_BITS`` (higher first), a negative one above
2**62. ``services.projects`` re-folds when the queue order is redrawn.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, case, literal, select, update
from sqlalchemy.orm import Session

from goldlabel.core.errors import InvalidInput
from goldlabel.db.models import Item
from goldlabel.services.access import Actor, project_access
from goldlabel.services.project_lifecycle import refuse_if_archived

RANK_BITS = 52
MAX_PRIORITY = 1000  # 2**63 / 2**52 = 2048 bands below zero, 1024 above 2**62
_LOW = (1 << RANK_BITS) - 1
_STEP = 1 << RANK_BITS
_ABOVE_RANDOM = 1 << 10  # 2**62 / 2**52


def folded_rank(base: Any, priority: Any) -> ColumnElement[int]:
    """The queue rank of an item of ``priority`` whose priority-0 rank is ``base`` (SQL)."""
    low = base.op("&")(literal(_LOW, BigInteger))
    return case(
        (priority == 0, base),
        (priority > 0, low - priority * literal(_STEP, BigInteger)),
        else_=low + (literal(_ABOVE_RANDOM, BigInteger) - priority) * literal(_STEP, BigInteger),
    )


def set_priority(db: Session, actor: Actor, project_id: int, item_ids: list[int], priority: int) -> int:
    """Managers: give the project's items ``priority`` (higher is served sooner); the number of
    items changed. Ids of other projects' items change nothing (and are not told apart)."""
    if not -MAX_PRIORITY <= priority <= MAX_PRIORITY:
        raise InvalidInput(f"priority must be between -{MAX_PRIORITY} and {MAX_PRIORITY}")
    project = project_access(db, actor, project_id, minimum="manager").project
    refuse_if_archived(project.archived_at, "changing priorities")
    ids = list(db.scalars(select(Item.id).where(Item.project_id == project_id, Item.id.in_(item_ids))))
    if not ids:
        return 0
    # The priority-0 rank is recovered from the folded one: its low bits (random order) or the
    # import counter (sequential) are kept in every band.
    unfolded = case((Item.priority == 0, Item.rank), else_=Item.rank.op("&")(literal(_LOW, BigInteger)))
    db.execute(
        update(Item)
        .where(Item.id.in_(ids))
        .values(rank=folded_rank(unfolded, literal(priority)), priority=priority)
    )
    return len(ids)
