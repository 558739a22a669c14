"""Keeps the dashboard's cached series (``services.dashboard_series``) fresh in the background,
so no request waits for them: a request serves the latest cached series at once, with when they
were computed and whether newer submissions exist (``stale``), and computes inline only when
there is nothing cached at all.

Who looks at which dashboard: each request notes its period in one ``quality_cache`` row per
project (key ``dashboard:viewed``, payload ``{"<days>:<recent_days>": iso time}``), rewritten
at most every ``VIEW_NOTE_EVERY`` per period, so a busy dashboard costs one primary-key read per
request and a write every few minutes. The background job (``DASHBOARD_JOB``, in
``api.background.jobs_for``) reads those rows with ``computed_at`` within ``VIEW_WINDOW`` (a scan of
``quality_cache``: a few rows per project) and, for each period looked at within the window,
compares the cached row's fingerprint with the current one (``ix_annotations_submitted``) and
recomputes the series when they differ. The job runs its round at most every
``REFRESH_EVERY`` seconds; a recomputation runs inside the job, so other jobs of the same
process wait for it (at 100k items, tens of seconds).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Project, QualityCache, utcnow
from goldlabel.services.dashboard_series import (
    SERIES_VERSION,
    Period,
    Series,
    aware,
    fingerprint_of,
    series,
    series_key,
)
from goldlabel.services.jobs import Job
from goldlabel.services.quality import cache

log = logging.getLogger(__name__)

VIEWED_KEY = "dashboard:viewed"
VIEW_WINDOW = timedelta(days=1)  # dashboards looked at within this are kept fresh
VIEW_NOTE_EVERY = timedelta(minutes=5)  # a period's view time is rewritten at most this often
REFRESH_EVERY = 5.0  # seconds between the job's rounds (the loop calls it every second)


@dataclass(frozen=True, slots=True)
class Latest:
    series: Series
    computed_at: datetime
    stale: bool  # submissions (or the day, the schema, the items) changed since computed_at


def latest(database: Database, project_id: int, period: Period) -> Latest:
    """The latest cached series of ``period`` (stale or not); computed inline only when none is
    cached (or its shape is an older ``SERIES_VERSION``)."""
    key = series_key(period)
    with database.session() as db:
        project = db.get_one(Project, project_id)
        current = fingerprint_of(db, project, period)
        row = db.execute(
            select(QualityCache.fingerprint, QualityCache.payload, QualityCache.computed_at).where(
                QualityCache.project_id == project_id, QualityCache.key == key
            )
        ).first()
    if row is not None and row.fingerprint.startswith(f"{SERIES_VERSION}:"):
        try:
            data = Series.model_validate(row.payload)
        except ValidationError:
            data = None
        if data is not None:
            return Latest(data, aware(row.computed_at), stale=row.fingerprint != current)
    started = utcnow()
    computed = series(database, project_id, period)
    with database.session() as db:  # the stored row's time, so the next answers show the same
        stored = db.scalar(
            select(QualityCache.computed_at).where(
                QualityCache.project_id == project_id, QualityCache.key == key
            )
        )
    return Latest(computed, aware(stored) if stored is not None else started, stale=False)


def _period_key(period: Period) -> str:
    return f"{period.days}:{period.recent_days}"


def note_view(database: Database, project_id: int, period: Period, now: datetime | None = None) -> None:
    """Remember that someone looked at this dashboard (see the module docstring)."""
    now = now or utcnow()
    with database.session() as db:
        payload = db.scalar(
            select(QualityCache.payload).where(
                QualityCache.project_id == project_id, QualityCache.key == VIEWED_KEY
            )
        )
    views: dict[str, str] = dict(payload or {})
    seen = views.get(_period_key(period))
    if seen is not None and now - aware(datetime.fromisoformat(seen)) < VIEW_NOTE_EVERY:
        return
    views = {k: v for k, v in views.items() if now - aware(datetime.fromisoformat(v)) < VIEW_WINDOW}
    views[_period_key(period)] = now.isoformat()
    cache.store(database, project_id, {VIEWED_KEY: ("", views)})


def refresh_viewed(database: Database, now: datetime | None = None) -> int:
    """Recompute the stale series of every dashboard looked at within ``VIEW_WINDOW``; returns
    how many were recomputed. One project's failure is logged and does not stop the others."""
    now = now or utcnow()
    since = now - VIEW_WINDOW
    with database.session() as db:
        rows = db.execute(
            select(QualityCache.project_id, QualityCache.payload).where(
                QualityCache.key == VIEWED_KEY, QualityCache.computed_at >= since
            )
        ).all()
    done = 0
    for project_id, views in rows:
        for period_key, seen in dict(views).items():
            if aware(datetime.fromisoformat(seen)) < since:
                continue
            days, recent_days = (int(p) for p in period_key.split(":"))
            period = Period(today=now.date(), days=days, recent_days=recent_days)
            try:
                done += _refresh(database, project_id, period)
            except Exception:
                log.exception("dashboard refresh of project %s (%s) failed", project_id, period_key)
    return done


def _refresh(database: Database, project_id: int, period: Period) -> bool:
    """Recompute when the cached row's fingerprint is not the current one (the fingerprint
    column only: the payload is not read when nothing changed)."""
    with database.session() as db:
        project = db.get(Project, project_id)
        if project is None:
            return False
        current = fingerprint_of(db, project, period)
        cached = db.scalar(
            select(QualityCache.fingerprint).where(
                QualityCache.project_id == project_id, QualityCache.key == series_key(period)
            )
        )
    if cached == current:
        return False
    series(database, project_id, period)
    return True


DASHBOARD_JOB = Job("dashboard", refresh_viewed, REFRESH_EVERY)
