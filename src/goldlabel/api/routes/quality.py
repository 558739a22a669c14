"""Quality reports for managers and reviewers: agreement, consensus, annotator scorecards.

A report may run the quality engine when its cached parts are stale: each runs on a worker
thread, where the service opens its own short transactions around that work.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.services import quality
from goldlabel.services.views import AgreementReport, AnnotatorQuality, ConsensusPage

router = APIRouter(prefix="/api/projects/{project_id}", tags=["quality"])


@router.get("/agreement")
async def agreement(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> AgreementReport:
    return await run_in_threadpool(quality.agreement, database, actor, project_id)


@router.get("/consensus")
async def consensus(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> ConsensusPage:
    return await run_in_threadpool(
        quality.consensus, database, actor, project_id, page=page, page_size=page_size
    )


@router.get("/annotators")
async def annotators(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[AnnotatorQuality]:
    return await run_in_threadpool(quality.annotators, database, actor, project_id)
