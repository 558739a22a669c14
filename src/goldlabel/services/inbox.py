"""The in-app inbox: a user's notifications (answered questions, later review feedback),
unread first, and marking one read. Only the user's own, whatever the project."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from goldlabel.core.errors import NotFound
from goldlabel.db.models import Notification
from goldlabel.db.models.base import utcnow
from goldlabel.services.access import Actor
from goldlabel.services.feedback_views import Inbox, NotificationView

INBOX_LIMIT = 200  # entries listed (every unread one first)


def inbox(db: Session, actor: Actor) -> Inbox:
    unread = db.scalar(
        select(func.count()).where(Notification.user_id == actor.id, Notification.read_at.is_(None))
    )
    rows = db.scalars(
        select(Notification)
        .where(Notification.user_id == actor.id)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(), Notification.id.desc())
        .limit(INBOX_LIMIT)
    )
    return Inbox(
        unread=unread or 0,
        notifications=[
            NotificationView(
                id=n.id,
                project_id=n.project_id,
                kind=n.kind,
                payload=n.payload,
                created_at=n.created_at,
                read_at=n.read_at,
            )
            for n in rows
        ],
    )


def mark_read(db: Session, actor: Actor, notification_id: int) -> None:
    """Mark one of the actor's notifications read (again: no change); anyone else's is 404."""
    done = db.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == actor.id)
        .values(read_at=func.coalesce(Notification.read_at, utcnow()))
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise NotFound("notification not found")
