"""The labeling queue: which item a user labels next, locks with a time-to-live, skips.

Invariant: ``items.claimed`` counts live locks plus submissions, and every claim is one
conditional UPDATE (``claimed < overlap``), so no interleaving of callers can give an item to
more annotators than the overlap allows. Finding a candidate is an indexed range read on
(project_id, open, rank); expired locks are swept through their own index.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, InvalidInput
from goldlabel.core.limits import SKIP_REASON_MAX
from goldlabel.db.models import Annotation, Assignment, Item, Project, utcnow
from goldlabel.services.access import Actor, item_access, project_access
from goldlabel.services.annotations import annotation_view
from goldlabel.services.slots import claim, release
from goldlabel.services.views import AnnotatorItemView

CANDIDATE_ATTEMPTS = 8


def expire_locks(db: Session, project: Project, now: datetime) -> None:
    """Turn overdue locks into ``expired`` and free their slots (race-safe: one UPDATE ... RETURNING)."""
    freed = (
        db.execute(
            update(Assignment)
            .where(
                Assignment.project_id == project.id,
                Assignment.status == "locked",
                Assignment.expires_at < now,
            )
            .values(status="expired")
            .returning(Assignment.item_id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
    if freed:
        release(db, list(freed), project.overlap)


def candidate_query(project_id: int, user_id: int) -> Select[tuple[int]]:
    """The first open item in queue order that this user has never held (index range read)."""
    mine = exists().where(Assignment.item_id == Item.id, Assignment.user_id == user_id)
    return (
        select(Item.id)
        .where(Item.project_id == project_id, Item.open.is_(True), ~mine)
        .order_by(Item.rank)
        .limit(1)
    )


def next_item(db: Session, actor: Actor, project_id: int, *, lock_ttl: timedelta) -> AnnotatorItemView | None:
    project = project_access(db, actor, project_id).project
    now = utcnow()
    expire_locks(db, project, now)
    held = db.execute(
        select(Assignment.id, Assignment.item_id)
        .where(
            Assignment.user_id == actor.id, Assignment.project_id == project_id, Assignment.status == "locked"
        )
        .limit(1)
    ).first()
    if held is not None:
        db.execute(update(Assignment).where(Assignment.id == held.id).values(expires_at=now + lock_ttl))
        return _served(db, actor, held.item_id)
    candidates = candidate_query(project_id, actor.id)
    if db.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    for _ in range(CANDIDATE_ATTEMPTS):
        item_id = db.scalar(candidates)
        if item_id is None:
            return None
        if claim(db, item_id, project.overlap):
            try:
                with db.begin_nested():
                    db.add(
                        Assignment(
                            project_id=project_id,
                            item_id=item_id,
                            user_id=actor.id,
                            status="locked",
                            expires_at=now + lock_ttl,
                        )
                    )
            except IntegrityError:
                raise Conflict("another request of yours took an item at the same moment; retry") from None
            return _served(db, actor, item_id)
    raise Conflict("the queue is busy; retry")


def _served(db: Session, actor: Actor, item_id: int) -> AnnotatorItemView:
    item = db.get(Item, item_id)
    assert item is not None
    draft = db.scalar(
        select(Annotation).where(Annotation.item_id == item_id, Annotation.author_id == actor.id)
    )
    return AnnotatorItemView(
        id=item.id, data=item.data, draft=annotation_view(draft, actor.email) if draft else None
    )


def skip_item(db: Session, actor: Actor, item_id: int, *, reason: str) -> None:
    """Give the item back (its slot goes to someone else) and never serve it to this user again."""
    if len(reason) > SKIP_REASON_MAX:
        raise InvalidInput(f"a skip reason has at most {SKIP_REASON_MAX} characters")
    item, access = item_access(db, actor, item_id)
    assignment = db.scalar(
        select(Assignment).where(Assignment.item_id == item_id, Assignment.user_id == actor.id)
    )
    if assignment is None or assignment.status not in ("locked", "expired"):
        raise Conflict("you can only skip an item you hold and have not submitted")
    if assignment.status == "locked":
        release(db, [item.id], access.project.overlap)
    assignment.status = "skipped"
    assignment.skip_reason = reason or "skipped"
    assignment.expires_at = None
