"""Review of submitted work and the history of every annotation.

A sampled submission waits for review (``annotations.review_status = "pending"``); a reviewer
accepts it, rejects it with a reason (it goes back to its author as feedback they must open), or
fixes it. Tiers form a chain (tier 1 reviewers, then tier 2 experts). ``annotation_history``
keeps every change to an annotation: who, when, what the result became, and why.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, ItemIdType, utcnow


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        Index("ix_reviews_annotation", "annotation_id", "created_at"),
        Index("ix_reviews_project", "project_id", "created_at"),
        Index("ix_reviews_reviewer", "reviewer_id", "project_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ItemIdType, ForeignKey("items.id", ondelete="CASCADE"))
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    tier: Mapped[int] = mapped_column(Integer, default=1)
    verdict: Mapped[str] = mapped_column(String(20))  # "accept" | "reject" | "fix"
    comment: Mapped[str] = mapped_column(Text, default="")
    guideline_section: Mapped[str | None] = mapped_column(String(200))  # a guideline anchor
    fixed_result: Mapped[dict[str, Any] | None]  # the reviewer's answer ("fix")
    opened_at: Mapped[datetime | None]  # when the author opened the feedback ("reject")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnotationHistory(Base):
    __tablename__ = "annotation_history"
    __table_args__ = (Index("ix_annotation_history_annotation", "annotation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(20))
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "created" | "saved" | "submitted" | "accepted" | "rejected" | "fixed" | "corrected" | "imported"
    change: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
