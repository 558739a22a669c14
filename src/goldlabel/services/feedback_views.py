"""What the questions and the inbox return (``services/questions.py``, ``services/inbox.py``).

The asker's view of a question has nothing about the item beyond its id (never whether it is
gold, a honeypot or an exam item); the queue's view adds who asked and who answered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from goldlabel.services.views import View

QuestionStatus = Literal["open", "answered"]


class QuestionView(View):
    """A question as its asker sees it."""

    id: int
    project_id: int
    item_id: int | None  # None once the item is deleted
    text: str
    section: str | None
    status: QuestionStatus
    answer: str | None
    answered_at: datetime | None
    created_at: datetime


class QueuedQuestion(QuestionView):
    """A question as managers and reviewers see it in the queue."""

    asker: str | None  # email; None once the account is deleted
    answered_by: str | None


class NotificationView(View):
    """One inbox entry. ``kind`` ``question_answered``: ``payload`` is ``{question_id,
    item_id, question, answer}``."""

    id: int
    project_id: int | None
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class Inbox(View):
    unread: int
    notifications: list[NotificationView]
