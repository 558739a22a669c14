"""Annotations on items: create (draft or submitted), update with a version, list."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import annotations
from goldlabel.services.views import AnnotationView

router = APIRouter(prefix="/api", tags=["annotations"])


class AnnotationIn(BaseModel):
    result: dict[str, Any]
    status: Literal["draft", "submitted"] = "submitted"
    lead_time_ms: int = Field(default=0, description="total time spent so far, measured by the client")


class AnnotationPatch(BaseModel):
    result: dict[str, Any]
    status: Literal["draft", "submitted"]
    version: int
    lead_time_ms: int | None = None


@router.get("/items/{item_id}/annotations")
def list_annotations(item_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[AnnotationView]:
    with database.session() as db:
        return annotations.list_annotations(db, actor, item_id)


@router.post("/items/{item_id}/annotations", status_code=201)
async def create_annotation(
    item_id: DbId, body: AnnotationIn, actor: ActorDep, database: DatabaseDep
) -> AnnotationView:
    return await database.run(
        lambda db: annotations.create_annotation(
            db, actor, item_id, result=body.result, status=body.status, lead_time_ms=body.lead_time_ms
        ),
        write=True,
    )


@router.patch("/annotations/{annotation_id}")
def update_annotation(
    annotation_id: DbId, body: AnnotationPatch, actor: ActorDep, database: DatabaseDep
) -> AnnotationView:
    with database.session(write=True) as db:
        return annotations.update_annotation(
            db,
            actor,
            annotation_id,
            result=body.result,
            status=body.status,
            version=body.version,
            lead_time_ms=body.lead_time_ms,
        )
