"""The labeling queue: the next item for the caller, and skipping one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, ClaimingActorDep, DatabaseDep, DbId, SettingsDep
from goldlabel.core.limits import SKIP_REASON_MAX
from goldlabel.services import queue
from goldlabel.services.views import AnnotatorItemView

router = APIRouter(prefix="/api", tags=["queue"])


class SkipIn(BaseModel):
    reason: str = Field(default="skipped", max_length=SKIP_REASON_MAX)


@router.get(
    "/projects/{project_id}/next",
    response_model=AnnotatorItemView,
    responses={204: {"description": "nothing left for you"}},
)
async def next_item(
    project_id: DbId, actor: ClaimingActorDep, database: DatabaseDep, settings: SettingsDep
) -> Any:
    ttl = timedelta(seconds=settings.lock_ttl_seconds)
    item = await database.run(lambda db: queue.next_item(db, actor, project_id, lock_ttl=ttl), write=True)
    if item is None:
        return Response(status_code=204)
    return AnnotatorItemView.model_validate(item)


@router.post("/items/{item_id}/skip", status_code=204)
async def skip_item(item_id: DbId, body: SkipIn, actor: ActorDep, database: DatabaseDep) -> Response:
    await database.run(lambda db: queue.skip_item(db, actor, item_id, reason=body.reason), write=True)
    return Response(status_code=204)
