"""Questions: an annotator flags an item as unclear and asks; managers and reviewers answer
from a queue, and the answer lands in the asker's inbox (a ``Notification``).

Who may ask about an item: anyone who may see it (managers and reviewers any item of the
project; an annotator an item the queue served them, one they practised on, or one of their
exam attempts). The flow is the same for every item: asking about a honeypot or an exam item
answers exactly like asking about any other, and the asker's view of a question says nothing
about the item but its id. Annotators see only their own questions.
"""

from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import Session, aliased

from goldlabel.core.errors import ErrorCode, InvalidInput, NotFound
from goldlabel.db.models import ExamAttempt, Item, Notification, PracticeAnswer, Question, User
from goldlabel.db.models.base import utcnow
from goldlabel.services.access import (
    Actor,
    ProjectAccess,
    project_access,
    require_role,
    require_visible_item,
    was_served,
)
from goldlabel.services.feedback_views import QuestionStatus, QuestionView, QueuedQuestion
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.views import Role

MAX_QUESTION_CHARS = 5_000
MAX_ANSWER_CHARS = 20_000
QUEUE_LIMIT = 500  # questions per queue page (oldest open first)
ANSWERED = "question_answered"


def _text(value: str, what: str, limit: int) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(f"the {what} is empty: write a few words", code=ErrorCode.INVALID_INPUT)
    if len(text) > limit:
        raise InvalidInput(f"the {what} is longer than {limit} characters", code=ErrorCode.INVALID_INPUT)
    return text


def _seen_in_training(db: Session, actor: Actor, project_id: int, item_id: int) -> bool:
    """Whether the item was one of the actor's practice items or in one of their exam attempts."""
    practised = select(PracticeAnswer.id).where(
        PracticeAnswer.project_id == project_id,
        PracticeAnswer.user_id == actor.id,
        PracticeAnswer.item_id == item_id,
    )
    if db.scalar(practised.limit(1)) is not None:
        return True
    attempts = db.scalars(
        select(ExamAttempt.item_ids).where(
            ExamAttempt.project_id == project_id, ExamAttempt.user_id == actor.id
        )
    )
    return any(item_id in (ids or []) for ids in attempts)


def _view(q: Question) -> QuestionView:
    return QuestionView(
        id=q.id,
        project_id=q.project_id,
        item_id=q.item_id,
        text=q.text,
        section=q.section,
        status="answered" if q.status == "answered" else "open",
        answer=q.answer,
        answered_at=q.answered_at,
        created_at=q.created_at,
    )


def ask(db: Session, actor: Actor, item_id: int, *, text: str, section: str | None) -> QuestionView:
    item = db.get(Item, item_id)
    if item is None:
        raise NotFound("item not found")
    try:
        access = project_access(db, actor, item.project_id)
    except NotFound:
        raise NotFound("item not found") from None
    seen = (
        access.sees_everything
        or was_served(db, actor.id, item_id)
        or _seen_in_training(db, actor, item.project_id, item_id)
    )
    require_visible_item(access.role, seen)
    refuse_if_archived(access.project.archived_at, "asking a question")
    question = Question(
        project_id=item.project_id,
        item_id=item_id,
        asker_id=actor.id,
        text=_text(text, "question", MAX_QUESTION_CHARS),
        section=(section or "").strip() or None,
        status="open",
    )
    db.add(question)
    db.flush()
    return _view(question)


def mine(db: Session, actor: Actor, project_id: int) -> list[QuestionView]:
    """The actor's own questions on a project, newest first."""
    project_access(db, actor, project_id)
    rows = db.scalars(
        select(Question)
        .where(Question.project_id == project_id, Question.asker_id == actor.id)
        .order_by(Question.created_at.desc(), Question.id.desc())
    )
    return [_view(q) for q in rows]


def queue(db: Session, actor: Actor, project_id: int, status: QuestionStatus | None) -> list[QueuedQuestion]:
    """Managers and reviewers: the project's questions (at most ``QUEUE_LIMIT``): open ones
    oldest first (who waited longest) before answered ones; ``answered``: newest answer first."""
    access = project_access(db, actor, project_id)
    require_role(access.role, "reviewer")
    asker, answerer = aliased(User), aliased(User)
    stmt = (
        select(Question, asker.email, answerer.email)
        .outerjoin(asker, asker.id == Question.asker_id)
        .outerjoin(answerer, answerer.id == Question.answered_by)
        .where(Question.project_id == project_id)
    )
    if status is not None:
        stmt = stmt.where(Question.status == status)
    if status == "answered":
        stmt = stmt.order_by(Question.answered_at.desc(), Question.id.desc())
    else:
        stmt = stmt.order_by(case((Question.status == "open", 0), else_=1), Question.created_at, Question.id)
    rows = db.execute(stmt.limit(QUEUE_LIMIT))
    return [QueuedQuestion(**_view(q).model_dump(), asker=a, answered_by=b) for q, a, b in rows]


def question_access(
    db: Session, actor: Actor, question_id: int, minimum: Role
) -> tuple[Question, ProjectAccess]:
    """The question and the actor's access to its project: 404 alike for a missing question and
    for one of a project the actor is not in; 403 below ``minimum``."""
    question = db.get(Question, question_id)
    if question is None:
        raise NotFound("question not found")
    try:
        access = project_access(db, actor, question.project_id)
    except NotFound:
        raise NotFound("question not found") from None
    require_role(access.role, minimum)
    return question, access


def answer(db: Session, actor: Actor, question_id: int, *, text: str) -> QueuedQuestion:
    """Answer (or correct the answer of) a question; the asker gets an inbox entry each time."""
    question, access = question_access(db, actor, question_id, "reviewer")
    refuse_if_archived(access.project.archived_at, "answering a question")
    question.answer = _text(text, "answer", MAX_ANSWER_CHARS)
    question.status = "answered"
    question.answered_by = actor.id
    question.answered_at = utcnow()
    if question.asker_id is not None:
        db.add(
            Notification(
                user_id=question.asker_id,
                project_id=question.project_id,
                kind=ANSWERED,
                payload={
                    "question_id": question.id,
                    "item_id": question.item_id,
                    "question": question.text,
                    "answer": question.answer,
                },
            )
        )
    db.flush()
    asker = db.get(User, question.asker_id) if question.asker_id is not None else None
    return QueuedQuestion(
        **_view(question).model_dump(), asker=asker.email if asker else None, answered_by=actor.email
    )
