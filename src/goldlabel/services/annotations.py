"""Annotations: one save path for drafts and submissions, with optimistic concurrency.

``save_annotation`` is the only code that writes an annotation. POST (the first save on an
item) and PATCH (every later save, from the version the client last read) both call it, as the
web UI does: its first autosave creates a draft, later ones and the submission PATCH it. One
prebuilt statement reads all that a save decides on — the item, its project, the caller's
membership, assignment and annotation — and the rules of ``access.py`` decide on those values.

A submission holds one of the item's overlap slots: the caller's lock becomes the submission,
or, with no live lock (it expired and went back to the queue, or a manager labels directly), a
slot is claimed on the spot and refused with 409 when the item is already full.
A gold item holds no slot: a honeypot the queue served the caller is submitted without any
(and a gold item never served to them is refused exactly like a production item never served).
The submission of a honeypot comes back with practice-style feedback when the project's
``training.honeypot_feedback`` is on (read with the context: a production item costs nothing);
every other save answers ``feedback: null``.

On PostgreSQL a manager may delete the item between the read and the writes (the read locks
nothing: the hot path stays lock-free). Each write that then finds nothing — the insert's
foreign key, the slot's claim, the revision's update — answers 404, like any missing item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, case, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from goldlabel.controls.schema import ProjectSchema, ResultError, load_schema, validate_result
from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput, NotFound
from goldlabel.core.limits import MAX_LEAD_TIME_MS
from goldlabel.db.dialect import insert_or_skip
from goldlabel.db.models import (
    HOLDS_SLOT,
    Annotation,
    Assignment,
    AssignmentStatus,
    GoldSet,
    GuidelineVersion,
    Item,
    Member,
    Project,
    User,
    UTCDateTime,
    utcnow,
)
from goldlabel.services import pauses, review_flow
from goldlabel.services.access import (
    Actor,
    item_access,
    require_may_label,
    require_member,
    sees_everything,
)
from goldlabel.services.predictions import Anchoring, anchoring
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.slots import claim
from goldlabel.services.training_settings import read_settings
from goldlabel.services.training_views import PracticeFeedback, SavedAnnotationView
from goldlabel.services.views import AnnotationStatus, AnnotationView

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


def annotation_view(ann: Annotation | Row[Any], author: str) -> AnnotationView:
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


@dataclass(frozen=True, slots=True)
class NewOn:
    """The first save of the caller's annotation on an item (POST)."""

    item_id: int


@dataclass(frozen=True, slots=True)
class Revision:
    """A later save of the caller's annotation, from the version the client last read (PATCH)."""

    annotation_id: int
    version: int


# The project's latest published guideline, read with the context (a correlated subquery on the
# (project_id, major, minor) unique index, no extra round trip): every save records it.
_LATEST_GUIDELINE = (
    select(GuidelineVersion.id)
    .where(GuidelineVersion.project_id == Item.project_id)
    .order_by(GuidelineVersion.major.desc(), GuidelineVersion.minor.desc())
    .limit(1)
    .correlate(Item)
    .scalar_subquery()
)

# The statements of the save path, built once: on the labeling hot path building a statement
# costs more than running it.
_CONTEXT_COLUMNS = (
    Item.id.label("target_item_id"),
    _LATEST_GUIDELINE.label("latest_guideline_id"),
    Item.project_id,
    Item.data,
    Item.gold_set,
    Project.schema,
    Project.training,  # honeypot answers: the pause check's settings and the feedback setting
    Project.overlap,
    Project.archived_at,
    Project.show_predictions,
    Project.consensus,  # review sampling (``services.review_flow``)
    Member.role,
    Assignment.id.label("assignment_id"),
    Assignment.status.label("assignment_status"),
    Annotation.imported,
    Annotation.from_prediction,
    Annotation.prediction_distance,
    Annotation.review_status,
    *ANNOTATION_VIEW_COLUMNS,  # the caller's annotation, if any
)


def _with_project_and_caller(query: Select[Any]) -> Select[Any]:
    return (
        query.join(Project, Project.id == Item.project_id)
        .outerjoin(Member, (Member.project_id == Project.id) & (Member.user_id == bindparam("user_id")))
        .outerjoin(Assignment, (Assignment.item_id == Item.id) & (Assignment.user_id == bindparam("user_id")))
    )


_CONTEXT_ON_ITEM = _with_project_and_caller(
    select(*_CONTEXT_COLUMNS)
    .select_from(Item)
    .outerjoin(Annotation, (Annotation.item_id == Item.id) & (Annotation.author_id == bindparam("user_id")))
).where(Item.id == bindparam("item_id"))
_CONTEXT_OF_ANNOTATION = _with_project_and_caller(
    select(*_CONTEXT_COLUMNS).select_from(Annotation).join(Item, Item.id == Annotation.item_id)
).where(Annotation.id == bindparam("annotation_id"), Annotation.author_id == bindparam("user_id"))
# The status is checked by the UPDATE itself, not by the value read before: on PostgreSQL
# another request's expiry sweep may take the lock back in between.
# (``or_``, not ``in_``: an IN list is rendered anew at every execution.)
_KEEP_SLOT = (
    update(Assignment)
    .where(Assignment.id == bindparam("assignment_id"), or_(*(Assignment.status == s for s in HOLDS_SLOT)))
    .values(status=AssignmentStatus.SUBMITTED, expires_at=None)
)
_MARK_SUBMITTED = (
    update(Assignment)
    .where(Assignment.id == bindparam("assignment_id"))
    .values(status=AssignmentStatus.SUBMITTED, expires_at=None)
)
_INSERT_ASSIGNMENT = insert_or_skip(Assignment, Assignment.id)
_INSERT_ANNOTATION = insert_or_skip(Annotation, Annotation.id)
_DISTANCE_TYPE = Annotation.__table__.c.prediction_distance.type
_UPDATE_ANNOTATION = (
    update(Annotation)
    .where(Annotation.id == bindparam("annotation_id"), Annotation.version == bindparam("read_version"))
    .values(
        result=bindparam("new_result", type_=Annotation.__table__.c.result.type),
        status=bindparam("new_status"),
        lead_time_ms=bindparam("new_lead_time_ms"),
        # Active time adds up over saves (each save sends the time since the last), capped.
        active_ms=case(
            (Annotation.active_ms + bindparam("added_active_ms") > MAX_LEAD_TIME_MS, MAX_LEAD_TIME_MS),
            else_=Annotation.active_ms + bindparam("added_active_ms"),
        ),
        guideline_version_id=bindparam("guideline_version_id"),
        from_prediction=bindparam("from_prediction"),
        prediction_distance=bindparam("prediction_distance", type_=_DISTANCE_TYPE),
        version=Annotation.version + 1,
        updated_at=bindparam("now", type_=UTCDateTime()),
    )
)
# A submission landing or changing makes the item's final label stale (``services.final_labels``).
_COUNT_SUBMISSION = (
    update(Item)
    .where(Item.id == bindparam("item_id"))
    .values(submitted_count=Item.submitted_count + 1, final_stale=True)
)
_FINAL_STALE = update(Item).where(Item.id == bindparam("item_id")).values(final_stale=True)
# Asked only when a write found nothing: was the row deleted since the context was read?
_ITEM_EXISTS = select(Item.id).where(Item.id == bindparam("item_id"))
_ANNOTATION_EXISTS = select(Annotation.id).where(Annotation.id == bindparam("annotation_id"))


def save_annotation(
    db: Session,
    actor: Actor,
    target: NewOn | Revision,
    *,
    result: Any,
    status: AnnotationStatus,
    lead_time_ms: int | None,
    active_ms: int = 0,
) -> SavedAnnotationView:
    """Save the caller's annotation on an item, as a draft or submitted.

    ``lead_time_ms`` None keeps the stored time (0 for a new annotation); ``active_ms`` (the
    time the page saw input since its last save, ``services.costs``) is added to the stored one.
    A submitted annotation may be edited but never goes back to draft. The submission of a
    honeypot carries feedback when the project shows it (only the submission: a later edit of it does not).
    """
    conn = db.connection()
    if isinstance(target, NewOn):
        missing = "item not found"
        ctx = conn.execute(_CONTEXT_ON_ITEM, {"user_id": actor.id, "item_id": target.item_id}).first()
    else:
        missing = "annotation not found"
        ids = {"user_id": actor.id, "annotation_id": target.annotation_id}
        ctx = conn.execute(_CONTEXT_OF_ANNOTATION, ids).first()
    if ctx is None:
        raise NotFound(missing)
    role = require_member(actor, ctx.role, missing=missing)
    require_may_label(role, ctx.assignment_id is not None, missing=missing)
    refuse_if_archived(ctx.archived_at, "annotating" if isinstance(target, NewOn) else "editing annotations")
    if isinstance(target, Revision):
        _check_revision(ctx, target, status, actor.email)
    normalised = _validated(ctx, result, status)
    if isinstance(target, NewOn) and ctx.id is not None:
        raise _already_annotated()
    lead = _lead_time(lead_time_ms) if lead_time_ms is not None else (ctx.lead_time_ms or 0)
    active = _lead_time(active_ms, "active_ms")
    submits = status == "submitted" and ctx.status != "submitted"
    if submits:
        _hold_slot(db, actor, ctx, missing)
    now = utcnow()
    # Anchoring, server-side: only a project that serves predictions pays for the read.
    anchored = _anchored(conn, ctx, normalised)
    if isinstance(target, NewOn):
        annotation_id, version = _insert(db, actor, ctx, normalised, status, (lead, active), now, anchored), 1
    else:
        annotation_id, version = target.annotation_id, target.version + 1
        _update(db, target, normalised, status, (lead, active), now, ctx.latest_guideline_id, anchored)
    if submits:
        conn.execute(_COUNT_SUBMISSION, {"item_id": ctx.target_item_id})
    elif status == "submitted":
        conn.execute(_FINAL_STALE, {"item_id": ctx.target_item_id})
    # history row; review sampling of a submission, a corrected review back to review
    review_flow.after_save(
        db,
        ctx,
        author_id=actor.id,
        annotation_id=annotation_id,
        version=version,
        result=normalised,
        status=status,
        new=isinstance(target, NewOn),
    )
    feedback = None
    if submits and ctx.gold_set == GoldSet.HONEYPOT:
        # rolling accuracy; may pause
        pauses.after_honeypot_answer(db, ctx.project_id, actor.id, schema=ctx.schema, training=ctx.training)
        feedback = _honeypot_feedback(db, ctx, normalised)
    return SavedAnnotationView(
        id=annotation_id,
        item_id=ctx.target_item_id,
        author=actor.email,
        result=normalised,
        status=status,
        lead_time_ms=lead,
        version=version,
        created_at=ctx.created_at or now,
        updated_at=now,
        guideline_version_id=ctx.latest_guideline_id if sees_everything(role) else None,
        # As the listings show them: anchoring to managers and reviewers only.
        from_prediction=anchored[0] if sees_everything(role) else None,
        prediction_distance=anchored[1] if sees_everything(role) else None,
        imported=bool(ctx.imported) if sees_everything(role) else None,
        feedback=feedback,
    )


def _anchored(conn: Connection, ctx: Row[Any], answer: dict[str, Any]) -> Anchoring:
    """Anchoring, server-side: computed when the project serves predictions (only such a project
    pays for the read); otherwise a revision keeps what an earlier save recorded."""
    if ctx.show_predictions:
        return anchoring(conn, ctx.schema, ctx.target_item_id, answer)
    if ctx.id is None:
        return False, None
    return bool(ctx.from_prediction), ctx.prediction_distance


def _honeypot_feedback(db: Session, ctx: Row[Any], answer: dict[str, Any]) -> PracticeFeedback | None:
    """The feedback on a submitted honeypot, when the project shows it (its settings came with the
    context, so a project that does not show it costs no query)."""
    if not read_settings(ctx.training).honeypot_feedback:
        return None
    # Imported here: ``practice`` validates answers with this module's ``checked_result``.
    from goldlabel.services.practice import honeypot_feedback

    return honeypot_feedback(db, ctx.project_id, ctx.target_item_id, answer)


def _already_annotated() -> Conflict:
    return Conflict(
        "you already have an annotation on this item; update it with PATCH", code=ErrorCode.ALREADY_ANNOTATED
    )


def _check_revision(ctx: Row[Any], target: Revision, status: AnnotationStatus, author: str) -> None:
    if ctx.version != target.version:
        raise Conflict(
            "this annotation was changed elsewhere; reload it",
            code=ErrorCode.STALE_VERSION,
            current=annotation_view(ctx, author).model_dump(mode="json"),
        )
    if ctx.status == "submitted" and status == "draft":
        raise InvalidInput("a submitted annotation cannot go back to draft")


def _validated(ctx: Row[Any], result: Any, status: AnnotationStatus) -> dict[str, Any]:
    return checked_result(load_schema(ctx.schema), result, ctx.data, complete=status == "submitted")


def checked_result(
    schema: ProjectSchema, result: Any, data: dict[str, Any], *, complete: bool
) -> dict[str, Any]:
    """A result validated against the project's schema and the item's data, normalised, exactly
    as an annotation saves it (``complete``: as a submission), or ``INVALID_RESULT`` naming the
    control. Gold references go through here too, so the two can never disagree."""
    try:
        return validate_result(schema, result, data, complete=complete)
    except ResultError as exc:
        raise InvalidInput(exc.message, code=ErrorCode.INVALID_RESULT, control=exc.control) from None


def _lead_time(value: int, name: str = "lead_time_ms") -> int:
    if not 0 <= value <= MAX_LEAD_TIME_MS:
        raise InvalidInput(f"{name} must be between 0 and {MAX_LEAD_TIME_MS}")
    return value


def _hold_slot(db: Session, actor: Actor, ctx: Row[Any], missing: str) -> None:
    """Turn the caller's slot into the submission, or claim a free one (409 when the item is full,
    404 ``missing`` when it was deleted meanwhile)."""
    conn = db.connection()
    assigned = ctx.assignment_id is not None
    if assigned and ctx.gold_set is not None:
        # Gold holds no production slot: a honeypot the queue served (its lock live, expired or
        # given back) is answered without slot accounting, as a production item is with one.
        conn.execute(_MARK_SUBMITTED, {"assignment_id": ctx.assignment_id})
        return
    if assigned and conn.execute(_KEEP_SLOT, {"assignment_id": ctx.assignment_id}).rowcount == 1:
        return  # the lock (or an earlier submission) holds the slot
    if not claim(db, ctx.target_item_id, ctx.overlap):
        if _gone(conn, _ITEM_EXISTS, {"item_id": ctx.target_item_id}):
            raise NotFound(missing)
        raise Conflict(
            f"this item already has its {ctx.overlap} annotation(s); ask for the next item",
            code=ErrorCode.ITEM_FULL,
        )
    if assigned:  # the lock expired, or was given back: the slot just claimed becomes the submission
        conn.execute(_MARK_SUBMITTED, {"assignment_id": ctx.assignment_id})
        return
    submitted = {
        "project_id": ctx.project_id,
        "item_id": ctx.target_item_id,
        "user_id": actor.id,
        "status": AssignmentStatus.SUBMITTED,
        "expires_at": None,
        "created_at": utcnow(),
    }
    if conn.execute(_INSERT_ASSIGNMENT.for_(conn), submitted).scalar() is None:
        raise Conflict(
            "another request of yours took this item at the same moment; retry", code=ErrorCode.QUEUE_BUSY
        )


def _insert(
    db: Session,
    actor: Actor,
    ctx: Row[Any],
    result: dict[str, Any],
    status: AnnotationStatus,
    times: tuple[int, int],
    now: datetime,
    anchored: Anchoring,
) -> int:
    conn = db.connection()
    from_prediction, distance = anchored
    row = {
        "project_id": ctx.project_id,
        "item_id": ctx.target_item_id,
        "author_id": actor.id,
        "result": result,
        "status": status,
        "lead_time_ms": times[0],
        "active_ms": times[1],
        "version": 1,
        "guideline_version_id": ctx.latest_guideline_id,
        "from_prediction": from_prediction,
        "prediction_distance": distance,
        "imported": False,
        "created_at": now,
        "updated_at": now,
    }
    try:
        created: int | None = conn.execute(_INSERT_ANNOTATION.for_(conn), row).scalar()
    except IntegrityError:
        # A foreign key: the item (or its project) was deleted since the context was read. On
        # PostgreSQL the transaction is aborted now; raising rolls it back.
        raise NotFound("item not found") from None
    if created is None:  # a concurrent request of the caller's created it first
        raise _already_annotated()
    return created


def _update(
    db: Session,
    target: Revision,
    result: dict[str, Any],
    status: AnnotationStatus,
    times: tuple[int, int],
    now: datetime,
    guideline_version_id: int | None,
    anchored: Anchoring,
) -> None:
    from_prediction, distance = anchored
    values = {
        "from_prediction": from_prediction,
        "prediction_distance": distance,
        "guideline_version_id": guideline_version_id,
        "annotation_id": target.annotation_id,
        "read_version": target.version,
        "new_result": result,
        "new_status": status,
        "new_lead_time_ms": times[0],
        "added_active_ms": times[1],
        "now": now,
    }
    conn = db.connection()
    if conn.execute(_UPDATE_ANNOTATION, values).rowcount != 1:  # a concurrent save won, or a delete
        if _gone(conn, _ANNOTATION_EXISTS, {"annotation_id": target.annotation_id}):
            raise NotFound("annotation not found")  # deleted with its item
        raise Conflict("this annotation was changed elsewhere; reload it", code=ErrorCode.STALE_VERSION)


def _gone(conn: Connection, exists: Select[Any], ids: dict[str, int]) -> bool:
    return conn.execute(exists, ids).first() is None


def list_annotations(db: Session, actor: Actor, item_id: int) -> list[AnnotationView]:
    """Managers and reviewers see everyone's; annotators only their own."""
    _, access = item_access(db, actor, item_id)
    query = (
        select(Annotation, User.email, GuidelineVersion.major, GuidelineVersion.minor)
        .join(User, User.id == Annotation.author_id)
        .outerjoin(GuidelineVersion, GuidelineVersion.id == Annotation.guideline_version_id)
        .where(Annotation.item_id == item_id)
        .order_by(Annotation.id)
    )
    if not access.sees_everything:
        query = query.where(Annotation.author_id == actor.id)
    views = []
    for a, email, major, minor in db.execute(query):
        view = annotation_view(a, email)
        if access.sees_everything:
            view.from_prediction, view.prediction_distance = a.from_prediction, a.prediction_distance
            view.imported = a.imported
        if access.sees_everything and a.guideline_version_id is not None:
            view.guideline_version_id, view.guideline_version = a.guideline_version_id, f"{major}.{minor}"
        views.append(view)
    return views
