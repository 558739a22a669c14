"""Reading final labels (``GET /final``, exports) and deciding them by hand (adjudication).

Managers and reviewers only (annotators 403, non-members 404): a final label is the consensus
of other people's work. Pages are in queue order over the production items that have a row;
gold items have none (their final label is their reference, in the gold export).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import InvalidInput, NotFound
from goldlabel.db.dialect import insert
from goldlabel.db.models import Annotation, FinalLabel, Item, Provenance, User, utcnow
from goldlabel.services.access import Actor, item_access, project_access
from goldlabel.services.annotations import checked_result
from goldlabel.services.final_views import (
    AdjudicationAnswer,
    AdjudicationItem,
    AdjudicationPage,
    FinalControl,
    FinalLabelView,
    FinalPage,
)
from goldlabel.services.project_lifecycle import refuse_if_archived

_COLUMNS = (
    FinalLabel.item_id,
    FinalLabel.result,
    FinalLabel.provenance,
    FinalLabel.confidence,
    FinalLabel.agreement,
    FinalLabel.controls,
    FinalLabel.n_annotations,
    FinalLabel.needs_adjudication,
    FinalLabel.computed_at,
    User.email.label("decided_by_email"),
)


def _rows(project_id: int) -> Any:
    return (
        select(*_COLUMNS)
        .join(Item, Item.id == FinalLabel.item_id)
        .outerjoin(User, User.id == FinalLabel.decided_by)
        .where(FinalLabel.project_id == project_id, Item.gold_set.is_(None))
    )


def final_view(row: Row[Any]) -> FinalLabelView:
    return FinalLabelView(
        item_id=row.item_id,
        result=row.result or {},
        provenance=row.provenance,
        confidence=row.confidence,
        agreement=row.agreement,
        controls={name: FinalControl(**detail) for name, detail in (row.controls or {}).items()},
        n_annotations=row.n_annotations,
        needs_adjudication=row.needs_adjudication,
        decided_by=row.decided_by_email,
        computed_at=row.computed_at,
    )


FinalSort = Literal["item", "confidence", "agreement"]


@dataclass(frozen=True, slots=True)
class FinalFilters:
    """``GET /final``'s optional filters (validated by the route) and its order, ascending;
    ``item`` is queue order. Rows without a confidence or agreement come last in those orders."""

    provenance: str | None = None
    needs_adjudication: bool | None = None
    max_confidence: float | None = None  # at or below
    sort: FinalSort = "item"


def _filtered(query: Any, filters: FinalFilters) -> Any:
    if filters.provenance is not None:
        query = query.where(FinalLabel.provenance == filters.provenance)
    if filters.needs_adjudication is not None:
        query = query.where(FinalLabel.needs_adjudication.is_(filters.needs_adjudication))
    if filters.max_confidence is not None:
        query = query.where(FinalLabel.confidence <= filters.max_confidence)
    return query


def _order(sort: FinalSort) -> tuple[Any, ...]:
    if sort == "confidence":
        return (FinalLabel.confidence.asc().nulls_last(), Item.rank, Item.id)
    if sort == "agreement":
        return (FinalLabel.agreement.asc().nulls_last(), Item.rank, Item.id)
    return (Item.rank, Item.id)


def list_final(
    db: Session,
    actor: Actor,
    project_id: int,
    *,
    page: int,
    page_size: int,
    filters: FinalFilters = FinalFilters(),
) -> FinalPage:
    project_access(db, actor, project_id, minimum="reviewer")
    total = db.scalar(
        _filtered(
            select(func.count())
            .select_from(FinalLabel)
            .join(Item, Item.id == FinalLabel.item_id)
            .where(FinalLabel.project_id == project_id, Item.gold_set.is_(None)),
            filters,
        )
    )
    stale = db.scalar(
        select(func.count())
        .select_from(Item)
        .where(Item.project_id == project_id, Item.final_stale.is_(True), Item.gold_set.is_(None))
    )
    rows = db.execute(
        _filtered(_rows(project_id), filters)
        .order_by(*_order(filters.sort))
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return FinalPage(items=[final_view(r) for r in rows], total=total or 0, stale=stale or 0)


def final_rows(db: Session, item_ids: Iterable[int]) -> dict[int, tuple[dict[str, Any], dict[str, Any]]]:
    """(result, per-control details) of some items' rows: an export's batch, read as plain
    columns (no view objects: an export reads every row of the project). The caller checked
    access and keeps gold items out."""
    ids = list(item_ids)
    out: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(FinalLabel.item_id, FinalLabel.result, FinalLabel.controls).where(
            FinalLabel.item_id.in_(chunk)
        )
        for item_id, result, controls in db.execute(query):
            out[item_id] = (result or {}, controls or {})
    return out


def adjudication_queue(
    db: Session, actor: Actor, project_id: int, *, page: int, page_size: int
) -> AdjudicationPage:
    """Items whose confidence stayed low at the maximum overlap, each with every submitted
    answer side by side and its current final label."""
    project_access(db, actor, project_id, minimum="reviewer")
    waiting = _rows(project_id).where(FinalLabel.needs_adjudication.is_(True))
    total = db.scalar(select(func.count()).select_from(waiting.subquery()))
    rows = db.execute(
        waiting.add_columns(Item.data)
        .order_by(Item.rank, Item.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    ids = [r.item_id for r in rows]
    answers: dict[int, list[AdjudicationAnswer]] = {i: [] for i in ids}
    if ids:
        for a in db.execute(
            select(Annotation.id, Annotation.item_id, Annotation.result, Annotation.updated_at, User.email)
            .join(User, User.id == Annotation.author_id)
            .where(Annotation.item_id.in_(ids), Annotation.status == "submitted")
            .order_by(Annotation.item_id, Annotation.id)
        ):
            answers[a.item_id].append(
                AdjudicationAnswer(
                    annotation_id=a.id, author=a.email, result=a.result, updated_at=a.updated_at
                )
            )
    items = [
        AdjudicationItem(item_id=r.item_id, data=r.data, answers=answers[r.item_id], final=final_view(r))
        for r in rows
    ]
    return AdjudicationPage(items=items, total=total or 0)


def adjudicate(db: Session, actor: Actor, project_id: int, item_id: int, result: Any) -> FinalLabelView:
    """An expert's final label for a production item (validated like a submission): provenance
    ``adjudicated``, which the background job never replaces."""
    item, access = item_access(db, actor, item_id, minimum="reviewer")
    if item.project_id != project_id:
        raise NotFound("item not found")
    project = access.project
    refuse_if_archived(project.archived_at, "adjudicating")
    if item.gold_set is not None:
        raise InvalidInput("a gold item's final label is its reference; edit the gold answer instead")
    value = checked_result(load_schema(project.schema), result, item.data, complete=True)
    current = db.get(FinalLabel, item_id)
    previous = (current.controls or {}) if current is not None else {}
    n = current.n_annotations if current is not None else item.submitted_count
    controls = {
        name: {
            "method": Provenance.ADJUDICATED,
            "confidence": 1.0,
            "agreement": (previous.get(name) or {}).get("agreement"),
            "n_annotations": (previous.get(name) or {}).get("n_annotations", 0),
        }
        for name, v in value.items()
        if v is not None
    }
    row = {
        "item_id": item_id,
        "project_id": project_id,
        "result": value,
        "provenance": Provenance.ADJUDICATED,
        "confidence": 1.0,
        "agreement": current.agreement if current is not None else None,
        "controls": controls,
        "n_annotations": n,
        "needs_adjudication": False,
        "decided_by": actor.id,
        "computed_at": utcnow(),
    }
    stmt = insert(db, FinalLabel)
    db.execute(
        stmt.on_conflict_do_update(
            index_elements=[FinalLabel.item_id], set_={k: stmt.excluded[k] for k in row if k != "item_id"}
        ),
        [row],
    )
    db.expire_all()
    fresh = db.execute(_rows(project_id).where(FinalLabel.item_id == item_id)).one()
    return final_view(fresh)
