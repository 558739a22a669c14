"""Per-annotator workload settings: caps so that a few fast people do not shape the whole
dataset. Stored as JSON in ``projects.workload`` (``stored_settings``)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from goldlabel.db.models import Project
from goldlabel.services import stored_settings
from goldlabel.services.stored_settings import SettingsModel


class WorkloadSettings(SettingsModel):
    """An annotator submits at most ``cap_items`` production items, and at most ``cap_share``
    of the project's items (None: no such cap; both may apply)."""

    cap_items: int | None = Field(default=None, ge=1)
    cap_share: float | None = Field(default=None, gt=0.0, le=1.0)


def read_workload(project: Project) -> WorkloadSettings:
    return stored_settings.read(WorkloadSettings, project.workload)


def apply_workload(project: Project, change: dict[str, Any]) -> WorkloadSettings:
    merged = stored_settings.merge(read_workload(project).model_dump(), change)
    settings = stored_settings.validated(WorkloadSettings, merged, "workload")
    project.workload = settings.model_dump()
    return settings
