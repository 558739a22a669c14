"""Model predictions of a project's items: add (all or nothing), list, delete (managers only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, PageNumber, PageSize
from goldlabel.core.limits import MAX_DB_ID, MAX_PREDICTIONS_PER_REQUEST
from goldlabel.services import predictions
from goldlabel.services.predictions import MODEL_CHARS, PredictionIn
from goldlabel.services.views import PredictionPage, PredictionsCreated, PredictionsDeleted

router = APIRouter(prefix="/api", tags=["predictions"])

ModelQuery = Annotated[str | None, Query(max_length=MODEL_CHARS)]


@router.post("/projects/{project_id}/predictions", status_code=201)
async def add_predictions(
    project_id: DbId,
    body: Annotated[list[PredictionIn], Body(min_length=1, max_length=MAX_PREDICTIONS_PER_REQUEST)],
    actor: ActorDep,
    database: DatabaseDep,
) -> PredictionsCreated:
    # On a worker thread: up to MAX_PREDICTIONS_PER_REQUEST entries validated against the schema.
    return await database.run(
        lambda db: predictions.add_predictions(db, actor, project_id, body), write=True, long=True
    )


@router.get("/projects/{project_id}/predictions")
async def list_predictions(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    item_id: Annotated[int | None, Query(ge=1, le=MAX_DB_ID)] = None,
    model: ModelQuery = None,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> PredictionPage:
    return await database.run(
        lambda db: predictions.list_predictions(
            db, actor, project_id, item_id=item_id, model=model, page=page, page_size=page_size
        )
    )


@router.delete("/projects/{project_id}/predictions")
async def delete_predictions(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    model: ModelQuery = None,
    model_version: ModelQuery = None,
) -> PredictionsDeleted:
    return await database.run(
        lambda db: predictions.delete_predictions(
            db, actor, project_id, model=model, model_version=model_version
        ),
        write=True,
        long=True,
    )
