"""Final labels and the background jobs that keep them current.

``final_labels`` holds one trusted answer per production item: what exports give by default and
what ``GET /final`` serves. The background job (``services.final_labels``) writes rows of
provenance ``consensus`` from the project's submissions; adjudication and review write
``adjudicated`` and ``reviewed`` rows, which the job never overwrites; a gold item's final label
is its reference (``gold``). ``items.final_stale`` marks the items whose submissions changed
since their row was written, so the job reads only those (plus the project-wide fit).

``job_leases`` lets exactly one server process run a named background job at a time, on SQLite
and PostgreSQL alike: a process takes or renews a lease with one conditional UPDATE.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, ItemIdType, utcnow


class Provenance:
    """Where an item's final label came from, strongest last: a stronger one is never replaced
    by a weaker one (the job's consensus never overwrites a reviewer's fix or an adjudication)."""

    CONSENSUS = "consensus"
    REVIEWED = "reviewed"
    ADJUDICATED = "adjudicated"
    GOLD = "gold"
    ORDER = (CONSENSUS, REVIEWED, ADJUDICATED, GOLD)


class FinalLabel(Base):
    __tablename__ = "final_labels"
    __table_args__ = (
        Index("ix_final_labels_project", "project_id", "item_id"),
        Index("ix_final_labels_adjudication", "project_id", "needs_adjudication"),
        # --- final labels filters --- (GET /final: provenance filter, weakest-first orders)
        Index("ix_final_labels_provenance", "project_id", "provenance"),
        Index("ix_final_labels_confidence", "project_id", "confidence"),
        Index("ix_final_labels_agreement", "project_id", "agreement"),
    )

    item_id: Mapped[int] = mapped_column(
        ItemIdType, ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    result: Mapped[dict[str, Any]]  # control -> value, the shape of an annotation's result
    provenance: Mapped[str] = mapped_column(String(20))  # a Provenance value
    confidence: Mapped[float | None] = mapped_column(Float)  # the weakest control's confidence
    agreement: Mapped[float | None] = mapped_column(Float)  # mean pairwise agreement of the answers
    # Per control: {method, confidence, agreement, n_annotations} (the consensus' own account).
    controls: Mapped[dict[str, Any]] = mapped_column(default=dict)
    n_annotations: Mapped[int] = mapped_column(Integer, default=0)
    # Confidence stayed below the project's threshold at the maximum overlap: an expert decides.
    needs_adjudication: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobLease(Base):
    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime]
