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
def list_items(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    query: Annotated[ItemQuery, Query()],
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> ItemPage:
    with database.session() as db:
        return items.list_items(db, actor, project_id, page=page, page_size=page_size, query=query)


@router.post("/projects/{project_id}/items/delete")
def delete_items(
    project_id: DbId, body: DeleteItemsIn, actor: ActorDep, database: DatabaseDep
) -> DeletedItems:
    with database.session(write=True) as db:
        return items.delete_items(db, actor, project_id, body.ids)


@router.get("/items/{item_id}")
def get_item(item_id: DbId, actor: ActorDep, database: DatabaseDep) -> ManagerItemDetail | ReviewerItemDetail:
    with database.session() as db:
        return items.get_item(db, actor, item_id)


@router.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    with database.session(write=True) as db:
        items.delete_item(db, actor, item_id)
    return Response(status_code=204)
