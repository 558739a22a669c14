"""Annotator training: versioned guidelines and their acknowledgements, gold items (reference
answers with explanations) and the examples attached to the guideline, practice answers, exam
attempts, and certifications.

Gold items stay rows of ``items`` (``items.gold_set`` says which set they belong to), so an
example, a practice or exam item or a honeypot is a real item of the project, shown with the
same data and widgets as any other; ``gold`` holds the reference answer.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, ItemIdType, utcnow


class GoldSet(StrEnum):
    """What a gold item is for (stored as the plain string in ``items.gold_set``)."""

    PRACTICE = "practice"  # answered with instant feedback
    EXAM = "exam"  # drawn into qualification exams; no feedback until the end
    HONEYPOT = "honeypot"  # hidden among production items to monitor annotators
    EXAMPLE = "example"  # shown inside the guideline (example or counterexample)


class GuidelineDraft(Base):
    """The manager's working copy of the project's guideline (one per project)."""

    __tablename__ = "guideline_drafts"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    markdown: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class GuidelineVersion(Base):
    """A published guideline: ``major.minor``, never changed once published."""

    __tablename__ = "guideline_versions"
    __table_args__ = (UniqueConstraint("project_id", "major", "minor", name="uq_guideline_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    major: Mapped[int] = mapped_column(Integer)
    minor: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(10))  # "major" | "minor": what publishing it raised
    markdown: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class GuidelineAck(Base):
    """An annotator read and acknowledged a published version."""

    __tablename__ = "guideline_acks"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("guideline_versions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)


class Gold(Base):
    """An item's reference answer and the expert's explanation per control."""

    __tablename__ = "gold"

    item_id: Mapped[int] = mapped_column(
        ItemIdType, ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    result: Mapped[dict[str, Any]]
    explanations: Mapped[dict[str, Any]] = mapped_column(default=dict)  # control name -> text
    source: Mapped[str] = mapped_column(String(20))  # "manual" | "annotation" | "import"
    source_annotation_id: Mapped[int | None] = mapped_column(Integer)  # kept if the annotation goes
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class GuidelineExample(Base):
    """A gold item of the ``example`` set shown in the guideline: attached to a section and
    optionally to a control's label or option. A counterexample also keeps the wrong answer a
    careless annotator would give, shown beside the reference with why it is wrong."""

    __tablename__ = "guideline_examples"

    item_id: Mapped[int] = mapped_column(
        ItemIdType, ForeignKey("gold.item_id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "example" | "counterexample"
    section: Mapped[str] = mapped_column(String(200))  # the heading's anchor
    control: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(String(200))
    wrong_result: Mapped[dict[str, Any] | None]
    explanation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PracticeAnswer(Base):
    """One practice try (an item may be retried): scored at once against the gold."""

    __tablename__ = "practice_answers"
    __table_args__ = (Index("ix_practice_answers_user", "project_id", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ItemIdType, ForeignKey("items.id", ondelete="CASCADE"))
    result: Mapped[dict[str, Any]]
    score: Mapped[float] = mapped_column(Float)
    scores: Mapped[dict[str, Any]]  # control name -> score in [0, 1]
    guideline_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("guideline_versions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExamAttempt(Base):
    """A qualification attempt: its items are drawn when it starts; graded when it finishes."""

    __tablename__ = "exam_attempts"
    __table_args__ = (Index("ix_exam_attempts_user", "project_id", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_ids: Mapped[list[int]]  # drawn at random when the attempt starts
    guideline_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("guideline_versions.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    passed: Mapped[bool | None] = mapped_column(Boolean)
    score: Mapped[float | None] = mapped_column(Float)
    report: Mapped[dict[str, Any] | None]  # per control and per label; never reference answers


class ExamAnswer(Base):
    __tablename__ = "exam_answers"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("exam_attempts.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ItemIdType, ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    result: Mapped[dict[str, Any]]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class Certification(Base):
    """An annotator passed the project's exam (under a guideline version); production may need it."""

    __tablename__ = "certifications"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("exam_attempts.id", ondelete="SET NULL"))
    guideline_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("guideline_versions.id", ondelete="SET NULL")
    )
    certified_at: Mapped[datetime] = mapped_column(default=utcnow)


class Pause(Base):
    """An annotator taken off production because their honeypot accuracy fell below the
    project's threshold; lifted when they pass the refresher and re-exam (or a manager lifts it)."""

    __tablename__ = "pauses"
    __table_args__ = (Index("ix_pauses_user", "project_id", "user_id", "lifted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)  # shown to the annotator
    control: Mapped[str | None] = mapped_column(String(64))  # the control whose accuracy fell
    accuracy: Mapped[float | None] = mapped_column(Float)
    focus_labels: Mapped[list[str]] = mapped_column(default=list)  # what the refresher practises
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    lifted_at: Mapped[datetime | None]
    lifted_by_attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("exam_attempts.id", ondelete="SET NULL")
    )
    lifted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
