"""What became of an ambiguous case: a question or a guideline example made from it, with the
label pair it was about, so the guideline's effect on those labels can be measured later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, ItemIdType, utcnow


class DisagreementAction(Base):
    __tablename__ = "disagreement_actions"
    __table_args__ = (Index("ix_disagreement_actions_project", "project_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    control: Mapped[str] = mapped_column(String(64))
    label_a: Mapped[str] = mapped_column(String(200))
    label_b: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # "question" | "example"
    # The item the case was shown on (None once deleted).
    item_id: Mapped[int | None] = mapped_column(ItemIdType, ForeignKey("items.id", ondelete="SET NULL"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    # The guideline example's item (the case's item or a never-served copy of it).
    example_item_id: Mapped[int | None] = mapped_column(
        ItemIdType, ForeignKey("items.id", ondelete="SET NULL")
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
