"""Background jobs: named units of work that one server process at a time runs, every few
seconds, beside the requests (the final labels as submissions arrive, alert checks …).

Several server processes (``api.serve`` forks workers; several hosts on PostgreSQL) each run
the loop in ``api.background``; a job runs only in the process holding its lease in
``job_leases``, taken or renewed with one conditional UPDATE (or the first INSERT), so two
processes never run the same job at once and a dead holder's lease runs out after ``ttl``.
A job is plain synchronous code taking the ``Database``: it opens its own short transactions,
so requests are never held behind it.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, or_, update

from goldlabel.db.dialect import insert_or_skip
from goldlabel.db.engine import Database
from goldlabel.db.models import JobLease, UTCDateTime, utcnow

log = logging.getLogger(__name__)

LEASE_TTL = timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    run: Callable[[Database], object]
    # At most this often in one process (0: every round of the loop); a job not due yet costs
    # nothing, not even its lease.
    every_s: float = 0.0


def holder_name() -> str:
    """This process, unique across hosts and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


_RENEW = (
    update(JobLease)
    .where(
        JobLease.name == bindparam("lease_name"),
        or_(JobLease.holder == bindparam("me"), JobLease.expires_at < bindparam("now", type_=UTCDateTime())),
    )
    .values(holder=bindparam("me"), expires_at=bindparam("until", type_=UTCDateTime()))
)
_TAKE = insert_or_skip(JobLease, JobLease.name)


def take_lease(database: Database, name: str, holder: str, ttl: timedelta = LEASE_TTL) -> bool:
    """True when ``holder`` holds the lease on ``name`` for ``ttl`` from now (taken or renewed)."""
    now = utcnow()
    with database.session(write=True) as db:
        conn = db.connection()
        params = {"lease_name": name, "me": holder, "now": now, "until": now + ttl}
        if conn.execute(_RENEW, params).rowcount == 1:
            return True
        row = {"name": name, "holder": holder, "expires_at": now + ttl}
        return conn.execute(_TAKE.for_(conn), row).first() is not None


def run_due(
    database: Database, jobs: tuple[Job, ...], holder: str, last_run: dict[str, float] | None = None
) -> None:
    """One round: each job that is due (``last_run``: this process's monotonic time of each
    job's last round, kept by the caller; None: every job is due) and whose lease this process
    holds runs once. A failing job is logged and tried again next round; it never stops the
    others or the loop."""
    for job in jobs:
        if last_run is not None:
            now = time.monotonic()
            if now - last_run.get(job.name, -math.inf) < job.every_s:
                continue
            last_run[job.name] = now
        try:
            if take_lease(database, job.name, holder):
                job.run(database)
        except Exception:
            log.exception("background job %s failed; retrying next round", job.name)
