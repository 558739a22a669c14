"""Model predictions (pre-annotations): a model's answer for one control of one item.

One row per (item, control, model answer), never an annotation: predictions hold no queue slot,
count in no quality figure, consensus or annotation export. The annotator's starting answer is
built from the newest prediction per control (``services.prediction_views``), and an annotation
saved from it records how far it moved (``annotations.from_prediction`` / ``prediction_distance``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Dialect, Float, ForeignKey, Index, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, ItemIdType, utcnow


class BoxedJSON(TypeDecorator[Any]):
    """A JSON value stored inside a one-element list: SQLite gives a column declared JSON numeric
    affinity, so a bare number stored as text (a rating's ``4``) would come back as an integer
    the JSON decoder refuses. The list keeps every value JSON text on every database."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return [value]

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return value[0] if isinstance(value, list) and value else None


class Prediction(Base):
    __tablename__ = "predictions"
    __table_args__ = (
        # An item's predictions, newest last (the starting answer reads them per item).
        Index("ix_predictions_item", "item_id", "id"),
        Index("ix_predictions_project_model", "project_id", "model", "model_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ItemIdType, ForeignKey("items.id", ondelete="CASCADE"))
    control: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(BoxedJSON, nullable=False)  # the control's stored value
    score: Mapped[float | None] = mapped_column(Float)
    model: Mapped[str] = mapped_column(String(200))
    model_version: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
