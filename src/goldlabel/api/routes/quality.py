"""Quality reports for managers and reviewers: agreement, consensus, annotator scorecards."""

from __future__ import annotations

from fastapi import APIRouter

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.services import quality
from goldlabel.services.views import AgreementReport, AnnotatorQuality, ConsensusPage

router = APIRouter(prefix="/api/projects/{project_id}", tags=["quality"])


@router.get("/agreement")
def agreement(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> AgreementReport:
    with database.session() as db:
        return quality.agreement(db, actor, project_id)


@router.get("/consensus")
def consensus(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> ConsensusPage:
    with database.session() as db:
        return quality.consensus(db, actor, project_id, page=page, page_size=page_size)


@router.get("/annotators")
def annotators(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[AnnotatorQuality]:
    with database.session() as db:
        return quality.annotators(db, actor, project_id)
