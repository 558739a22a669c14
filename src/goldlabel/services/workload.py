"""Per-annotator workload settings: caps so that a few fast people do not shape the whole
dataset. Stored as JSON in ``projects.workload`` (``stored_settings``).

The queue enforces them (``enforce_cap``) before it claims a new production item: what a person
"did" is their submissions plus their live locks on production items (the slots they hold:
honeypots and gold do not count), so a lock held in another tab counts at once. A project that
sets no cap costs no statement; one with a cap costs one indexed count of the caller's own
assignments (``ix_assignments_user``) and of the project's gold items (``ix_items_gold``).
Caps apply to everyone the queue serves, managers included; a manager labelling an item
directly (not through ``next``) is not capped.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import Field
from sqlalchemy import Connection, bindparam, func, or_, select

from goldlabel.core.errors import ErrorCode, Forbidden
from goldlabel.db.models import HOLDS_SLOT, Assignment, Item, Project
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


_DONE = (
    select(func.count())
    .select_from(Assignment)
    .join(Item, Item.id == Assignment.item_id)
    .where(
        Assignment.user_id == bindparam("user_id"),
        Assignment.project_id == bindparam("project_id"),
        or_(*(Assignment.status == s for s in HOLDS_SLOT)),
        Item.gold_set.is_(None),
    )
    .scalar_subquery()
)
_GOLD = (
    select(func.count())
    .select_from(Item)
    .where(Item.project_id == bindparam("project_id"), Item.gold_set.is_not(None))
    .scalar_subquery()
)
# Public: tests/api/test_query_plans.py checks its plan. One round trip: what the caller did and
# how many production items the project has (its item count less its gold items).
CAP_COUNTS = select(_DONE.label("done"), (Project.item_count - _GOLD).label("production")).where(
    Project.id == bindparam("project_id")
)


def cap_limit(settings: WorkloadSettings, production: int) -> int | None:
    """The number of production items one person may take: the lower of ``cap_items`` and
    ``cap_share`` of the production items rounded up (so a share never forbids the first item)."""
    limits = []
    if settings.cap_items is not None:
        limits.append(settings.cap_items)
    if settings.cap_share is not None:
        limits.append(max(1, math.ceil(settings.cap_share * production - 1e-9)))
    return min(limits) if limits else None


def enforce_cap(conn: Connection, ids: dict[str, int], stored: dict[str, Any] | None) -> None:
    """403 ``cap_reached`` (with ``done`` and ``cap``) when the caller holds or submitted as many
    production items as the project's caps allow; nothing at all when it sets none."""
    if not stored or (stored.get("cap_items") is None and stored.get("cap_share") is None):
        return
    settings = stored_settings.read(WorkloadSettings, stored)
    row = conn.execute(CAP_COUNTS, ids).one()
    limit = cap_limit(settings, int(row.production or 0))
    if limit is not None and row.done >= limit:
        raise Forbidden(
            f"you reached this project's cap: {row.done} of {limit} items are yours. Thank you! "
            "Other people label the rest; a manager can raise the cap.",
            code=ErrorCode.CAP_REACHED,
            done=int(row.done),
            cap=limit,
        )
