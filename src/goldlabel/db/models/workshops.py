"""Live training workshops: a trainer leads trainees through the same items at the same time.

``revision`` grows with every change a participant should see (an answer, a reveal, a move to
the next item), so any server process can tell its listeners that something changed by reading
one integer; answers are kept per trainee and item.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, ItemIdType, utcnow


class Workshop(Base):
    __tablename__ = "workshops"
    __table_args__ = (Index("ix_workshops_project", "project_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    item_ids: Mapped[list[int]]  # the session's items, in the order they are taken
    position: Mapped[int] = mapped_column(Integer, default=0)  # index into item_ids
    state: Mapped[str] = mapped_column(String(20), default="answering")  # "answering"|"revealed"|"closed"
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class WorkshopParticipant(Base):
    __tablename__ = "workshop_participants"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkshopAnswer(Base):
    __tablename__ = "workshop_answers"
    __table_args__ = (UniqueConstraint("workshop_id", "item_id", "user_id", name="uq_workshop_answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ItemIdType, ForeignKey("items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    result: Mapped[dict[str, Any]]
    score: Mapped[float | None] = mapped_column(Float)  # against the reference, once revealed
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
