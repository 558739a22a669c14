"""The labeling queue: which item a user labels next, locks with a time-to-live, skips.

Invariant: ``items.claimed`` counts live locks plus submissions, and every claim is one
conditional UPDATE (``claimed < overlap``), so no interleaving of callers can give an item to
more annotators than the overlap allows. Honeypots (``honeypots.py``) are served through the
same lock and view without any slot. Finding a candidate is an indexed range read on
(project_id, open, rank); expired locks are swept through their own index. The statements are
built once at import: on the hot path building a statement costs more than running it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, exists, or_, select, update
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput, NotFound
from goldlabel.core.limits import QUEUE_CANDIDATE_ATTEMPTS, SKIP_REASON_MAX
from goldlabel.db.dialect import insert_or_skip
from goldlabel.db.models import (
    Annotation,
    Assignment,
    AssignmentStatus,
    Item,
    Member,
    Project,
    TeamMember,
    UTCDateTime,
    utcnow,
)
from goldlabel.services import gates
from goldlabel.services.access import Actor, item_access, require_member
from goldlabel.services.annotations import ANNOTATION_VIEW_COLUMNS, annotation_view
from goldlabel.services.honeypots import honeypot_rate, next_honeypot, wants_honeypot
from goldlabel.services.predictions import starting_answer
from goldlabel.services.slots import claim, release
from goldlabel.services.views import AnnotatorItemView
from goldlabel.services.workload import enforce_cap

_ACCESS = (
    select(Project.overlap, Project.archived_at, Project.training, Project.workload, Member.role)
    .outerjoin(Member, (Member.project_id == Project.id) & (Member.user_id == bindparam("user_id")))
    .where(Project.id == bindparam("project_id"))
)
# Lock order on PostgreSQL, so that concurrent callers never wait for each other in a cycle:
# ``next`` takes assignment rows only without waiting (SKIP LOCKED: a lock another transaction
# holds is being submitted, skipped or expired by it), then waits for item rows in id order; a
# submission waits for its own assignment row before it takes any item row.
#
# Public, like CANDIDATE: tests/api/test_query_plans.py checks the plans of these very statements.
EXPIRE = (
    update(Assignment)
    .where(
        Assignment.id.in_(
            select(Assignment.id)
            .where(
                Assignment.project_id == bindparam("expiring_project_id"),
                Assignment.status == AssignmentStatus.LOCKED,
                Assignment.expires_at < bindparam("now", type_=UTCDateTime()),
            )
            .with_for_update(skip_locked=True)
        )
    )
    .values(status=AssignmentStatus.EXPIRED)
    .returning(Assignment.item_id)
)
_HELD = (
    select(Assignment.id, Assignment.item_id)
    .where(
        Assignment.user_id == bindparam("user_id"),
        Assignment.project_id == bindparam("project_id"),
        Assignment.status == AssignmentStatus.LOCKED,
    )
    .limit(1)
    .with_for_update(skip_locked=True)
)
_RENEW = (
    update(Assignment)
    .where(Assignment.id == bindparam("assignment_id"))
    .values(expires_at=bindparam("expires_at", type_=UTCDateTime()))
)
# Assignment (``services.item_assignment``): an item naming a person is theirs, one naming a
# team its members'; the rest are anyone's. Checked on the rows the queue index reads.
FOR_CALLER = or_(
    and_(Item.assignee_id.is_(None), Item.team_id.is_(None)),
    Item.assignee_id == bindparam("user_id"),
    Item.team_id.in_(select(TeamMember.team_id).where(TeamMember.user_id == bindparam("user_id"))),
)
# The first open item in queue order that this user has never held: an index range read. On
# PostgreSQL concurrent callers skip each other's candidate rows and fan out; SQLite has no row
# locks (its one writer serialises callers) and its compiler leaves the clause out.
CANDIDATE = (
    select(Item.id)
    .where(
        Item.project_id == bindparam("project_id"),
        Item.open.is_(True),
        ~exists().where(Assignment.item_id == Item.id, Assignment.user_id == bindparam("user_id")),
        FOR_CALLER,
    )
    .order_by(Item.rank)
    .limit(1)
    .with_for_update(skip_locked=True)
)
# A second lock of the same user on the item (the unique (item_id, user_id) pair) inserts nothing.
_LOCK = insert_or_skip(Assignment, Assignment.id)
_SERVED = (
    select(Item.data, Project.show_predictions, *ANNOTATION_VIEW_COLUMNS)
    .join(Project, Project.id == Item.project_id)
    .outerjoin(Annotation, (Annotation.item_id == Item.id) & (Annotation.author_id == bindparam("user_id")))
    .where(Item.id == bindparam("item_id"))
)


def _overlap(conn: Connection, actor: Actor, project_id: int) -> tuple[int, float, dict[str, Any]] | None:
    """``project_access`` for the queue (any member may ask), reading only what it needs: the
    overlap, the honeypot rate and the workload caps; None when the project is archived: it
    serves nothing. Then the training gates: 403 with what to do before anything is claimed
    (``services.gates``)."""
    row = conn.execute(_ACCESS, {"user_id": actor.id, "project_id": project_id}).first()
    if row is None:
        raise NotFound("project not found")
    role = require_member(actor, row.role)
    if row.archived_at is not None:
        return None
    gates.enforce(conn, project_id, actor.id, role)  # training: guideline, pause, certification
    return int(row.overlap), honeypot_rate(row.training), row.workload


def expire_locks(db: Session, project_id: int, overlap: int, now: datetime) -> None:
    """Turn overdue locks into ``expired`` and free their slots (race-safe: one UPDATE ... RETURNING;
    an item whose two locks both ran out gets two slots back)."""
    freed = db.connection().execute(EXPIRE, {"expiring_project_id": project_id, "now": now}).scalars().all()
    if freed:
        release(db, sorted(freed), overlap)


def next_item(db: Session, actor: Actor, project_id: int, *, lock_ttl: timedelta) -> AnnotatorItemView | None:
    conn = db.connection()
    settings = _overlap(conn, actor, project_id)
    if settings is None:
        return None
    overlap, rate, workload = settings
    now = utcnow()
    expire_locks(db, project_id, overlap, now)
    ids = {"user_id": actor.id, "project_id": project_id}
    held = conn.execute(_HELD, ids).first()
    if held is not None:
        conn.execute(_RENEW, {"assignment_id": held.id, "expires_at": now + lock_ttl})
        return _served(conn, actor, held.item_id)
    enforce_cap(conn, ids, workload)  # 403 cap_reached; no statement when the project sets no cap
    lock = {**ids, "status": AssignmentStatus.LOCKED, "expires_at": now + lock_ttl, "created_at": now}
    honeypot = wants_honeypot(conn, ids, rate)
    for _ in range(QUEUE_CANDIDATE_ATTEMPTS):
        item_id = conn.execute(CANDIDATE, ids).scalar()
        if item_id is None:
            return None  # nothing for this user: no honeypot either (it would be the one item after a 204)
        if honeypot:
            # The production candidate is not claimed: the honeypot takes its turn (no slot).
            honeypot = False
            pot = next_honeypot(conn, ids)
            if pot is not None:  # else: none left this user never met; production as usual
                return _lock_and_serve(conn, actor, lock, pot)
        if claim(db, item_id, overlap):
            return _lock_and_serve(conn, actor, lock, item_id)
    raise Conflict("the queue is busy; retry", code=ErrorCode.QUEUE_BUSY)


def _lock_and_serve(conn: Connection, actor: Actor, lock: dict[str, Any], item_id: int) -> AnnotatorItemView:
    """The caller's lock on the item (a production item's slot is claimed already; a honeypot
    takes none), then the item as the annotator sees it: one path for both kinds."""
    if conn.execute(_LOCK.for_(conn), {**lock, "item_id": item_id}).scalar() is None:
        raise Conflict(
            "another request of yours took an item at the same moment; retry", code=ErrorCode.QUEUE_BUSY
        )
    return _served(conn, actor, item_id)


def _served(conn: Connection, actor: Actor, item_id: int) -> AnnotatorItemView:
    """The item as the annotator sees it, production or honeypot alike: its data, the caller's
    draft, and the starting answer when the project serves predictions (``services.predictions``)."""
    row = conn.execute(_SERVED, {"user_id": actor.id, "item_id": item_id}).one()
    return AnnotatorItemView(
        id=item_id,
        data=row.data,
        draft=annotation_view(row, actor.email) if row.id is not None else None,
        prediction=starting_answer(conn, item_id) if row.show_predictions else None,
    )


# A held or expired slot turns into a skip, one conditional UPDATE per starting status.
_SKIP_FROM = {
    status: update(Assignment)
    .where(
        Assignment.item_id == bindparam("skipped_item"),
        Assignment.user_id == bindparam("skipping_user"),
        Assignment.status == status,
    )
    .values(status=AssignmentStatus.SKIPPED, skip_reason=bindparam("reason"), expires_at=None)
    for status in (AssignmentStatus.LOCKED, AssignmentStatus.EXPIRED)
}


def skip_item(db: Session, actor: Actor, item_id: int, *, reason: str) -> None:
    """Give the item back (its slot goes to someone else) and never serve it to this user again.

    Each step is one conditional UPDATE, so an expiry sweep running meanwhile (PostgreSQL) cannot
    make the slot go back twice: a lock turns into a skip once, by whichever statement sees it.
    """
    if len(reason) > SKIP_REASON_MAX:
        raise InvalidInput(f"a skip reason has at most {SKIP_REASON_MAX} characters")
    item, access = item_access(db, actor, item_id)
    conn = db.connection()
    params = {"skipped_item": item_id, "skipping_user": actor.id, "reason": reason or "skipped"}
    if conn.execute(_SKIP_FROM[AssignmentStatus.LOCKED], params).rowcount == 1:
        release(db, [item.id], access.project.overlap)
    elif conn.execute(_SKIP_FROM[AssignmentStatus.EXPIRED], params).rowcount != 1:
        raise Conflict("you can only skip an item you hold and have not submitted", code=ErrorCode.NOT_HELD)
