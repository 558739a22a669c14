"""Items: the per-role listing (search, filters, sort), one item with everyone's work, deletion.

Managers and reviewers see every item, annotators the items served to them; only managers see
meta (the reviewer's view types have no such field). Filters and sort orders come from fixed
allowlists (SECURITY rule 3): a client never names a column or a JSON path. The search looks at
the values of the project's schema fields, each extracted as text from the JSON data (so keys
never match and "é" is compared as text, not as a JSON escape), the external id and the id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import ColumnElement, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import Conflict, ErrorCode, Forbidden, InvalidInput, NotFound
from goldlabel.core.limits import MAX_DB_ID, MAX_ITEM_SEARCH_CHARS, MAX_ITEMS_PER_DELETE, PAGE_SIZE_MAX
from goldlabel.db.models import Annotation, Assignment, Item, Project, QualityCache, User
from goldlabel.services.access import Actor, ProjectAccess, item_access, project_access, require_role
from goldlabel.services.annotations import list_annotations
from goldlabel.services.predictions import item_predictions
from goldlabel.services.views import (
    AnnotatorItemView,
    DeletedItems,
    ItemPage,
    ItemSkip,
    ManagerItemDetail,
    ManagerItemView,
    ReviewerItemDetail,
    ReviewerItemView,
)

SortField = Literal["rank", "id", "created_at", "annotation_count"]
GoldFilter = Literal["none", "any", "practice", "exam", "honeypot", "example"]
SortOrder = Literal["asc", "desc"]
_SORT_COLUMNS: dict[str, ColumnElement[Any]] = {
    "rank": Item.rank.expression,
    "id": Item.id.expression,
    "created_at": Item.created_at.expression,
    "annotation_count": Item.submitted_count.expression,
}


class ItemQuery(BaseModel):
    """What the Items tab asks for. Every filter is optional: absent means "any"."""

    model_config = ConfigDict(frozen=True)

    q: str = Field(
        default="",
        max_length=MAX_ITEM_SEARCH_CHARS,
        description="text in any data field of the schema (case-insensitive), the external id, or the id",
    )
    has_annotations: bool | None = Field(
        default=None, description="with (true) or without (false) a submission"
    )
    below_overlap: bool | None = Field(
        default=None, description="fewer submissions than the project's overlap (true) or not (false)"
    )
    skipped: bool | None = Field(default=None, description="skipped by someone (true) or by nobody (false)")
    annotator: str | None = Field(
        default=None,
        max_length=320,
        description="user id or email: items this user submitted an annotation on",
    )
    gold: GoldFilter | None = Field(
        default=None,
        description="managers only: `none` production items, `any` gold items, or the gold items of one set",
    )
    sort: SortField = Field(
        default="rank",
        description="`rank`: queue order (import order in a sequential project); `id` (ids are random); "
        "`created_at`; `annotation_count`. Ties go by queue order. For an annotator, `rank` and "
        "`created_at` are the order the queue served the items to them",
    )
    order: SortOrder = "asc"

    @field_validator("q", "annotator")
    @classmethod
    def _stripped(cls, value: str | None) -> str | None:
        """Blank means absent: an empty search box filters nothing."""
        return value.strip() if value is not None else None

    def reads_others_work(self) -> bool:
        """Filters and sorts that tell about other people's work: reviewers and managers only."""
        return (
            any(
                f is not None
                for f in (self.has_annotations, self.below_overlap, self.skipped, self.annotator)
            )
            or self.sort == "annotation_count"
        )


def _search(term: str, fields: Iterable[str]) -> ColumnElement[bool]:
    # autoescape: % and _ in the term are matched literally, on every database.
    matches = [Item.data[f].as_string().icontains(term, autoescape=True) for f in fields]
    matches.append(Item.external_id.icontains(term, autoescape=True))
    if term.isascii() and term.isdigit() and int(term) <= MAX_DB_ID:
        matches.append(Item.id == int(term))
    return or_(*matches)


def _author_id(value: str) -> ColumnElement[int] | int:
    if value.isascii() and value.isdigit():
        if int(value) > MAX_DB_ID:
            raise InvalidInput(f"annotator must be a user id (at most {MAX_DB_ID}) or an email")
        return int(value)
    return select(User.id).where(User.email == value.lower()).scalar_subquery()


def _conditions(query: ItemQuery, project: Project) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if query.q:
        out.append(_search(query.q, load_schema(project.schema).fields))
    if query.has_annotations is not None:
        out.append(Item.submitted_count > 0 if query.has_annotations else Item.submitted_count == 0)
    if query.below_overlap is not None:
        below = Item.submitted_count < project.overlap
        out.append(below if query.below_overlap else ~below)
    if query.skipped is not None:
        skipped = exists().where(Assignment.item_id == Item.id, Assignment.status == "skipped")
        out.append(skipped if query.skipped else ~skipped)
    if query.gold == "none":
        out.append(Item.gold_set.is_(None))
    elif query.gold == "any":
        out.append(Item.gold_set.is_not(None))
    elif query.gold is not None:
        out.append(Item.gold_set == query.gold)
    if query.annotator:
        out.append(
            exists().where(
                Annotation.item_id == Item.id,
                Annotation.status == "submitted",
                Annotation.author_id == _author_id(query.annotator),
            )
        )
    return out


def matching(query: ItemQuery, project: Project) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the query's filters (its sort aside), for bulk actions on the
    items the Items tab shows (``services.item_assignment``)."""
    return _conditions(query, project)


def list_items(
    db: Session, actor: Actor, project_id: int, *, page: int, page_size: int, query: ItemQuery | None = None
) -> ItemPage:
    if page < 1 or not 1 <= page_size <= PAGE_SIZE_MAX:
        raise InvalidInput(f"page must be >= 1 and page_size between 1 and {PAGE_SIZE_MAX}")
    query = query or ItemQuery()
    access = project_access(db, actor, project_id)
    if query.reads_others_work() and not access.sees_everything:
        raise Forbidden(
            "filtering or sorting by other people's work needs the reviewer role",
            code=ErrorCode.ROLE_REQUIRED,
            role="reviewer",
        )
    if query.gold is not None:
        require_role(access.role, "manager")  # gold is the managers' business
    scope: list[ColumnElement[bool]] = [Item.project_id == project_id, *_conditions(query, access.project)]
    if not access.sees_everything:
        served = select(Assignment.item_id).where(
            Assignment.project_id == project_id, Assignment.user_id == actor.id
        )
        scope.append(Item.id.in_(served))
    if len(scope) == 1:  # the whole project: its kept count, no scan
        total = access.project.item_count
    else:
        total = db.scalar(select(func.count()).select_from(Item).where(*scope)) or 0
    if access.sees_everything:
        keys = [_SORT_COLUMNS[query.sort], Item.rank.expression, Item.id.expression]
    else:
        # An annotator's own items in the order they were served, whatever the sort asks but the
        # (random) id: queue order or creation time would set apart items of another batch,
        # such as honeypots imported later.
        served_order = (
            select(Assignment.id)
            .where(Assignment.item_id == Item.id, Assignment.user_id == actor.id)
            .scalar_subquery()
        )
        keys = [Item.id.expression] if query.sort == "id" else [served_order, Item.id.expression]
    order = [k.desc() for k in keys] if query.order == "desc" else [k.asc() for k in keys]
    manager = access.role == "manager"
    columns = [
        Item.id,
        Item.data,
        Item.submitted_count,
        Item.created_at,
        *([Item.meta, Item.gold_set] if manager else []),
    ]
    rows = db.execute(
        select(*columns).where(*scope).order_by(*order).offset((page - 1) * page_size).limit(page_size)
    ).all()
    if manager:
        return ItemPage(
            items=[
                ManagerItemView(
                    id=r.id,
                    data=r.data,
                    meta=r.meta,
                    annotation_count=r.submitted_count,
                    created_at=r.created_at,
                    gold_set=r.gold_set,
                )
                for r in rows
            ],
            total=total,
        )
    if access.sees_everything:
        return ItemPage(
            items=[
                ReviewerItemView(
                    id=r.id, data=r.data, annotation_count=r.submitted_count, created_at=r.created_at
                )
                for r in rows
            ],
            total=total,
        )
    return ItemPage(items=[AnnotatorItemView(id=r.id, data=r.data) for r in rows], total=total)


def _item_for_role(
    db: Session, actor: Actor, item_id: int, minimum: Literal["reviewer", "manager"]
) -> tuple[Item, ProjectAccess]:
    """The item if the actor may see it (404 otherwise, as if it did not exist), then the role."""
    item, access = item_access(db, actor, item_id)
    require_role(access.role, minimum)
    return item, access


def get_item(db: Session, actor: Actor, item_id: int) -> ManagerItemDetail | ReviewerItemDetail:
    """One item with every annotation on it (drafts too) and its skips; meta for managers only."""
    item, access = _item_for_role(db, actor, item_id, "reviewer")
    skips = db.execute(
        select(User.email, Assignment.skip_reason)
        .join(User, User.id == Assignment.user_id)
        .where(Assignment.item_id == item_id, Assignment.status == "skipped")
        .order_by(Assignment.id)
    )
    fields = {
        "id": item.id,
        "project_id": item.project_id,
        "external_id": item.external_id,
        "data": item.data,
        "annotation_count": item.submitted_count,
        "created_at": item.created_at,
        "annotations": list_annotations(db, actor, item_id),
        "skips": [ItemSkip(annotator=email, reason=reason or "skipped") for email, reason in skips],
    }
    if access.role == "manager":
        return ManagerItemDetail(
            **fields, meta=item.meta, gold_set=item.gold_set, predictions=item_predictions(db, item_id)
        )
    return ReviewerItemDetail(**fields)


def delete_item(db: Session, actor: Actor, item_id: int) -> DeletedItems:
    _, access = _item_for_role(db, actor, item_id, "manager")
    return _delete(db, access.project, [item_id])


def delete_items(db: Session, actor: Actor, project_id: int, item_ids: list[int]) -> DeletedItems:
    """All or nothing: an id that is not an item of this project deletes nothing (404 naming it)."""
    access = project_access(db, actor, project_id, minimum="manager")
    if not 1 <= len(item_ids) <= MAX_ITEMS_PER_DELETE:
        raise InvalidInput(f"name between 1 and {MAX_ITEMS_PER_DELETE} items to delete")
    return _delete(db, access.project, sorted(set(item_ids)))


def _delete(db: Session, project: Project, item_ids: list[int]) -> DeletedItems:
    """Delete items with their annotations and assignments (queue claims live on the item row,
    so they go with it) and keep the project's item count.

    On PostgreSQL the rows are locked before anything changes, in the order the queue and the
    save path take them (docs/ARCHITECTURE.md, "The queue"): the items' assignment rows, then the
    item rows, each in id order. A submission, skip or expiry sweep holding an assignment row
    finishes before the delete takes the item it will touch next, and a concurrent claim holding
    an item row finishes before the delete takes it: nobody waits in a cycle."""
    if project.archived_at is not None:
        raise Conflict("this project is archived and read-only; unarchive it to delete items")
    db.execute(
        select(Assignment.id)
        .where(Assignment.project_id == project.id, Assignment.item_id.in_(item_ids))
        .order_by(Assignment.id)
        .with_for_update()
    )
    found = set(
        db.scalars(
            select(Item.id)
            .where(Item.project_id == project.id, Item.id.in_(item_ids))
            .order_by(Item.id)
            .with_for_update()
        )
    )
    missing = next((i for i in item_ids if i not in found), None)
    if missing is not None:
        raise NotFound(f"item {missing} not found in this project; nothing was deleted", item=missing)
    conn = db.connection()  # plain Core statements: no ORM state to keep in step
    annotations = conn.execute(delete(Annotation).where(Annotation.item_id.in_(item_ids))).rowcount
    conn.execute(delete(Assignment).where(Assignment.item_id.in_(item_ids)))
    deleted = conn.execute(delete(Item).where(Item.id.in_(item_ids))).rowcount
    conn.execute(
        update(Project).where(Project.id == project.id).values(item_count=Project.item_count - deleted)
    )
    # Cached quality reports counted these annotations: recompute on the next request.
    conn.execute(delete(QualityCache).where(QualityCache.project_id == project.id))
    return DeletedItems(deleted=deleted, annotations_deleted=annotations)
