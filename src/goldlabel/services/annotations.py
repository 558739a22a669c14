"""Annotations: drafts, submissions and edits with optimistic concurrency.

A submission holds one of the item's overlap slots: the annotator's lock becomes the
submission, or, with no live lock (expired, or a manager labeling directly), a slot is
claimed on the spot and refused with 409 when the item is already full.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from goldlabel.controls.schema import ResultError, load_schema, validate_result
from goldlabel.core.errors import Conflict, ErrorCode, Forbidden, InvalidInput, NotFound
from goldlabel.db.models import Annotation, Assignment, Item, Member, Project, User, utcnow
from goldlabel.services.access import ROLE_RANK, Actor, ProjectAccess, item_access
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.slots import claim
from goldlabel.services.views import AnnotationView

Status = Literal["draft", "submitted"]
MAX_LEAD_TIME_MS = 7 * 24 * 3600 * 1000


# What ``annotation_view`` reads: queries that serve annotations select these plain columns
# (no ORM objects) on the labeling hot path and in exports.
ANNOTATION_VIEW_COLUMNS = (
    Annotation.id,
    Annotation.item_id,
    Annotation.result,
    Annotation.status,
    Annotation.lead_time_ms,
    Annotation.version,
    Annotation.created_at,
    Annotation.updated_at,
)


def annotation_view(ann: Annotation, author: str) -> AnnotationView:
    return AnnotationView(
        id=ann.id,
        item_id=ann.item_id,
        author=author,
        result=ann.result,
        status=ann.status,
        lead_time_ms=ann.lead_time_ms,
        version=ann.version,
        created_at=ann.created_at,
        updated_at=ann.updated_at,
    )


def _checked(access: ProjectAccess, item: Item, result: Any, status: Status) -> dict[str, Any]:
    try:
        return validate_result(
            load_schema(access.project.schema), result, item.data, complete=status == "submitted"
        )
    except ResultError as exc:
        raise InvalidInput(exc.message, code=ErrorCode.INVALID_RESULT, control=exc.control) from None


def _lead_time(value: int) -> int:
    if not 0 <= value <= MAX_LEAD_TIME_MS:
        raise InvalidInput(f"lead_time_ms must be between 0 and {MAX_LEAD_TIME_MS}")
    return value


def _hold_slot(db: Session, actor: Actor, item: Item, access: ProjectAccess) -> None:
    """On submission of a draft: turn the actor's slot into 'submitted', claiming one if the lock
    was lost (409 when the item is full meanwhile)."""
    assignment = db.scalar(
        select(Assignment).where(Assignment.item_id == item.id, Assignment.user_id == actor.id)
    )
    if assignment is None or assignment.status not in ("locked", "submitted"):
        if not claim(db, item.id, access.project.overlap):
            raise Conflict(
                f"this item already has its {access.project.overlap} annotation(s); ask for the next item",
                code=ErrorCode.ITEM_FULL,
            )
        if assignment is None:
            assignment = Assignment(
                project_id=item.project_id, item_id=item.id, user_id=actor.id, status="locked"
            )
            db.add(assignment)
    assignment.status = "submitted"
    assignment.expires_at = None


# ``item_access`` + the actor's assignment on the item in one statement, built once: the
# submission is the labeling hot path, where building statements costs more than running them.
_SUBMIT_CONTEXT = (
    select(
        Item.project_id,
        Item.data,
        Project.schema,
        Project.overlap,
        Project.archived_at,
        Member.role,
        Assignment.id.label("assignment_id"),
        Assignment.status.label("assignment_status"),
    )
    .join(Project, Project.id == Item.project_id)
    .outerjoin(Member, (Member.project_id == Project.id) & (Member.user_id == bindparam("user_id")))
    .outerjoin(Assignment, (Assignment.item_id == Item.id) & (Assignment.user_id == bindparam("user_id")))
    .where(Item.id == bindparam("item_id"))
)
_MARK_SUBMITTED = (
    update(Assignment)
    .where(Assignment.id == bindparam("assignment_id"))
    .values(status="submitted", expires_at=None)
)
# A second annotation by the same author (the unique (item_id, author_id) pair) inserts
# nothing: the caller answers 409 as on the IntegrityError, without a savepoint round trip.
_INSERT_ANNOTATION = {
    "sqlite": sqlite_insert(Annotation).on_conflict_do_nothing().returning(Annotation.id),
    "postgresql": pg_insert(Annotation).on_conflict_do_nothing().returning(Annotation.id),
}
_INSERT_ASSIGNMENT = insert(Assignment)
_COUNT_SUBMISSION = (
    update(Item).where(Item.id == bindparam("item_id")).values(submitted_count=Item.submitted_count + 1)
)


def create_annotation(
    db: Session, actor: Actor, item_id: int, *, result: Any, status: Status, lead_time_ms: int
) -> AnnotationView:
    """The rules of ``item_access`` and ``_hold_slot``, on one read of the item's context."""
    conn = db.connection()
    ctx = conn.execute(_SUBMIT_CONTEXT, {"user_id": actor.id, "item_id": item_id}).first()
    if ctx is None or (ctx.role is None and not actor.is_admin):
        raise NotFound("item not found")
    role = "manager" if actor.is_admin else ctx.role
    sees_everything = ROLE_RANK[role] >= ROLE_RANK["reviewer"]
    if ctx.assignment_id is None:
        if not sees_everything:
            raise NotFound("item not found")
        if role != "manager":  # reviewers see every item but label only what is served to them
            raise Forbidden("you can only annotate items the queue served to you")
    refuse_if_archived(ctx.archived_at, "annotating")
    try:
        normalised = validate_result(
            load_schema(ctx.schema), result, ctx.data, complete=status == "submitted"
        )
    except ResultError as exc:
        raise InvalidInput(exc.message, code=ErrorCode.INVALID_RESULT, control=exc.control) from None
    now = utcnow()
    if status == "submitted":
        if ctx.assignment_status not in ("locked", "submitted") and not claim(db, item_id, ctx.overlap):
            raise Conflict(
                f"this item already has its {ctx.overlap} annotation(s); ask for the next item",
                code=ErrorCode.ITEM_FULL,
            )
        if ctx.assignment_id is None:
            conn.execute(
                _INSERT_ASSIGNMENT,
                {
                    "project_id": ctx.project_id,
                    "item_id": item_id,
                    "user_id": actor.id,
                    "status": "submitted",
                    "expires_at": None,
                    "created_at": now,
                },
            )
        else:
            conn.execute(_MARK_SUBMITTED, {"assignment_id": ctx.assignment_id})
    created = conn.execute(
        _INSERT_ANNOTATION[conn.dialect.name],
        {
            "project_id": ctx.project_id,
            "item_id": item_id,
            "author_id": actor.id,
            "result": normalised,
            "status": status,
            "lead_time_ms": _lead_time(lead_time_ms),
            "version": 1,
            "created_at": now,
            "updated_at": now,
        },
    ).scalar()
    if created is None:
        raise Conflict(
            "you already have an annotation on this item; update it with PATCH",
            code=ErrorCode.ALREADY_ANNOTATED,
        )
    if status == "submitted":
        conn.execute(_COUNT_SUBMISSION, {"item_id": item_id})
    return AnnotationView(
        id=created,
        item_id=item_id,
        author=actor.email,
        result=normalised,
        status=status,
        lead_time_ms=lead_time_ms,
        version=1,
        created_at=now,
        updated_at=now,
    )


def update_annotation(
    db: Session,
    actor: Actor,
    annotation_id: int,
    *,
    result: Any,
    status: Status,
    version: int,
    lead_time_ms: int | None,
) -> AnnotationView:
    ann = db.get(Annotation, annotation_id)
    if ann is None or ann.author_id != actor.id:
        raise NotFound("annotation not found")
    item, access = item_access(db, actor, ann.item_id)
    refuse_if_archived(access.project.archived_at, "editing annotations")
    if ann.version != version:
        raise Conflict(
            "this annotation was changed elsewhere; reload it",
            code=ErrorCode.STALE_VERSION,
            current=annotation_view(ann, actor.email).model_dump(mode="json"),
        )
    if ann.status == "submitted" and status == "draft":
        raise InvalidInput("a submitted annotation cannot go back to draft")
    normalised = _checked(access, item, result, status)
    newly_submitted = ann.status == "draft" and status == "submitted"
    if newly_submitted:
        _hold_slot(db, actor, item, access)
    values: dict[str, Any] = {
        "result": normalised,
        "status": status,
        "version": version + 1,
        "updated_at": utcnow(),
    }
    if lead_time_ms is not None:
        values["lead_time_ms"] = _lead_time(lead_time_ms)
    changed = db.execute(
        update(Annotation)
        .where(Annotation.id == ann.id, Annotation.version == version)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise Conflict("this annotation was changed elsewhere; reload it", code=ErrorCode.STALE_VERSION)
    if newly_submitted:
        _count_submission(db, item.id)
    db.refresh(ann)
    return annotation_view(ann, actor.email)


def _count_submission(db: Session, item_id: int) -> None:
    db.execute(
        update(Item)
        .where(Item.id == item_id)
        .values(submitted_count=Item.submitted_count + 1)
        .execution_options(synchronize_session=False)
    )


def list_annotations(db: Session, actor: Actor, item_id: int) -> list[AnnotationView]:
    """Managers and reviewers see everyone's; annotators only their own."""
    _, access = item_access(db, actor, item_id)
    query = (
        select(Annotation, User.email)
        .join(User, User.id == Annotation.author_id)
        .where(Annotation.item_id == item_id)
        .order_by(Annotation.id)
    )
    if not access.sees_everything:
        query = query.where(Annotation.author_id == actor.id)
    return [annotation_view(a, email) for a, email in db.execute(query)]
