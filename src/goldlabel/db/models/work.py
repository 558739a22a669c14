"""Projects and the labeling work in them: members, invitations, items, assignments (the queue's
claims), annotations, and cached quality reports.

Queue bookkeeping lives on the item row (``claimed`` = live locks + submitted annotations,
``open`` = claimed < overlap, never for gold) so that ``next`` is one indexed range read and one
conditional update, never a count over the project.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.ids import random_item_id
from goldlabel.db.models.base import Base, ItemIdType, utcnow


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    schema: Mapped[dict[str, Any]]
    overlap: Mapped[int] = mapped_column(Integer, default=1)
    order: Mapped[str] = mapped_column(String(20), default="sequential")
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    # The Label Studio XML config the schema was made from, kept to be shown back (None: JSON schema).
    label_config: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None]  # archived projects are read-only and serve no items
    # Training settings (certification, practice target, exam, pauses …): the training service's
    # model validates them; stored as given.
    training: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Serve the newest model prediction per control as the annotator's starting answer.
    show_predictions: Mapped[bool] = mapped_column(Boolean, default=False)
    # How answers become final labels, overlap policy and review sampling
    # (``services.consensus_settings.ConsensusSettings``, validated there; stored as given).
    consensus: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Per-annotator caps and the like (``services.workload``); stored as validated there.
    workload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Member(Base):
    __tablename__ = "project_members"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    # What an hour or an item of this member's work costs (``services.costs``); None: no rate.
    rate_kind: Mapped[str | None] = mapped_column(String(10))  # "hourly" | "per_item"
    rate: Mapped[float | None] = mapped_column(Float)
    # Added through a team (its id), so removing the team from the project removes them too.
    via_team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL", name="fk_project_members_via_team")
    )


class Invitation(Base):
    """A role offered to an email without an account yet: it becomes a membership when the
    account exists, so adding a member never reveals whether an email has an account."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("project_id", "email", name="uq_invitation_project_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320), index=True)
    role: Mapped[str] = mapped_column(String(20))
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_queue", "project_id", "open", "rank"),
        Index("ix_items_project_id", "project_id", "id"),
        # NULLs are distinct on SQLite and PostgreSQL alike: only rows that name an id are unique.
        UniqueConstraint("project_id", "external_id", name="uq_items_project_external_id"),
        # A set's items in queue order: the honeypot ``next`` serves is a range read, like CANDIDATE's.
        Index("ix_items_gold", "project_id", "gold_set", "rank"),
        Index("ix_items_final_stale", "project_id", "final_stale"),
    )

    # Random (``goldlabel.db.ids``): ids say nothing about when or with what an item came.
    id: Mapped[int] = mapped_column(ItemIdType, primary_key=True, default=random_item_id)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    external_id: Mapped[str | None] = mapped_column(String(255))  # the row's own id, from the import
    data: Mapped[dict[str, Any]]
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    rank: Mapped[int] = mapped_column(BigInteger)
    claimed: Mapped[int] = mapped_column(Integer, default=0)
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    submitted_count: Mapped[int] = mapped_column(Integer, default=0)
    # None for a production item; else the gold set it belongs to (``GoldSet``): gold is never
    # open in the queue and never counts in agreement, consensus or the default export.
    gold_set: Mapped[str | None] = mapped_column(String(20))
    # The item's own overlap target when adaptive overlap asked for more answers (or a manager
    # set one); None: the project's overlap. Slot accounting reads ``coalesce(overlap, project's)``.
    overlap: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer, default=0)  # higher is served sooner
    # Its submissions changed since its final label was written: the final-labels job reads these.
    final_stale: Mapped[bool] = mapped_column(Boolean, default=False)
    # Reserved for one person or one team (None: anyone on the project).
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_items_assignee")
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL", name="fk_items_team")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssignmentStatus(StrEnum):
    """Where a user's claim on an item stands (stored as the plain string)."""

    LOCKED = "locked"  # served and held until ``expires_at``: counts in ``items.claimed``
    SUBMITTED = "submitted"  # the user's submitted annotation holds the slot: counts too
    EXPIRED = "expired"  # the lock ran out and its slot went back to the queue
    SKIPPED = "skipped"  # given back; never served to this user again


# The statuses that hold one of the item's overlap slots.
HOLDS_SLOT = (AssignmentStatus.LOCKED, AssignmentStatus.SUBMITTED)


class Assignment(Base):
    """A user's claim on an item (``AssignmentStatus``); one per user and item, ever."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("item_id", "user_id", name="uq_assignment_item_user"),
        Index("ix_assignments_expiry", "project_id", "status", "expires_at"),
        Index("ix_assignments_user", "user_id", "project_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ItemIdType, ForeignKey("items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))  # an AssignmentStatus
    expires_at: Mapped[datetime | None]
    skip_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Annotation(Base):
    __tablename__ = "annotations"
    __table_args__ = (
        UniqueConstraint("item_id", "author_id", name="uq_annotation_item_author"),
        Index("ix_annotations_project_item", "project_id", "item_id"),
        Index("ix_annotations_review", "project_id", "review_status", "review_tier"),
        # --- dashboard --- (the submissions fingerprint and "submitted since" ranges)
        Index("ix_annotations_submitted", "project_id", "status", "updated_at", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ItemIdType, ForeignKey("items.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    result: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(20))
    lead_time_ms: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The published guideline the annotation was last saved under (None: none was published).
    guideline_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("guideline_versions.id", ondelete="SET NULL", name="fk_annotations_guideline_version")
    )
    # Anchoring: the answer began from the predictions served with the item, and how far the
    # saved answer moved from them, per control (the control type's own distance, 0..1).
    from_prediction: Mapped[bool] = mapped_column(Boolean, default=False)
    prediction_distance: Mapped[dict[str, Any] | None]
    # Brought in by a file import (its author may be a placeholder account, ``services.placeholders``).
    imported: Mapped[bool] = mapped_column(Boolean, default=False)
    # Time the annotator was actively working on it (input or focus; idle gaps left out).
    active_ms: Mapped[int] = mapped_column(Integer, default=0)
    # None: not sampled for review; else "pending" | "accepted" | "rejected" | "fixed".
    review_status: Mapped[str | None] = mapped_column(String(20))
    review_tier: Mapped[int] = mapped_column(Integer, default=0)  # the tier it waits for / passed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class QualityCache(Base):
    """A computed quality report (agreement, consensus …) per project and key, valid while the
    project's submissions still have the same ``fingerprint``: shared by every server process."""

    __tablename__ = "quality_cache"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
