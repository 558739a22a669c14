"""The background-jobs loop of one server process: a daemon thread that runs
``services.jobs.run_due`` every ``GOLDLABEL_BACKGROUND_INTERVAL_SECONDS`` (0: off) while the app
is up, each job at its own pace (``Job.every_s``). ``jobs_for`` lists the jobs, the one place
that knows them all, built from the server's settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from goldlabel.core.periodic import every
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.services.alerts import alerts_job
from goldlabel.services.dashboard_refresh import DASHBOARD_JOB
from goldlabel.services.final_labels import FINAL_LABELS_JOB
from goldlabel.services.jobs import Job, holder_name, run_due


def jobs_for(settings: Settings) -> tuple[Job, ...]:
    return (FINAL_LABELS_JOB, alerts_job(settings.webhook_allow_private), DASHBOARD_JOB)


@contextmanager
def background_jobs(database: Database, settings: Settings) -> Iterator[None]:
    interval_s, jobs = settings.background_interval_seconds, jobs_for(settings)
    if interval_s <= 0:
        yield
        return
    holder, last_run = holder_name(), dict[str, float]()
    with every(interval_s, lambda: run_due(database, jobs, holder, last_run), name="goldlabel-jobs"):
        yield
