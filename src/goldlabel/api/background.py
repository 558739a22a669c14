"""The background-jobs loop of one server process: a daemon thread that runs
``services.jobs.run_due`` every ``GOLDLABEL_BACKGROUND_INTERVAL_SECONDS`` (0: off) while the app
is up. The jobs are listed here, the one place that knows them all."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.services import alerts
from goldlabel.services.dashboard_refresh import DASHBOARD_JOB
from goldlabel.services.final_labels import FINAL_LABELS_JOB
from goldlabel.services.jobs import Job, holder_name, run_due


def _webhook_allow_private() -> bool:
    return Settings().webhook_allow_private  # the process's environment, as the server's settings


JOBS: tuple[Job, ...] = (
    FINAL_LABELS_JOB,
    Job("alerts", alerts.job(_webhook_allow_private)),
    DASHBOARD_JOB,
)


@contextmanager
def background_jobs(database: Database, interval_s: float, jobs: tuple[Job, ...] = JOBS) -> Iterator[None]:
    if interval_s <= 0 or not jobs:
        yield
        return
    stop = threading.Event()
    holder = holder_name()

    def loop() -> None:
        while not stop.wait(interval_s):
            run_due(database, jobs, holder)

    thread = threading.Thread(target=loop, name="goldlabel-jobs", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
