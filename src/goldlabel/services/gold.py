"""Gold: an item's reference answer with an explanation per control, in one gold set.

A manager marks an item as gold by hand, from an expert's submitted annotation in one click,
or with the data at import (a row's ``gold`` key, see ``services/imports.py``). A gold item
leaves production: ``items.gold_set`` names its set and ``items.open`` stays false while it is
set (``services/slots.py`` keeps it so), so the queue never serves it as a production item;
the quality reports and the default export leave it out. Taking an item out of the gold sets
reopens it as its slots allow.

Every reference is validated exactly as an annotation's submission is
(``annotations.checked_result``): a gold answer an annotator could not give is refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from goldlabel.controls.schema import ProjectSchema, load_schema
from goldlabel.core.errors import ErrorCode, InvalidInput, NotFound
from goldlabel.db.models import Annotation, Gold, GoldSet, Item, Project, User, utcnow
from goldlabel.services.access import Actor, ProjectAccess, item_access, require_role
from goldlabel.services.annotations import checked_result
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.slots import reopen
from goldlabel.services.views import View

MAX_EXPLANATION_CHARS = 10_000
GoldSource = Literal["manual", "annotation", "import"]


class GoldIn(BaseModel):
    """A reference answer, the explanation per control (control name -> text) and its set."""

    model_config = ConfigDict(extra="forbid")

    result: dict[str, Any]
    explanations: dict[str, str] = Field(default_factory=dict)
    set: GoldSet


class GoldFromAnnotationIn(BaseModel):
    """Use a submitted annotation on the item as its reference (explanations added here)."""

    model_config = ConfigDict(extra="forbid")

    annotation_id: int = Field(ge=1)
    set: GoldSet
    explanations: dict[str, str] = Field(default_factory=dict)


class GoldView(View):
    """An item's gold as its project's managers see it (no other audience ever gets this)."""

    item_id: int
    project_id: int
    set: GoldSet
    result: dict[str, Any]
    explanations: dict[str, str]
    source: GoldSource
    source_annotation_id: int | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime


def checked_gold(
    schema: ProjectSchema, data: dict[str, Any], result: Any, explanations: Any
) -> tuple[dict[str, Any], dict[str, str]]:
    """The reference validated as a submission and its explanations checked (keys are control
    names, values texts up to ``MAX_EXPLANATION_CHARS``); InvalidInput naming the control."""
    normalised = checked_result(schema, result, data, complete=True)
    if not isinstance(explanations, dict):
        raise InvalidInput("explanations must be an object: control name -> text")
    names = {c.name for c in schema.controls}
    for name, text in explanations.items():
        if name not in names:
            raise InvalidInput(
                f"explanations name no control {name!r}; controls: {sorted(names)}",
                code=ErrorCode.INVALID_RESULT,
                control=name,
            )
        if not isinstance(text, str) or len(text) > MAX_EXPLANATION_CHARS:
            raise InvalidInput(
                f"the explanation of {name!r} must be a text of at most {MAX_EXPLANATION_CHARS} characters",
                code=ErrorCode.INVALID_RESULT,
                control=name,
            )
    return normalised, {name: text for name, text in explanations.items() if text}


def _managed_item(db: Session, actor: Actor, item_id: int) -> tuple[Item, ProjectAccess]:
    """The item if the actor may see it (404 otherwise, as if it did not exist), then the role."""
    item, access = item_access(db, actor, item_id)
    require_role(access.role, "manager")
    return item, access


def get_gold(db: Session, actor: Actor, item_id: int) -> GoldView:
    item, _ = _managed_item(db, actor, item_id)
    gold = db.get(Gold, item_id)
    if gold is None or item.gold_set is None:
        raise NotFound("this item is not gold")
    return _view(db, gold, GoldSet(item.gold_set))


def put_gold(db: Session, actor: Actor, item_id: int, body: GoldIn) -> GoldView:
    """Mark the item as gold (or change its gold), by hand."""
    item, project = _writable_item(db, actor, item_id)
    result, explanations = checked_gold(
        load_schema(project.schema), item.data, body.result, body.explanations
    )
    return _store(db, actor, item, project, body.set, result, explanations, "manual", None)


def gold_from_annotation(db: Session, actor: Actor, item_id: int, body: GoldFromAnnotationIn) -> GoldView:
    """One click: a submitted annotation on this item becomes its reference."""
    item, project = _writable_item(db, actor, item_id)
    annotation = db.execute(
        select(Annotation.result, Annotation.status).where(
            Annotation.id == body.annotation_id, Annotation.item_id == item_id
        )
    ).first()
    if annotation is None:
        raise NotFound("annotation not found on this item")
    if annotation.status != "submitted":
        raise InvalidInput("only a submitted annotation can become gold; this one is a draft")
    result, explanations = checked_gold(
        load_schema(project.schema), item.data, annotation.result, body.explanations
    )
    return _store(db, actor, item, project, body.set, result, explanations, "annotation", body.annotation_id)


def delete_gold(db: Session, actor: Actor, item_id: int) -> None:
    """Take the item out of the gold sets: back in production, open as its slots allow."""
    item, project = _writable_item(db, actor, item_id)
    gold = db.get(Gold, item_id)
    if gold is None and item.gold_set is None:
        raise NotFound("this item is not gold")
    if gold is not None:
        db.delete(gold)
    # Back in production: its answers get a final label again (services.final_labels).
    db.execute(update(Item).where(Item.id == item_id).values(gold_set=None, final_stale=True))
    db.flush()
    reopen(db, item_id, project.overlap)


def add_imported_gold(
    db: Session,
    actor: Actor,
    project_id: int,
    item_id: int,
    result: dict[str, Any],
    explanations: dict[str, str],
) -> None:
    """The gold of an item the import just inserted (already checked by ``checked_gold``)."""
    now = utcnow()
    db.add(
        Gold(
            item_id=item_id,
            project_id=project_id,
            result=result,
            explanations=explanations,
            source="import",
            created_by=actor.id,
            created_at=now,
            updated_at=now,
        )
    )


def _writable_item(db: Session, actor: Actor, item_id: int) -> tuple[Item, Project]:
    item, access = _managed_item(db, actor, item_id)
    refuse_if_archived(access.project.archived_at, "changing gold")
    # The item row first (PostgreSQL): two managers changing the same gold wait for each other,
    # and a claim of the queue on it sees the change or finishes before it.
    db.execute(select(Item.id).where(Item.id == item_id).with_for_update())
    db.refresh(item)
    return item, access.project


def _store(
    db: Session,
    actor: Actor,
    item: Item,
    project: Project,
    gold_set: GoldSet,
    result: dict[str, Any],
    explanations: dict[str, str],
    source: GoldSource,
    annotation_id: int | None,
) -> GoldView:
    now = utcnow()
    gold = db.get(Gold, item.id)
    if gold is None:
        gold = Gold(item_id=item.id, project_id=project.id, created_by=actor.id, created_at=now)
        db.add(gold)
    gold.result = result
    gold.explanations = explanations
    gold.source = source
    gold.source_annotation_id = annotation_id
    gold.updated_at = now
    db.execute(update(Item).where(Item.id == item.id).values(gold_set=str(gold_set), open=False))
    db.flush()
    return _view(db, gold, gold_set)


def _view(db: Session, gold: Gold, gold_set: GoldSet) -> GoldView:
    creator = db.scalar(select(User.email).where(User.id == gold.created_by)) if gold.created_by else None
    return GoldView(
        item_id=gold.item_id,
        project_id=gold.project_id,
        set=gold_set,
        result=gold.result,
        explanations=gold.explanations or {},
        source=gold.source,
        source_annotation_id=gold.source_annotation_id,
        created_by=creator,
        created_at=gold.created_at,
        updated_at=gold.updated_at,
    )
