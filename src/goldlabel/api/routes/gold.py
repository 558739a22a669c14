"""Gold on items (managers of the item's project): read, mark or change, from an annotation,
remove. Gold of a whole project is exported with ``GET /api/projects/{id}/export?gold=only``."""

from __future__ import annotations

from fastapi import APIRouter, Response

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import gold
from goldlabel.services.gold import GoldFromAnnotationIn, GoldIn, GoldView

router = APIRouter(prefix="/api", tags=["gold"])


@router.get("/items/{item_id}/gold")
async def get_gold(item_id: DbId, actor: ActorDep, database: DatabaseDep) -> GoldView:
    return await database.run(lambda db: gold.get_gold(db, actor, item_id))


@router.put("/items/{item_id}/gold")
async def put_gold(item_id: DbId, body: GoldIn, actor: ActorDep, database: DatabaseDep) -> GoldView:
    """Mark the item as gold in a set (or change its gold): it leaves the production queue."""
    return await database.run(lambda db: gold.put_gold(db, actor, item_id, body), write=True)


@router.post("/items/{item_id}/gold/from-annotation")
async def gold_from_annotation(
    item_id: DbId, body: GoldFromAnnotationIn, actor: ActorDep, database: DatabaseDep
) -> GoldView:
    """One click: a submitted annotation on the item becomes its reference."""
    return await database.run(lambda db: gold.gold_from_annotation(db, actor, item_id, body), write=True)


@router.delete("/items/{item_id}/gold", status_code=204)
async def delete_gold(item_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    """Take the item out of the gold sets: it goes back to production, open as its slots allow."""
    await database.run(lambda db: gold.delete_gold(db, actor, item_id), write=True)
    return Response(status_code=204)
