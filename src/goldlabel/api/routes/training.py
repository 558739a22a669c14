"""Annotator training: where the caller is on the path, practice with instant feedback, exams,
and pauses (taken off production by honeypot accuracy; lifted by a re-exam or a manager)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import exams, pauses, practice, training_me
from goldlabel.services.training_views import (
    ExamAnswerSaved,
    ExamReport,
    ExamStarted,
    PauseView,
    PracticeFeedback,
    TrainingItemView,
    TrainingMe,
)

router = APIRouter(prefix="/api", tags=["training"])


class ResultIn(BaseModel):
    result: dict[str, Any]


class ExamAnswerIn(BaseModel):
    item_id: int
    result: dict[str, Any]


@router.get("/projects/{project_id}/training/me")
async def my_training(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> TrainingMe:
    """Where the caller stands: acknowledge_guideline → practice → exam → production (or paused)."""
    return await database.run(lambda db: training_me.training_me(db, actor, project_id))


@router.get(
    "/projects/{project_id}/practice/next",
    response_model=TrainingItemView,
    responses={204: {"description": "the project has no practice items"}},
)
async def next_practice(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> Any:
    """A practice item (id and data only): unanswered first, then the lowest-scoring; while
    paused, items on the labels the refresher focuses on first."""
    item = await database.run(lambda db: practice.next_practice(db, actor, project_id))
    if item is None:
        return Response(status_code=204)
    return item


@router.post("/projects/{project_id}/practice/{item_id}")
async def answer_practice(
    project_id: DbId, item_id: DbId, body: ResultIn, actor: ActorDep, database: DatabaseDep
) -> PracticeFeedback:
    """Score a practice answer at once: scores per control, a diff against the reference, the
    explanations and the guideline section to read. Stored as practice, never as an annotation."""
    return await database.run(
        lambda db: practice.answer_practice(db, actor, project_id, item_id, body.result), write=True
    )


@router.post("/projects/{project_id}/exams", status_code=201)
async def start_exam(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> ExamStarted:
    """Start an exam attempt (or resume the open one): items drawn at random, no gold.
    403 ``acknowledge_guideline`` / ``practice_required`` / ``exam_attempts_exhausted``,
    409 ``already_certified`` / ``no_exam_items``, 429 ``exam_cooldown`` (``retry_at``)."""
    return await database.run(lambda db: exams.start_exam(db, actor, project_id), write=True)


@router.post("/exams/{attempt_id}/answers")
async def answer_exam(
    attempt_id: DbId, body: ExamAnswerIn, actor: ActorDep, database: DatabaseDep
) -> ExamAnswerSaved:
    """Answer (or re-answer) one of the attempt's items until it is finished; no feedback."""
    return await database.run(
        lambda db: exams.answer_exam(db, actor, attempt_id, body.item_id, body.result), write=True
    )


@router.post("/exams/{attempt_id}/finish")
async def finish_exam(attempt_id: DbId, actor: ActorDep, database: DatabaseDep) -> ExamReport:
    """Grade the attempt: pass or fail, scores overall and per control, per-label counts; never
    the reference answers. A pass certifies (and lifts a pause). Unanswered items count as wrong."""
    return await database.run(lambda db: exams.finish_exam(db, actor, attempt_id), write=True)


@router.get("/projects/{project_id}/pauses")
async def list_pauses(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[PauseView]:
    """Pauses of the project's annotators, open ones first (managers)."""
    return await database.run(lambda db: pauses.list_pauses(db, actor, project_id))


@router.post("/projects/{project_id}/pauses/{user_id}/lift")
async def lift_pause(project_id: DbId, user_id: DbId, actor: ActorDep, database: DatabaseDep) -> PauseView:
    """Lift an annotator's open pause (managers); 404 when they are not paused."""
    return await database.run(lambda db: pauses.lift_pause(db, actor, project_id, user_id), write=True)
