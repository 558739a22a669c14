"""A project's training settings: certification, practice target, exam, pauses, honeypots.

Stored as JSON in ``projects.training`` and read through ``TrainingSettings`` (defaults and
bounds in one place), so a project created before training existed reads as "nothing
required": no certification, honeypots off, the default practice target and exam. A manager's
PATCH sends the fields to change; they are merged over the stored settings (nested objects
field by field) and the whole is validated again.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy.orm import Session

from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.errors import InvalidInput
from goldlabel.db.models import Project
from goldlabel.services import stored_settings
from goldlabel.services.stored_settings import SettingsModel

MAX_EXAM_ITEMS = 500
MAX_PAUSE_WINDOW = 1000


class PracticeTarget(SettingsModel):
    """Practice unlocks the exam once ``items`` distinct practice items are answered with a mean
    score (each item's latest try) of at least ``accuracy``."""

    items: int = Field(default=10, ge=0, le=10_000)
    accuracy: float = Field(default=0.8, ge=0.0, le=1.0)


class ExamSettings(SettingsModel):
    """An attempt draws ``items`` exam items at random; it passes with an overall score of at
    least ``pass_mark`` and, for each control named in ``per_control_pass_mark``, that
    control's score at least its mark. ``max_attempts`` counts attempts since certification
    was last needed (first time, a pause or a major guideline version); ``cooldown_minutes``
    separates a failed attempt from the next."""

    items: int = Field(default=10, ge=1, le=MAX_EXAM_ITEMS)
    pass_mark: float = Field(default=0.8, ge=0.0, le=1.0)
    per_control_pass_mark: dict[str, float] = Field(default_factory=dict)
    max_attempts: int = Field(default=3, ge=1, le=1000)
    cooldown_minutes: int = Field(default=60, ge=0, le=60 * 24 * 365)


class PauseSettings(SettingsModel):
    """An annotator is paused when, over their last ``window`` honeypot answers, their accuracy
    on a control falls below ``below`` (``below`` 0 never pauses)."""

    window: int = Field(default=10, ge=1, le=MAX_PAUSE_WINDOW)
    below: float = Field(default=0.6, ge=0.0, le=1.0)


class TrainingSettings(SettingsModel):
    require_certification: bool = False
    honeypot_rate: float = Field(default=0.0, ge=0.0, le=0.5, description="share of served items")
    honeypot_feedback: bool = Field(default=False, description="show feedback after a honeypot answer")
    practice_target: PracticeTarget = Field(default_factory=PracticeTarget)
    exam: ExamSettings = Field(default_factory=ExamSettings)
    pause: PauseSettings = Field(default_factory=PauseSettings)
    recertify_on_major: bool = Field(
        default=False,
        description="a major guideline version asks certified annotators to pass the exam again",
    )


def read_settings(stored: dict[str, Any] | None) -> TrainingSettings:
    """The settings a project's row holds: ``next`` (its gates) and the save path read them on
    every call, so each distinct value is parsed once (``stored_settings.read``)."""
    return stored_settings.read(TrainingSettings, stored)


def apply_settings(project: Project, change: dict[str, Any], schema: ProjectSchema) -> TrainingSettings:
    """Merge ``change`` (the fields a PATCH sent) over the project's settings, validate, store."""
    merged = stored_settings.merge(
        read_settings(project.training).model_dump(), change, whole=frozenset({"per_control_pass_mark"})
    )
    settings = stored_settings.validated(TrainingSettings, merged, "training")
    names = {c.name for c in schema.controls}
    unknown = sorted(set(settings.exam.per_control_pass_mark) - names)
    if unknown:
        raise InvalidInput(f"training.exam.per_control_pass_mark: no control named {unknown[0]!r}")
    bad = [m for m in settings.exam.per_control_pass_mark.values() if not 0.0 <= m <= 1.0]
    if bad:
        raise InvalidInput("training.exam.per_control_pass_mark: marks lie in [0, 1]")
    project.training = settings.model_dump()
    return settings


def project_settings(db: Session, project_id: int) -> TrainingSettings:
    stored = db.get(Project, project_id)
    return read_settings(stored.training if stored is not None else None)
