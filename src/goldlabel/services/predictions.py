"""Model predictions (pre-annotations): adding, listing and deleting them; the starting answer an
annotator is served; how far a saved answer moved from it.

A prediction is a model's answer for one control of one item (``db.models.Prediction``). It is
never an annotation: it holds no queue slot and counts in no quality figure, consensus or
annotation export. Each value is validated like an annotation's (``checked_result``, not as a
submission: a model may answer some controls only), and a request is stored whole or not at all.

The starting answer is the newest prediction per control. Every item the queue serves — a
production item or a honeypot — is built by ``starting_answer`` alike, so the annotator's view
has the same field either way (docs/ARCHITECTURE.md, "Predictions"). ``anchoring`` compares a
saved answer with the same starting answer, server-side: the client's word is never taken.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import Connection, bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from goldlabel.controls.registry import type_of
from goldlabel.controls.schema import ProjectSchema, load_schema
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.core.limits import MAX_EXTERNAL_ID_CHARS, MAX_PREDICTIONS_PER_REQUEST, PAGE_SIZE_MAX
from goldlabel.db.models import Item, Prediction, utcnow
from goldlabel.services.access import Actor, project_access
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.views import (
    ModelRef,
    PredictionPage,
    PredictionsCreated,
    PredictionsDeleted,
    PredictionView,
    ServedPrediction,
)

MODEL_CHARS = 200
# (began from the starting answer, distance per predicted control)
Anchoring = tuple[bool, dict[str, float] | None]


class PredictionIn(BaseModel):
    """One model's answer for one item: ``item_id`` or ``external_id`` names the item."""

    model_config = ConfigDict(extra="forbid")

    item_id: int | None = Field(default=None, ge=1)
    external_id: str | None = Field(default=None, min_length=1, max_length=MAX_EXTERNAL_ID_CHARS)
    model: str = Field(min_length=1, max_length=MODEL_CHARS)
    model_version: str = Field(default="", max_length=MODEL_CHARS)
    score: float | None = Field(default=None, allow_inf_nan=False, description="for every control")
    scores: dict[str, float] = Field(default_factory=dict, description="per control; over `score`")
    result: dict[str, Any] = Field(description="control name -> value, as an annotation stores it")

    @model_validator(mode="after")
    def _one_item(self) -> PredictionIn:
        if (self.item_id is None) == (self.external_id is None):
            raise ValueError("give exactly one of 'item_id' or 'external_id'")
        return self


def add_predictions(
    db: Session, actor: Actor, project_id: int, entries: Sequence[PredictionIn]
) -> PredictionsCreated:
    """Store every entry's predictions, one row per answered control, or none: the first bad
    entry refuses the request (422 ``invalid_prediction`` naming ``index`` and ``control``)."""
    project = project_access(db, actor, project_id, minimum="manager").project
    refuse_if_archived(project.archived_at, "adding predictions")
    if not 1 <= len(entries) <= MAX_PREDICTIONS_PER_REQUEST:
        raise InvalidInput(f"send between 1 and {MAX_PREDICTIONS_PER_REQUEST} predictions at a time")
    schema = load_schema(project.schema)
    items = _items_of(db, project_id, entries)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        key = entry.item_id if entry.item_id is not None else entry.external_id
        found = items.get(key)
        if found is None:
            what = "item_id" if entry.item_id is not None else "external_id"
            raise _refused(index, None, f"no item with {what} {key!r} in this project")
        item_id, data = found
        for control, stored in checked_prediction(schema, entry.result, data, entry.scores, index=index):
            rows.append(
                {
                    "project_id": project_id,
                    "item_id": item_id,
                    "control": control,
                    "value": stored,
                    "score": entry.scores.get(control, entry.score),
                    "model": entry.model,
                    "model_version": entry.model_version,
                    "created_at": now,
                    "created_by": actor.id,
                }
            )
    if rows:
        db.connection().execute(insert(Prediction), rows)
    return PredictionsCreated(created=len(rows))


def checked_prediction(
    schema: ProjectSchema,
    result: Any,
    data: dict[str, Any],
    scores: dict[str, float] | None = None,
    *,
    index: int | None = None,
    row: int | None = None,
) -> list[tuple[str, Any]]:
    """A prediction's result validated like an annotation's (not as a submission), as (control,
    stored value) pairs; else InvalidInput naming the entry (``index``) or the file's ``row``."""
    # Imported here: the save path (``annotations``) imports this module for ``anchoring``.
    from goldlabel.services.annotations import checked_result

    try:
        normalised = checked_result(schema, result, data, complete=False)
    except InvalidInput as exc:
        raise _refused(index, exc.fields.get("control"), exc.message, row=row) from None
    for control, score in (scores or {}).items():
        if control not in normalised:
            raise _refused(index, control, "a score for a control the result does not answer", row=row)
        if not math.isfinite(score):
            raise _refused(index, control, "scores must be finite numbers", row=row)
    return list(normalised.items())


def _refused(index: int | None, control: str | None, message: str, *, row: int | None = None) -> InvalidInput:
    where = f"prediction {index}" if row is None else "prediction"
    text = f"{where}: {control}: {message}" if control else f"{where}: {message}"
    if row is not None:
        return InvalidInput(text, code=ErrorCode.INVALID_IMPORT, row=row, control=control)
    return InvalidInput(text, code=ErrorCode.INVALID_PREDICTION, index=index, control=control)


def _items_of(
    db: Session, project_id: int, entries: Iterable[PredictionIn]
) -> dict[int | str | None, tuple[int, dict[str, Any]]]:
    """The project's items the entries name, by id and by external id: (id, data)."""
    ids = sorted({e.item_id for e in entries if e.item_id is not None})
    external = sorted({e.external_id for e in entries if e.external_id is not None})
    found: dict[int | str | None, tuple[int, dict[str, Any]]] = {}
    columns = (Item.id, Item.external_id, Item.data)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for r in db.execute(select(*columns).where(Item.project_id == project_id, Item.id.in_(chunk))):
            found[r.id] = (r.id, r.data)
    for start in range(0, len(external), 500):
        names = external[start : start + 500]
        query = select(*columns).where(Item.project_id == project_id, Item.external_id.in_(names))
        for r in db.execute(query):
            found[r.external_id] = (r.id, r.data)
    return found


def _view(p: Prediction) -> PredictionView:
    return PredictionView(
        id=p.id,
        item_id=p.item_id,
        control=p.control,
        value=p.value,
        score=p.score,
        model=p.model,
        model_version=p.model_version,
        created_at=p.created_at,
    )


def list_predictions(
    db: Session,
    actor: Actor,
    project_id: int,
    *,
    item_id: int | None = None,
    model: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> PredictionPage:
    """The project's predictions, newest first, optionally of one item or one model."""
    project_access(db, actor, project_id, minimum="manager")
    if page < 1 or not 1 <= page_size <= PAGE_SIZE_MAX:
        raise InvalidInput(f"page must be >= 1 and page_size between 1 and {PAGE_SIZE_MAX}")
    scope = [Prediction.project_id == project_id]
    if item_id is not None:
        scope.append(Prediction.item_id == item_id)
    if model:
        scope.append(Prediction.model == model)
    total = db.scalar(select(func.count()).select_from(Prediction).where(*scope)) or 0
    rows = db.scalars(
        select(Prediction)
        .where(*scope)
        .order_by(Prediction.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return PredictionPage(items=[_view(p) for p in rows], total=total)


def item_predictions(db: Session, item_id: int) -> list[PredictionView]:
    """One item's predictions, newest first (the caller checked the manager's access)."""
    rows = db.scalars(select(Prediction).where(Prediction.item_id == item_id).order_by(Prediction.id.desc()))
    return [_view(p) for p in rows]


def delete_predictions(
    db: Session, actor: Actor, project_id: int, *, model: str | None = None, model_version: str | None = None
) -> PredictionsDeleted:
    """Delete the project's predictions, or one model's (and version's). Annotations keep what
    they recorded about the predictions they began from."""
    project = project_access(db, actor, project_id, minimum="manager").project
    refuse_if_archived(project.archived_at, "deleting predictions")
    if model_version is not None and not model:
        raise InvalidInput("model_version narrows a model: give 'model' too")
    query = delete(Prediction).where(Prediction.project_id == project_id)
    if model:
        query = query.where(Prediction.model == model)
    if model_version is not None:
        query = query.where(Prediction.model_version == model_version)
    return PredictionsDeleted(deleted=db.connection().execute(query).rowcount)


# The item's predictions, newest first: the first per control is the starting answer.
_OF_ITEM = (
    select(Prediction.control, Prediction.value, Prediction.model, Prediction.model_version)
    .where(Prediction.item_id == bindparam("item_id"))
    .order_by(Prediction.id.desc())
)


def starting_answer(conn: Connection, item_id: int) -> ServedPrediction | None:
    """The newest prediction per control of the item, and the models they came from; None when
    it has none. The same for a production item and a honeypot."""
    result: dict[str, Any] = {}
    models: list[ModelRef] = []
    for r in conn.execute(_OF_ITEM, {"item_id": item_id}):
        if r.control in result:
            continue
        result[r.control] = r.value
        ref = ModelRef(model=r.model, model_version=r.model_version)
        if ref not in models:
            models.append(ref)
    return ServedPrediction(result=result, models=models) if result else None


def anchoring(
    conn: Connection, schema_json: dict[str, Any], item_id: int, answer: dict[str, Any]
) -> Anchoring:
    """Whether an answer saved on the item began from its starting answer, and how far it moved
    per predicted control (the control type's own distance; 1 for a control the answer left
    out). (False, None) when the item has no predictions."""
    start = starting_answer(conn, item_id)
    if start is None:
        return False, None
    schema = load_schema(schema_json)
    distances: dict[str, float] = {}
    for control, predicted in start.result.items():
        spec = schema.control(control)
        if spec is None:  # the control left the schema since the prediction was stored
            continue
        given = answer.get(control)
        distances[control] = 1.0 if given is None else float(type_of(spec).distance(spec, given, predicted))
    return True, distances
