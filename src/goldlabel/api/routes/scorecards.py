"""Annotator scorecards and the team table (training, monitoring, agreement with consensus).

Each reads the project's cached agreement scorecards, which the quality engine may have to
recompute: the service runs on a worker thread and opens its own short transactions.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import scorecards
from goldlabel.services.scorecard_views import Scorecard, TeamTable

router = APIRouter(prefix="/api/projects/{project_id}", tags=["scorecards"])


@router.get("/scorecards/me")
async def my_scorecard(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> Scorecard:
    """The caller's own scorecard (any member). Honeypot figures stop at the start of the UTC
    day unless the project shows honeypot feedback."""
    return await run_in_threadpool(scorecards.scorecard, database, actor, project_id, None)


@router.get("/scorecards/{user_id}")
async def user_scorecard(
    project_id: DbId, user_id: DbId, actor: ActorDep, database: DatabaseDep
) -> Scorecard:
    """One annotator's scorecard: managers, or the annotator themself (403 otherwise)."""
    return await run_in_threadpool(scorecards.scorecard, database, actor, project_id, user_id)


@router.get("/team")
async def team(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> TeamTable:
    """Everyone who labels on the project, sorted by who needs help first (managers)."""
    return await run_in_threadpool(scorecards.team, database, actor, project_id)
