"""The author's side of review: their own past annotations with review state and feedback, and
opening a rejection's feedback.

A rejection is feedback the author must open: until they do (``reviews.opened_at``), the queue's
``next`` refuses with 403 ``open_review_feedback`` (``services.gates``), and ``my/annotations``
lists unopened rejections first with their count. Opening it also marks its inbox entry read.
Correcting the annotation (a PATCH of the submitted annotation, the one save path) sends it back
to tier-1 review. The author sees the verdict, the comment and the guideline section — never the
reviewer's fixed answer nor who reviewed.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, and_, case, exists, func, select, update
from sqlalchemy.orm import Session

from goldlabel.core.errors import NotFound
from goldlabel.db.models import Annotation, Item, Notification, Review, utcnow
from goldlabel.services.access import Actor, project_access
from goldlabel.services.review import REJECTED_KIND
from goldlabel.services.review_views import AuthorFeedback, MyAnnotation, MyAnnotationsPage

MAX_PAGE_SIZE = 200
MyFilter = Literal["unopened", "pending", "accepted", "rejected", "fixed", "reviewed", "unreviewed"]

_UNOPENED = exists().where(
    Review.annotation_id == Annotation.id, Review.verdict == "reject", Review.opened_at.is_(None)
)


def _unopened(project_id: int, user_id: int) -> ColumnElement[bool]:
    return and_(
        Annotation.project_id == project_id,
        Annotation.author_id == user_id,
        Annotation.review_status == "rejected",
        _UNOPENED,
    )


def unopened_count(db: Session, project_id: int, user_id: int) -> int:
    return int(
        db.scalar(select(func.count()).select_from(Annotation).where(_unopened(project_id, user_id))) or 0
    )


def my_annotations(
    db: Session, actor: Actor, project_id: int, *, show: MyFilter | None, page: int, page_size: int
) -> MyAnnotationsPage:
    """The caller's own annotations on the project: unopened rejections first, then newest first."""
    project_access(db, actor, project_id)
    where = [Annotation.project_id == project_id, Annotation.author_id == actor.id]
    if show == "unopened":
        where.append(Annotation.review_status == "rejected")
        where.append(_UNOPENED)
    elif show == "reviewed":
        where.append(Annotation.review_status.in_(("accepted", "rejected", "fixed")))
    elif show == "unreviewed":
        where.append(Annotation.review_status.is_(None))
    elif show is not None:
        where.append(Annotation.review_status == show)
    total = int(db.scalar(select(func.count()).select_from(Annotation).where(*where)) or 0)
    first = case((and_(Annotation.review_status == "rejected", _UNOPENED), 0), else_=1)
    rows = db.execute(
        select(Annotation, Item.data)
        .join(Item, Item.id == Annotation.item_id)
        .where(*where)
        .order_by(first, Annotation.updated_at.desc(), Annotation.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    latest = _latest_reviews(db, [a.id for a, _ in rows])
    return MyAnnotationsPage(
        items=[
            MyAnnotation(
                id=a.id,
                item_id=a.item_id,
                data=data,
                result=a.result,
                status=a.status,
                version=a.version,
                review_status=a.review_status,
                updated_at=a.updated_at,
                feedback=_feedback(r) if (r := latest.get(a.id)) is not None else None,
            )
            for a, data in rows
        ],
        total=total,
        unopened=unopened_count(db, project_id, actor.id),
    )


def _latest_reviews(db: Session, annotation_ids: list[int]) -> dict[int, Review]:
    """Each annotation's latest verdict."""
    if not annotation_ids:
        return {}
    reviews = db.scalars(
        select(Review).where(Review.annotation_id.in_(annotation_ids)).order_by(Review.created_at, Review.id)
    )
    out: dict[int, Review] = {}
    for r in reviews:
        out[r.annotation_id] = r
    return out


def _feedback(r: Review) -> AuthorFeedback:
    return AuthorFeedback(
        review_id=r.id,
        annotation_id=r.annotation_id,
        item_id=r.item_id,
        verdict=r.verdict,
        comment=r.comment,
        guideline_section=r.guideline_section,
        created_at=r.created_at,
        opened_at=r.opened_at,
    )


def open_feedback(db: Session, actor: Actor, review_id: int) -> AuthorFeedback:
    """The author opens a verdict on their annotation (a rejection: from then on it is read);
    anyone else's is 404."""
    review = db.scalars(
        select(Review)
        .join(Annotation, Annotation.id == Review.annotation_id)
        .where(Review.id == review_id, Annotation.author_id == actor.id)
    ).first()
    if review is None:
        raise NotFound("review not found")
    if review.opened_at is None:
        review.opened_at = utcnow()
        # Its inbox entry is read too (a user has few unread review entries: filtered here).
        unread = db.execute(
            select(Notification.id, Notification.payload).where(
                Notification.user_id == actor.id,
                Notification.kind == REJECTED_KIND,
                Notification.read_at.is_(None),
            )
        )
        ids = [n for n, payload in unread if (payload or {}).get("review_id") == review.id]
        if ids:
            db.execute(update(Notification).where(Notification.id.in_(ids)).values(read_at=review.opened_at))
        db.flush()
    return _feedback(review)
