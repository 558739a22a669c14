"""Items: the listing (search, filters, sort, pages), one item's detail, deletion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.core.limits import MAX_DB_ID, MAX_ITEMS_PER_DELETE
from goldlabel.services import items
from goldlabel.services.items import ItemQuery
from goldlabel.services.views import DeletedItems, ItemPage, ManagerItemDetail, ReviewerItemDetail

router = APIRouter(prefix="/api", tags=["items"])


class DeleteItemsIn(BaseModel):
    ids: list[Annotated[int, Field(ge=1, le=MAX_DB_ID)]] = Field(
        min_length=1, max_length=MAX_ITEMS_PER_DELETE
    )


@router.get("/projects/{project_id}/items")
async def list_items(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    query: Annotated[ItemQuery, Query()],
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> ItemPage:
    # On a worker thread: a search, a filter or a sort may read the whole project.
    return await database.run(
        lambda db: items.list_items(db, actor, project_id, page=page, page_size=page_size, query=query),
        long=True,
    )


@router.post("/projects/{project_id}/items/delete")
async def delete_items(
    project_id: DbId, body: DeleteItemsIn, actor: ActorDep, database: DatabaseDep
) -> DeletedItems:
    # On a worker thread: up to MAX_ITEMS_PER_DELETE items, with their annotations.
    return await database.run(
        lambda db: items.delete_items(db, actor, project_id, body.ids), write=True, long=True
    )


@router.get("/items/{item_id}")
async def get_item(
    item_id: DbId, actor: ActorDep, database: DatabaseDep
) -> ManagerItemDetail | ReviewerItemDetail:
    return await database.run(lambda db: items.get_item(db, actor, item_id))


@router.delete("/items/{item_id}", status_code=204)
async def delete_item(item_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    await database.run(lambda db: items.delete_item(db, actor, item_id), write=True)
    return Response(status_code=204)
