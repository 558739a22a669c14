"""Review: the queue of sampled submissions per tier, and verdicts on them.

Tiers: tier 1 is reviewed by reviewers (and managers); tier 2, the "expert" tier, by managers.
No separate expert role exists: an expert is a project manager. With ``consensus.review.tiers``
1 a tier-1 verdict is final; with 2, what tier 1 accepted or fixed waits for tier 2, whose
``accept`` confirms tier 1's decision, ``fix`` replaces it and ``reject`` sends the work back.

A verdict is race-safe: one conditional UPDATE moves the annotation on only while it is still
pending at the tier read and at the version read (a second reviewer's verdict on the same
annotation, or the author's correction meanwhile, answers 409 ``not_pending_review``). Nobody
reviews their own annotation. A rejection stays ``submitted`` and keeps its overlap slot (no slot
accounting changes): its author corrects it in place, which sends it back to tier 1
(``review_flow``). A final fix makes the item's final label the fixed answer with provenance
``reviewed`` (``review_final``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.orm import Session, aliased

from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import Conflict, ErrorCode, Forbidden, InvalidInput, NotFound
from goldlabel.db.models import (
    Annotation,
    AnnotationHistory,
    Item,
    Member,
    Notification,
    Project,
    Review,
    User,
)
from goldlabel.services.access import Actor, at_least, project_access, require_member, require_role
from goldlabel.services.annotations import annotation_view, checked_result
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.review_final import write_reviewed_label
from goldlabel.services.review_flow import review_policy
from goldlabel.services.review_views import PriorReview, ReviewCounts, ReviewTask, Verdict, VerdictView
from goldlabel.services.views import Role

MAX_COMMENT_CHARS = 5_000
MAX_SKIPPED = 100
REJECTED_KIND = "review_rejected"  # the author's inbox entry
_VERDICT_STATUS = {"accept": "accepted", "reject": "rejected", "fix": "fixed"}

_DECIDE = (
    update(Annotation)
    .where(
        Annotation.id == bindparam("decided_id"),
        Annotation.review_status == "pending",
        Annotation.review_tier == bindparam("read_tier"),
        Annotation.version == bindparam("read_version"),
    )
    .values(review_status=bindparam("new_review_status"), review_tier=bindparam("new_review_tier"))
)


def tiers_of(role: Role) -> list[int]:
    """The tiers a role reviews, the one it is asked for first leading: managers are the experts."""
    if at_least(role, "manager"):
        return [2, 1]
    return [1] if at_least(role, "reviewer") else []


def counts(db: Session, project_id: int) -> ReviewCounts:
    rows = db.execute(
        select(Annotation.review_tier, func.count())
        .where(Annotation.project_id == project_id, Annotation.review_status == "pending")
        .group_by(Annotation.review_tier)
    )
    by_tier = {int(tier): int(n) for tier, n in rows}
    return ReviewCounts(tier1=by_tier.get(1, 0), tier2=by_tier.get(2, 0))


def next_task(
    db: Session, actor: Actor, project_id: int, *, tier: int | None, skip: list[int]
) -> ReviewTask | None:
    """The oldest pending annotation of the caller's tier that is not their own (nor, at tier 2,
    one they decided at tier 1), leaving out ``skip``; None when there is none."""
    access = project_access(db, actor, project_id)
    require_role(access.role, "reviewer")
    mine = tiers_of(access.role)
    if tier is not None:
        if tier not in mine:
            require_role(access.role, "manager")
        mine = [tier]
    author = aliased(User)
    for t in mine:
        own_tier1 = (
            select(Review.id)
            .where(Review.annotation_id == Annotation.id, Review.reviewer_id == actor.id, Review.tier < t)
            .exists()
        )
        query = (
            select(Annotation, Item.data, author.email)
            .join(Item, Item.id == Annotation.item_id)
            .join(author, author.id == Annotation.author_id)
            .where(
                Annotation.project_id == project_id,
                Annotation.review_status == "pending",
                Annotation.review_tier == t,
                Annotation.author_id != actor.id,
                ~own_tier1,
            )
            .order_by(Annotation.updated_at, Annotation.id)
            .limit(1)
        )
        if skip:
            query = query.where(Annotation.id.not_in(skip[:MAX_SKIPPED]))
        row = db.execute(query).first()
        if row is not None:
            ann, data, email = row
            return ReviewTask(
                tier=t,
                item_id=ann.item_id,
                data=data,
                annotation=annotation_view(ann, email),
                earlier=earlier_reviews(db, ann.id),
                pending=counts(db, project_id),
            )
    return None


def earlier_reviews(db: Session, annotation_id: int) -> list[PriorReview]:
    reviewer = aliased(User)
    rows = db.execute(
        select(Review, reviewer.email)
        .outerjoin(reviewer, reviewer.id == Review.reviewer_id)
        .where(Review.annotation_id == annotation_id)
        .order_by(Review.created_at, Review.id)
    )
    return [
        PriorReview(
            tier=r.tier,
            verdict=r.verdict,
            comment=r.comment,
            guideline_section=r.guideline_section,
            fixed_result=r.fixed_result,
            reviewer=email,
            created_at=r.created_at,
        )
        for r, email in rows
    ]


def decide(
    db: Session,
    actor: Actor,
    annotation_id: int,
    *,
    verdict: Verdict,
    comment: str,
    guideline_section: str | None,
    result: Any,
) -> VerdictView:
    """A verdict on a pending annotation at its tier (module docstring)."""
    row = db.execute(
        select(
            Annotation,
            Item.data,
            Item.gold_set,
            Project.schema,
            Project.consensus,
            Project.archived_at,
            Member.role,
        )
        .join(Item, Item.id == Annotation.item_id)
        .join(Project, Project.id == Annotation.project_id)
        .outerjoin(Member, and_(Member.project_id == Project.id, Member.user_id == actor.id))
        .where(Annotation.id == annotation_id)
    ).first()
    if row is None:
        raise NotFound("annotation not found")
    ann: Annotation = row.Annotation
    role = require_member(actor, row.role, missing="annotation not found")
    own = ann.author_id == actor.id
    if not at_least(role, "reviewer") and not own:
        raise NotFound("annotation not found")  # annotators never learn of others' annotations
    require_role(role, "reviewer")
    if own:
        raise Forbidden("nobody reviews their own annotation", code=ErrorCode.OWN_WORK)
    refuse_if_archived(row.archived_at, "reviewing")
    tier = ann.review_tier
    if ann.review_status != "pending":
        raise _not_pending()
    if tier not in tiers_of(role):
        require_role(role, "manager")
    text = comment.strip()
    if len(text) > MAX_COMMENT_CHARS:
        raise InvalidInput(f"a comment has at most {MAX_COMMENT_CHARS} characters")
    if verdict == "reject" and not text:
        raise InvalidInput("a rejection needs a reason: write what is wrong")
    fixed = None
    if verdict == "fix":
        if result is None:
            raise InvalidInput("a fix needs the corrected answer (`result`)")
        fixed = checked_result(load_schema(row.schema), result, row.data, complete=True)
    elif result is not None:
        raise InvalidInput("only a fix carries a `result`")
    section = (guideline_section or "").strip() or None

    tiers = review_policy(row.consensus).tiers
    fixed_final: dict[str, Any] | None = None
    passed_on = verdict != "reject" and tier < tiers
    if passed_on:
        new_status, new_tier = "pending", tier + 1
    elif verdict == "accept" and tier > 1:
        # The expert confirms tier 1's decision: its fix (if it fixed) becomes final.
        earlier = _passing_review(db, ann.id, tier - 1)
        if earlier is not None and earlier.verdict == "fix":
            new_status, fixed_final = "fixed", earlier.fixed_result
        else:
            new_status, fixed_final = "accepted", None
        new_tier = tier
    else:
        new_status, new_tier = _VERDICT_STATUS[verdict], tier
    moved = db.execute(
        _DECIDE,
        {
            "decided_id": ann.id,
            "read_tier": tier,
            "read_version": ann.version,
            "new_review_status": new_status,
            "new_review_tier": new_tier,
        },
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise _not_pending()
    db.execute(update(Item).where(Item.id == ann.item_id).values(final_stale=True))  # final label recount
    review = Review(
        project_id=ann.project_id,
        item_id=ann.item_id,
        annotation_id=ann.id,
        reviewer_id=actor.id,
        tier=tier,
        verdict=verdict,
        comment=text,
        guideline_section=section,
        fixed_result=fixed,
    )
    db.add(review)
    db.flush()
    db.add(
        AnnotationHistory(
            project_id=ann.project_id,
            annotation_id=ann.id,
            version=ann.version,
            result=fixed if fixed is not None else ann.result,
            status=ann.status,
            changed_by=actor.id,
            change=_VERDICT_STATUS[verdict],
        )
    )
    final_answer = None
    if not passed_on and new_status == "fixed":
        final_answer = fixed if verdict == "fix" else fixed_final
    final_label = False
    if final_answer is not None and row.gold_set is None:  # a gold item's final label is its gold
        final_label = write_reviewed_label(db, ann.project_id, ann.item_id, final_answer, actor.id)
    if verdict == "reject":
        db.add(
            Notification(
                user_id=ann.author_id,
                project_id=ann.project_id,
                kind=REJECTED_KIND,
                payload={
                    "review_id": review.id,
                    "annotation_id": ann.id,
                    "item_id": ann.item_id,
                    "comment": text,
                    "guideline_section": section,
                },
            )
        )
    db.flush()
    return VerdictView(
        review_id=review.id,
        annotation_id=ann.id,
        tier=tier,
        verdict=verdict,
        review_status=new_status,
        review_tier=new_tier,
        final=not passed_on,
        final_label=final_label,
    )


def _passing_review(db: Session, annotation_id: int, tier: int) -> Review | None:
    """The latest verdict at ``tier`` on the annotation (the one that passed it on)."""
    return db.scalars(
        select(Review)
        .where(Review.annotation_id == annotation_id, Review.tier == tier)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(1)
    ).first()


def _not_pending() -> Conflict:
    return Conflict(
        "this annotation is not waiting for your review any more; ask for the next one",
        code=ErrorCode.NOT_PENDING_REVIEW,
    )
