"""Annotations on items: the first save (POST) and later saves (PATCH, with the version read last)
go through the one save use case; list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.core.limits import MAX_LEAD_TIME_MS
from goldlabel.db.engine import Database
from goldlabel.services import annotations as service
from goldlabel.services.access import Actor
from goldlabel.services.training_views import SavedAnnotationView
from goldlabel.services.views import AnnotationStatus, AnnotationView

router = APIRouter(prefix="/api", tags=["annotations"])
ACTIVE_MS_DOC = (
    "active time since this page's previous save of the annotation (visible tab, input in the last "
    "30 s), measured by the client; added to the stored total"
)


class AnnotationIn(BaseModel):
    result: dict[str, Any]
    status: AnnotationStatus = "submitted"
    lead_time_ms: int = Field(default=0, description="total time spent so far, measured by the client")
    active_ms: int = Field(default=0, ge=0, le=MAX_LEAD_TIME_MS, description=ACTIVE_MS_DOC)


class AnnotationPatch(BaseModel):
    result: dict[str, Any]
    status: AnnotationStatus
    version: int
    lead_time_ms: int | None = None
    active_ms: int = Field(default=0, ge=0, le=MAX_LEAD_TIME_MS, description=ACTIVE_MS_DOC)


@router.get("/items/{item_id}/annotations")
async def list_annotations(item_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[AnnotationView]:
    return await database.run(lambda db: service.list_annotations(db, actor, item_id))


@router.post("/items/{item_id}/annotations", status_code=201)
async def create_annotation(
    item_id: DbId, body: AnnotationIn, actor: ActorDep, database: DatabaseDep
) -> SavedAnnotationView:
    return await _save(database, actor, service.NewOn(item_id), body)


@router.patch("/annotations/{annotation_id}")
async def update_annotation(
    annotation_id: DbId, body: AnnotationPatch, actor: ActorDep, database: DatabaseDep
) -> SavedAnnotationView:
    return await _save(database, actor, service.Revision(annotation_id, body.version), body)


async def _save(
    database: Database,
    actor: Actor,
    target: service.NewOn | service.Revision,
    body: AnnotationIn | AnnotationPatch,
) -> SavedAnnotationView:
    return await database.run(
        lambda db: service.save_annotation(
            db,
            actor,
            target,
            result=body.result,
            status=body.status,
            lead_time_ms=body.lead_time_ms,
            active_ms=body.active_ms,
        ),
        write=True,
    )
