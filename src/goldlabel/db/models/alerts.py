"""Monitoring alerts: a rule watches one project metric against a threshold; a firing is kept,
shown in the in-app inbox, and posted to the rule's webhook when it has one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, utcnow


class AlertRule(Base):
    __tablename__ = "alert_rules"
    __table_args__ = (Index("ix_alert_rules_project", "project_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(60))
    direction: Mapped[str] = mapped_column(String(10))  # "below" | "above"
    threshold: Mapped[float] = mapped_column(Float)
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    firing: Mapped[bool] = mapped_column(Boolean, default=False)  # fires once per crossing
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_project", "project_id", "fired_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("alert_rules.id", ondelete="SET NULL"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    value: Mapped[float] = mapped_column(Float)
    message: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    webhook_status: Mapped[str | None] = mapped_column(String(200))  # "delivered" | the failure
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)
