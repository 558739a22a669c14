"""Item listing."""

from __future__ import annotations

from fastapi import APIRouter

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.services import items
from goldlabel.services.views import ItemPage

router = APIRouter(prefix="/api", tags=["items"])


@router.get("/projects/{project_id}/items")
def list_items(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> ItemPage:
    with database.session() as db:
        return items.list_items(db, actor, project_id, page=page, page_size=page_size)
