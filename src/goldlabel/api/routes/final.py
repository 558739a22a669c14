"""Final labels (issue 11): one trusted answer per production item, with its provenance,
confidence and agreement, computed in the background (``services.final_labels``); and the
managers' per-item priority in the queue."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.core.limits import MAX_DB_ID, MAX_ITEMS_PER_DELETE
from goldlabel.services import final_reads, priorities
from goldlabel.services.final_reads import FinalFilters, FinalSort
from goldlabel.services.final_views import FinalPage, PriorityChange

router = APIRouter(prefix="/api", tags=["final labels"])


@router.get("/projects/{project_id}/final")
async def list_final(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    page: PageNumber = 1,
    page_size: PageSize = 50,
    provenance: Annotated[
        Literal["consensus", "reviewed", "adjudicated"] | None, Query(description="only this provenance")
    ] = None,
    needs_adjudication: Annotated[
        bool | None, Query(description="only items waiting (or not) for an expert")
    ] = None,
    max_confidence: Annotated[
        float | None,
        Query(ge=0, le=1, allow_inf_nan=False, description="only items at or below this confidence"),
    ] = None,
    sort: Annotated[FinalSort, Query(description="ascending; item is queue order")] = "item",
) -> FinalPage:
    """The project's final labels (managers and reviewers), optionally filtered, in queue order
    or by ascending confidence or agreement (the weakest first)."""
    filters = FinalFilters(provenance, needs_adjudication, max_confidence, sort)
    return await database.run(
        lambda db: final_reads.list_final(
            db, actor, project_id, page=page, page_size=page_size, filters=filters
        )
    )


class PriorityIn(BaseModel):
    item_ids: list[Annotated[int, Field(ge=1, le=MAX_DB_ID)]] = Field(
        min_length=1, max_length=MAX_ITEMS_PER_DELETE
    )
    priority: int = Field(
        ge=-priorities.MAX_PRIORITY,
        le=priorities.MAX_PRIORITY,
        description="higher is served sooner; 0 is the default",
    )


@router.post("/projects/{project_id}/items/priority")
async def set_priority(
    project_id: DbId, body: PriorityIn, actor: ActorDep, database: DatabaseDep
) -> PriorityChange:
    """Managers: set the queue priority of some of the project's items."""
    updated = await database.run(
        lambda db: priorities.set_priority(db, actor, project_id, body.item_ids, body.priority),
        write=True,
        long=True,
    )
    return PriorityChange(updated=updated)
