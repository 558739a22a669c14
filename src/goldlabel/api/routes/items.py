"""Item listing."""

from __future__ import annotations

from fastapi import APIRouter, Query

from goldlabel.api.deps import ActorDep, DatabaseDep
from goldlabel.services import items
from goldlabel.services.views import ItemPage

router = APIRouter(prefix="/api", tags=["items"])


@router.get("/projects/{project_id}/items")
def list_items(
    project_id: int,
    actor: ActorDep,
    database: DatabaseDep,
    page: int = Query(default=1, ge=1),
    page_size: int = Query(default=50, ge=1, le=500),
) -> ItemPage:
    with database.session() as db:
        return items.list_items(db, actor, project_id, page=page, page_size=page_size)
