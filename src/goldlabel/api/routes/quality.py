"""Quality reports for managers and reviewers: agreement, consensus, annotator scorecards."""

from __future__ import annotations

from fastapi import APIRouter, Query

from goldlabel.api.deps import ActorDep, DatabaseDep
from goldlabel.core.limits import PAGE_SIZE_MAX
from goldlabel.services import quality
from goldlabel.services.views import AgreementReport, AnnotatorQuality, ConsensusPage

router = APIRouter(prefix="/api/projects/{project_id}", tags=["quality"])


@router.get("/agreement")
def agreement(project_id: int, actor: ActorDep, database: DatabaseDep) -> AgreementReport:
    with database.session() as db:
        return quality.agreement(db, actor, project_id)


@router.get("/consensus")
def consensus(
    project_id: int,
    actor: ActorDep,
    database: DatabaseDep,
    page: int = Query(default=1, ge=1),
    page_size: int = Query(default=50, ge=1, le=PAGE_SIZE_MAX),
) -> ConsensusPage:
    with database.session() as db:
        return quality.consensus(db, actor, project_id, page=page, page_size=page_size)


@router.get("/annotators")
def annotators(project_id: int, actor: ActorDep, database: DatabaseDep) -> list[AnnotatorQuality]:
    with database.session() as db:
        return quality.annotators(db, actor, project_id)
