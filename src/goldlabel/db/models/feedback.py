"""What goes back to people: annotators' questions about items and the in-app inbox that tells
them (and later reviewers' feedback) when something needs their attention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, ItemIdType, utcnow


class Question(Base):
    """An annotator flagged an item as unclear and asked; a manager or reviewer answers."""

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_queue", "project_id", "status", "created_at"),
        Index("ix_questions_asker", "asker_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ItemIdType, ForeignKey("items.id", ondelete="SET NULL"))
    asker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(String(200))  # the guideline anchor it is about
    status: Mapped[str] = mapped_column(String(20), default="open")  # "open" | "answered"
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """One entry of a user's in-app inbox (an answered question, later review feedback)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_inbox", "user_id", "read_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))  # e.g. "question_answered"
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
