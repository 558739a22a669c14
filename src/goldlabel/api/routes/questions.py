"""Questions about items (annotators ask; managers and reviewers answer) and the in-app inbox."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import inbox, questions
from goldlabel.services.feedback_views import Inbox, QuestionView, QueuedQuestion

router = APIRouter(prefix="/api", tags=["questions"])


class QuestionIn(BaseModel):
    text: str = Field(max_length=questions.MAX_QUESTION_CHARS)
    section: str | None = Field(default=None, max_length=200, description="the guideline section's anchor")


class AnswerIn(BaseModel):
    answer: str = Field(max_length=questions.MAX_ANSWER_CHARS)


@router.post("/items/{item_id}/questions", status_code=201)
async def ask(item_id: DbId, body: QuestionIn, actor: ActorDep, database: DatabaseDep) -> QuestionView:
    """Flag an item as unclear and ask about it (an item the caller may see)."""
    return await database.run(
        lambda db: questions.ask(db, actor, item_id, text=body.text, section=body.section), write=True
    )


@router.get("/projects/{project_id}/questions/mine")
async def my_questions(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[QuestionView]:
    return await database.run(lambda db: questions.mine(db, actor, project_id))


@router.get("/projects/{project_id}/questions")
async def question_queue(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    status: Literal["open", "answered"] | None = None,
) -> list[QueuedQuestion]:
    """Managers and reviewers: the project's questions, open ones first (oldest first)."""
    return await database.run(lambda db: questions.queue(db, actor, project_id, status))


@router.post("/questions/{question_id}/answer")
async def answer(question_id: DbId, body: AnswerIn, actor: ActorDep, database: DatabaseDep) -> QueuedQuestion:
    """Managers and reviewers: answer a question; the asker finds the answer in their inbox."""
    return await database.run(
        lambda db: questions.answer(db, actor, question_id, text=body.answer), write=True
    )


@router.get("/inbox")
async def get_inbox(actor: ActorDep, database: DatabaseDep) -> Inbox:
    """The caller's notifications, unread first, with the unread count."""
    return await database.run(lambda db: inbox.inbox(db, actor))


@router.post("/inbox/{notification_id}/read", status_code=204)
async def mark_read(notification_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    await database.run(lambda db: inbox.mark_read(db, actor, notification_id), write=True)
    return Response(status_code=204)
