"""Quality reports for managers and reviewers: agreement, consensus, annotator scorecards.

Plain ``def`` routes: a report may run the quality engine (on a worker thread) when its cached
parts are stale; the service opens its own short transactions around that work.
"""

from __future__ import annotations

from fastapi import APIRouter

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.services import quality
from goldlabel.services.views import AgreementReport, AnnotatorQuality, ConsensusPage

router = APIRouter(prefix="/api/projects/{project_id}", tags=["quality"])


@router.get("/agreement")
def agreement(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> AgreementReport:
    return quality.agreement(database, actor, project_id)


@router.get("/consensus")
def consensus(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> ConsensusPage:
    return quality.consensus(database, actor, project_id, page=page, page_size=page_size)


@router.get("/annotators")
def annotators(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[AnnotatorQuality]:
    return quality.annotators(database, actor, project_id)
