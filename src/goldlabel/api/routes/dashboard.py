"""The monitoring dashboard (reviewers and managers): progress and forecast, throughput,
agreement and honeypot accuracy over time, confusion, drift and backlogs in one answer.

The service reads the cached series (or computes them once per change): it runs on a worker
thread and opens its own short transactions.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import dashboard as service
from goldlabel.services.dashboard_views import Dashboard

router = APIRouter(prefix="/api", tags=["dashboard"])


@router.get("/projects/{project_id}/dashboard")
async def dashboard(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    days: Annotated[int, Query(ge=1, le=365, description="the period, in UTC days up to today")] = (
        service.DEFAULT_DAYS
    ),
    recent_days: Annotated[int, Query(ge=1, le=90, description="drift: the recent window")] = (
        service.RECENT_DAYS
    ),
    drift_threshold: Annotated[
        float, Query(gt=0, le=1, description="drift: the fall from the baseline that counts")
    ] = service.DRIFT_THRESHOLD,
) -> Dashboard:
    return await run_in_threadpool(
        service.dashboard,
        database,
        actor,
        project_id,
        days=days,
        recent_days=recent_days,
        drift_threshold=drift_threshold,
    )
