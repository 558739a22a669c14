"""Adjudication (issue 11): the items whose consensus stayed unsure at the maximum overlap,
every answer side by side, and the expert's decision as the final label."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.services import final_reads
from goldlabel.services.final_views import AdjudicationPage, FinalLabelView

router = APIRouter(prefix="/api", tags=["adjudication"])


class AdjudicationIn(BaseModel):
    result: dict[str, Any] = Field(description="control -> value, validated like a submission")


@router.get("/projects/{project_id}/adjudication")
async def adjudication_queue(
    project_id: DbId, actor: ActorDep, database: DatabaseDep, page: PageNumber = 1, page_size: PageSize = 20
) -> AdjudicationPage:
    """Items waiting for an expert, with every answer (managers and reviewers)."""
    return await database.run(
        lambda db: final_reads.adjudication_queue(db, actor, project_id, page=page, page_size=page_size)
    )


@router.post("/projects/{project_id}/adjudication/{item_id}")
async def adjudicate(
    project_id: DbId, item_id: DbId, body: AdjudicationIn, actor: ActorDep, database: DatabaseDep
) -> FinalLabelView:
    """Decide an item's final label (provenance ``adjudicated``; the consensus never replaces it)."""
    return await database.run(
        lambda db: final_reads.adjudicate(db, actor, project_id, item_id, body.result), write=True
    )
