"""What review leaves behind, read back: an annotation's history, the project's verdicts (managers)
and its review backlog.

History is for the annotation's author, the project's reviewers and managers — never another
annotator (404, as for what does not exist). The author's view leaves out others' names and the
answer of a ``fixed`` row (the reviewer's fix: on a honeypot, an answer key).
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from goldlabel.core.errors import NotFound
from goldlabel.db.models import Annotation, AnnotationHistory, Review, User
from goldlabel.services.access import Actor, project_access, require_role, sees_everything
from goldlabel.services.review import counts, tiers_of
from goldlabel.services.review_feedback import unopened_count
from goldlabel.services.review_flow import review_policy
from goldlabel.services.review_views import (
    HistoryEntry,
    ReviewCounts,
    ReviewPage,
    ReviewRecord,
    ReviewSummary,
)

MAX_PAGE_SIZE = 200


def history(db: Session, actor: Actor, annotation_id: int) -> list[HistoryEntry]:
    ann = db.get(Annotation, annotation_id)
    if ann is None:
        raise NotFound("annotation not found")
    try:
        access = project_access(db, actor, ann.project_id)
    except NotFound:
        raise NotFound("annotation not found") from None
    full = access.sees_everything
    if not full and ann.author_id != actor.id:
        raise NotFound("annotation not found")
    rows = db.execute(
        select(AnnotationHistory, User.email)
        .outerjoin(User, User.id == AnnotationHistory.changed_by)
        .where(AnnotationHistory.annotation_id == annotation_id)
        .order_by(AnnotationHistory.id)
    )
    return [
        HistoryEntry(
            version=h.version,
            change=h.change,
            status=h.status,
            result=h.result if full or h.change != "fixed" else None,
            changed_by=email if full or h.changed_by == actor.id else None,
            created_at=h.created_at,
        )
        for h, email in rows
    ]


def list_reviews(
    db: Session,
    actor: Actor,
    project_id: int,
    *,
    verdict: Literal["accept", "reject", "fix"] | None,
    tier: int | None,
    reviewer_id: int | None,
    page: int,
    page_size: int,
) -> ReviewPage:
    """Managers: the project's verdicts, newest first, filtered by verdict, tier or reviewer."""
    access = project_access(db, actor, project_id)
    require_role(access.role, "manager")
    where = [Review.project_id == project_id]
    if verdict is not None:
        where.append(Review.verdict == verdict)
    if tier is not None:
        where.append(Review.tier == tier)
    if reviewer_id is not None:
        where.append(Review.reviewer_id == reviewer_id)
    total = int(db.scalar(select(func.count()).select_from(Review).where(*where)) or 0)
    reviewer, author = aliased(User), aliased(User)
    rows = db.execute(
        select(Review, reviewer.email, author.email)
        .join(Annotation, Annotation.id == Review.annotation_id)
        .outerjoin(reviewer, reviewer.id == Review.reviewer_id)
        .outerjoin(author, author.id == Annotation.author_id)
        .where(*where)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return ReviewPage(
        reviews=[
            ReviewRecord(
                id=r.id,
                annotation_id=r.annotation_id,
                item_id=r.item_id,
                tier=r.tier,
                verdict=r.verdict,
                comment=r.comment,
                guideline_section=r.guideline_section,
                fixed_result=r.fixed_result,
                reviewer=rev,
                author=auth,
                created_at=r.created_at,
                opened_at=r.opened_at,
            )
            for r, rev, auth in rows
        ],
        total=total,
    )


def summary(db: Session, actor: Actor, project_id: int) -> ReviewSummary:
    """The review policy and backlog (any member; an annotator's counts are their own feedback's)."""
    access = project_access(db, actor, project_id)
    policy = review_policy(access.project.consensus)
    decided: dict[str, int] = {}
    if sees_everything(access.role):
        rows = db.execute(
            select(Annotation.review_status, func.count())
            .where(
                Annotation.project_id == project_id,
                Annotation.review_status.in_(("accepted", "rejected", "fixed")),
            )
            .group_by(Annotation.review_status)
        )
        decided = {str(s): int(n) for s, n in rows}
    return ReviewSummary(
        sample=policy.sample,
        share=policy.share,
        tiers=policy.tiers,
        pending=counts(db, project_id) if sees_everything(access.role) else ReviewCounts(tier1=0, tier2=0),
        accepted=decided.get("accepted", 0),
        rejected=decided.get("rejected", 0),
        fixed=decided.get("fixed", 0),
        unopened_feedback=unopened_count(db, project_id, actor.id),
        your_tiers=sorted(tiers_of(access.role)),
    )
