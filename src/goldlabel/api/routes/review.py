"""Review tiers (issue 11): the review queue and verdicts, the author's own work and feedback,
annotation history, the managers' list of verdicts and reviewer scores."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.core.limits import MAX_DB_ID
from goldlabel.services import review, review_feedback, review_records, review_scores
from goldlabel.services.review_views import (
    AuthorFeedback,
    HistoryEntry,
    MyAnnotationsPage,
    ReviewerScore,
    ReviewPage,
    ReviewSummary,
    ReviewTask,
    Verdict,
    VerdictView,
)

router = APIRouter(prefix="/api", tags=["review"])


class VerdictIn(BaseModel):
    verdict: Verdict
    comment: str = Field(default="", max_length=review.MAX_COMMENT_CHARS, description="required to reject")
    guideline_section: str | None = Field(default=None, max_length=200, description="a guideline anchor")
    result: dict[str, Any] | None = Field(default=None, description="the corrected answer (fix only)")


@router.get(
    "/projects/{project_id}/review/next",
    response_model=ReviewTask,
    responses={204: {"description": "nothing is waiting for your review"}},
)
async def next_review(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    tier: Annotated[int | None, Query(ge=1, le=2)] = None,
    skip: Annotated[list[int], Query(max_length=review.MAX_SKIPPED)] = [],  # noqa: B006
) -> Any:
    """Reviewers (tier 1) and managers (tier 2 first, then 1): the oldest annotation waiting for
    the caller's review that is not their own, with the item's data and earlier verdicts.
    ``skip`` leaves out annotation ids the caller passed over."""
    ids = [i for i in skip if 1 <= i <= MAX_DB_ID]
    task = await database.run(lambda db: review.next_task(db, actor, project_id, tier=tier, skip=ids))
    if task is None:
        return Response(status_code=204)
    return task


@router.post("/annotations/{annotation_id}/review")
async def post_verdict(
    annotation_id: DbId, body: VerdictIn, actor: ActorDep, database: DatabaseDep
) -> VerdictView:
    """Accept, reject (with a reason) or fix (with the corrected answer, validated against the
    schema) an annotation waiting at a tier the caller reviews."""
    return await database.run(
        lambda db: review.decide(
            db,
            actor,
            annotation_id,
            verdict=body.verdict,
            comment=body.comment,
            guideline_section=body.guideline_section,
            result=body.result,
        ),
        write=True,
    )


@router.get("/projects/{project_id}/review/summary")
async def review_summary(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> ReviewSummary:
    """The project's review policy, the backlog per tier (reviewers and managers) and the caller's
    unopened feedback."""
    return await database.run(lambda db: review_records.summary(db, actor, project_id))


@router.get("/projects/{project_id}/reviews")
async def list_reviews(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    verdict: Literal["accept", "reject", "fix"] | None = None,
    tier: Annotated[int | None, Query(ge=1, le=2)] = None,
    reviewer_id: Annotated[int | None, Query(ge=1, le=MAX_DB_ID)] = None,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> ReviewPage:
    """Managers: the project's verdicts, newest first."""
    return await database.run(
        lambda db: review_records.list_reviews(
            db,
            actor,
            project_id,
            verdict=verdict,
            tier=tier,
            reviewer_id=reviewer_id,
            page=page,
            page_size=page_size,
        )
    )


@router.get("/projects/{project_id}/reviewers")
async def reviewers(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[ReviewerScore]:
    """Managers: each reviewer's verdicts against gold and against tier-2 experts."""
    # Grades every verdict on a gold item with the control types' scorers: a worker thread.
    return await database.run(lambda db: review_scores.reviewer_scores(db, actor, project_id), long=True)


@router.get("/projects/{project_id}/my/annotations")
async def my_annotations(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    show: review_feedback.MyFilter | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> MyAnnotationsPage:
    """The caller's own annotations with review state and the latest verdict; unopened
    rejections first (``unopened`` counts them)."""
    return await database.run(
        lambda db: review_feedback.my_annotations(
            db, actor, project_id, show=show, page=page, page_size=page_size
        )
    )


@router.post("/reviews/{review_id}/open")
async def open_feedback(review_id: DbId, actor: ActorDep, database: DatabaseDep) -> AuthorFeedback:
    """The author opens a verdict on their annotation (a rejection stops holding the queue)."""
    return await database.run(lambda db: review_feedback.open_feedback(db, actor, review_id), write=True)


@router.get("/annotations/{annotation_id}/history")
async def annotation_history(
    annotation_id: DbId, actor: ActorDep, database: DatabaseDep
) -> list[HistoryEntry]:
    """Every change to an annotation (who, when, what), oldest first: its author, the project's
    reviewers and managers."""
    return await database.run(lambda db: review_records.history(db, actor, annotation_id))
