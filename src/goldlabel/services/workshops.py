"""Live workshops: a trainer (reviewer or manager) leads the project's members through gold items
at the same time — everyone answers the current item, the trainer watches the answers arrive,
reveals the reference and its explanation, and moves on. Answers are kept per trainee and item
(``workshop_answers``, graded at the reveal), and a disputed item becomes a question in one step.

Items are gold items of the project outside the honeypot set: a honeypot shown and revealed in
a workshop would be recognised in the queue later. Every change participants should see grows
``workshops.revision`` in the same transaction, so the push (``api/workshop_push.py``) of any
server process notices it by reading that one integer; what each viewer may see is cut from one
``Snapshot`` by ``workshop_views.state_for``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import Conflict, ErrorCode, Forbidden, InvalidInput, NotFound, Unauthorized
from goldlabel.db.models import (
    Gold,
    GoldSet,
    Item,
    Project,
    User,
    Workshop,
    WorkshopAnswer,
    WorkshopParticipant,
)
from goldlabel.db.models.base import utcnow
from goldlabel.services import auth, questions
from goldlabel.services.access import Actor, ProjectAccess, project_access, require_role
from goldlabel.services.annotations import checked_result
from goldlabel.services.feedback_views import QuestionView
from goldlabel.services.grading import grade
from goldlabel.services.project_lifecycle import refuse_if_archived
from goldlabel.services.workshop_views import (
    AnswerRow,
    ReportItem,
    ReportRow,
    Snapshot,
    WorkshopItem,
    WorkshopReport,
    WorkshopState,
    WorkshopStateName,
    WorkshopSummary,
    distribution,
    state_for,
)

MAX_WORKSHOP_ITEMS = 200
MAX_TITLE_CHARS = 200
LIST_LIMIT = 100
ANSWERING, REVEALED, CLOSED = "answering", "revealed", "closed"


# ---- access ---------------------------------------------------------------------------------


def _load(db: Session, actor: Actor, workshop_id: int) -> tuple[Workshop, ProjectAccess]:
    """The workshop and the actor's access to its project; 404 alike for a missing workshop and
    one of a project the actor is not a member of."""
    workshop = db.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("workshop not found")
    try:
        access = project_access(db, actor, workshop.project_id)
    except NotFound:
        raise NotFound("workshop not found") from None
    return workshop, access


def leads(actor: Actor, workshop: Workshop, access: ProjectAccess) -> bool:
    """The trainer leads their workshop while they are a reviewer or above; a project manager
    may lead any (to close one its trainer left open)."""
    if access.role == "manager":
        return True
    return workshop.trainer_id == actor.id and access.role == "reviewer"


def _lead(db: Session, actor: Actor, workshop_id: int) -> tuple[Workshop, ProjectAccess]:
    workshop, access = _load(db, actor, workshop_id)
    require_role(access.role, "reviewer")
    if not leads(actor, workshop, access):
        raise Forbidden("only the workshop's trainer (or a project manager) may do this")
    return workshop, access


def _joined(db: Session, workshop_id: int, user_id: int) -> bool:
    found = select(WorkshopParticipant.user_id).where(
        WorkshopParticipant.workshop_id == workshop_id, WorkshopParticipant.user_id == user_id
    )
    return db.scalar(found) is not None


def viewer(db: Session, actor: Actor, workshop_id: int, *, session: str | None = None) -> bool:
    """Whether the actor leads the workshop; NotFound when they may no longer see it, Forbidden
    when they neither lead nor joined it (the push re-checks this on every heartbeat, with the
    browser's ``session`` token: Unauthorized once it was logged out or expired)."""
    if session is not None and auth.actor_from_session(db, session) is None:
        raise Unauthorized("your session has expired; log in again", code=ErrorCode.SESSION_EXPIRED)
    workshop, access = _load(db, actor, workshop_id)
    if leads(actor, workshop, access):
        return True
    if not _joined(db, workshop_id, actor.id):
        raise Forbidden("join the workshop first", code=ErrorCode.WORKSHOP_NOT_JOINED)
    return False


def _insert(db: Session, table: Any) -> Any:
    """An INSERT with ON CONFLICT in the dialect of the session (the two supported databases)."""
    return postgresql.insert(table) if db.get_bind().dialect.name == "postgresql" else sqlite.insert(table)


def _bump(db: Session, workshop_id: int, **values: Any) -> None:
    db.execute(
        update(Workshop).where(Workshop.id == workshop_id).values(revision=Workshop.revision + 1, **values)
    )


# ---- creating and listing -------------------------------------------------------------------


def _workshop_items(
    db: Session, project_id: int, item_ids: list[int] | None, gold_set: str | None
) -> list[int]:
    """The items in order: the ids given (deduplicated), or the gold set's items in queue order."""
    if (item_ids is None) == (gold_set is None):
        raise InvalidInput("give either item_ids or gold_set")
    if gold_set is not None:
        if gold_set == GoldSet.HONEYPOT:
            raise InvalidInput(
                "honeypot items cannot be shown in a workshop: trainees would recognise them later"
            )
        ids = list(
            db.scalars(
                select(Item.id)
                .join(Gold, Gold.item_id == Item.id)
                .where(Item.project_id == project_id, Item.gold_set == gold_set)
                .order_by(Item.rank, Item.id)
                .limit(MAX_WORKSHOP_ITEMS)
            )
        )
        if not ids:
            raise InvalidInput(f"the {gold_set} set has no items yet")
        return ids
    assert item_ids is not None
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise InvalidInput("choose at least one item")
    rows = dict(
        db.execute(
            select(Item.id, Item.gold_set)
            .join(Gold, Gold.item_id == Item.id)
            .where(Item.project_id == project_id, Item.id.in_(ids))
        ).all()
    )
    for item_id in ids:
        if item_id not in rows:
            raise InvalidInput(f"item {item_id} is not a gold item of this project", item_id=item_id)
        if rows[item_id] == GoldSet.HONEYPOT:
            raise InvalidInput(
                f"item {item_id} is a honeypot: trainees would recognise it later", item_id=item_id
            )
    return ids


def create(
    db: Session,
    actor: Actor,
    project_id: int,
    *,
    title: str,
    item_ids: list[int] | None,
    gold_set: str | None,
) -> WorkshopState:
    access = project_access(db, actor, project_id)
    require_role(access.role, "reviewer")
    refuse_if_archived(access.project.archived_at, "running a workshop")
    name = title.strip()
    if not name or len(name) > MAX_TITLE_CHARS:
        raise InvalidInput(f"the title must have 1 to {MAX_TITLE_CHARS} characters")
    workshop = Workshop(
        project_id=project_id,
        trainer_id=actor.id,
        title=name,
        item_ids=_workshop_items(db, project_id, item_ids, gold_set),
        position=0,
        state=ANSWERING,
        revision=0,
        created_at=utcnow(),
    )
    db.add(workshop)
    db.flush()
    return state_for(snapshot(db, workshop.id), actor.id, leads=True)


def listing(db: Session, actor: Actor, project_id: int) -> list[WorkshopSummary]:
    """The project's workshops, open ones first, newest first (every member: annotators join)."""
    project_access(db, actor, project_id)
    count = (
        select(func.count())
        .select_from(WorkshopParticipant)
        .where(WorkshopParticipant.workshop_id == Workshop.id)
        .scalar_subquery()
    )
    mine = (
        select(WorkshopParticipant.user_id)
        .where(WorkshopParticipant.workshop_id == Workshop.id, WorkshopParticipant.user_id == actor.id)
        .exists()
    )
    rows = db.execute(
        select(Workshop, User.email, count, mine)
        .outerjoin(User, User.id == Workshop.trainer_id)
        .where(Workshop.project_id == project_id)
        .order_by((Workshop.state == CLOSED).asc(), Workshop.created_at.desc(), Workshop.id.desc())
        .limit(LIST_LIMIT)
    )
    return [
        WorkshopSummary(
            id=w.id,
            project_id=w.project_id,
            title=w.title,
            state=_state_name(w.state),
            position=w.position,
            items=len(w.item_ids),
            trainer=email,
            participants=int(n or 0),
            joined=bool(joined),
            you_run_it=w.trainer_id == actor.id,
            created_at=w.created_at,
        )
        for w, email, n, joined in rows
    ]


def _state_name(value: str) -> WorkshopStateName:
    return REVEALED if value == REVEALED else CLOSED if value == CLOSED else ANSWERING  # type: ignore[return-value]


# ---- the snapshot ---------------------------------------------------------------------------


# The poller's statements, built once (building a select costs more than running it on SQLite).
_REVISION = select(Workshop.revision).where(Workshop.id == bindparam("wid"))
_HEAD = (
    select(
        Workshop.id,
        Workshop.project_id,
        Workshop.title,
        Workshop.item_ids,
        Workshop.position,
        Workshop.state,
        Workshop.revision,
        Workshop.trainer_id,
        Project.schema,
        User.email.label("trainer"),
    )
    .join(Project, Project.id == Workshop.project_id)
    .outerjoin(User, User.id == Workshop.trainer_id)
    .where(Workshop.id == bindparam("wid"))
)
_PARTICIPANTS = (
    select(User.id, User.email)
    .join(WorkshopParticipant, WorkshopParticipant.user_id == User.id)
    .where(WorkshopParticipant.workshop_id == bindparam("wid"))
)
_ITEM = (
    select(Item.data, Gold.result, Gold.explanations)
    .outerjoin(Gold, Gold.item_id == Item.id)
    .where(Item.id == bindparam("item"))
)
_ANSWERS = select(WorkshopAnswer.user_id, WorkshopAnswer.result, WorkshopAnswer.score).where(
    WorkshopAnswer.workshop_id == bindparam("wid"), WorkshopAnswer.item_id == bindparam("item")
)


def revision(db: Session, workshop_id: int) -> int | None:
    """The one-row primary-key read every process's poller makes (None: the workshop is gone)."""
    return db.execute(_REVISION, {"wid": workshop_id}).scalar()


def snapshot(db: Session, workshop_id: int) -> Snapshot:
    """Everything any viewer may be shown (unchecked: callers check access or cut it with
    ``state_for``). Four indexed reads: the workshop with its project and trainer, the
    participants, the current item with its gold, the item's answers."""
    workshop = db.execute(_HEAD, {"wid": workshop_id}).first()
    if workshop is None:
        raise NotFound("workshop not found")
    schema = load_schema(workshop.schema)
    participants: dict[int, str] = {
        uid: email for uid, email in db.execute(_PARTICIPANTS, {"wid": workshop_id})
    }
    item_ids = list(workshop.item_ids or [])
    item: WorkshopItem | None = None
    reference: dict[str, Any] | None = None
    explanations: dict[str, str] = {}
    answers: dict[int, AnswerRow] = {}
    if 0 <= workshop.position < len(item_ids):
        item_id = item_ids[workshop.position]
        row = db.execute(_ITEM, {"item": item_id}).first()
        if row is not None:
            item = WorkshopItem(id=item_id, data=row.data)
            reference = row.result
            explanations = {k: str(v) for k, v in (row.explanations or {}).items()}
            answers = {
                uid: AnswerRow(result=result, score=score)
                for uid, result, score in db.execute(_ANSWERS, {"wid": workshop_id, "item": item_id})
            }
    return Snapshot(
        id=workshop.id,
        project_id=workshop.project_id,
        title=workshop.title,
        state=_state_name(workshop.state),
        position=workshop.position,
        item_count=len(item_ids),
        revision=workshop.revision,
        trainer_id=workshop.trainer_id,
        trainer=workshop.trainer,
        schema=schema,
        participants=participants,
        item=item,
        reference=reference,
        explanations=explanations,
        answers=answers,
        distribution=distribution(schema, answers),
    )


def trainee_state(db: Session, actor: Actor, workshop_id: int) -> WorkshopState:
    """The state a trainee's answer returns, read right after the answer's own transaction
    checked their access (not checked again: the answer route's second, read-only step)."""
    return state_for(snapshot(db, workshop_id), actor.id, leads=False)


def get_state(db: Session, actor: Actor, workshop_id: int) -> WorkshopState:
    workshop, access = _load(db, actor, workshop_id)
    return state_for(snapshot(db, workshop_id), actor.id, leads=leads(actor, workshop, access))


# ---- taking part ----------------------------------------------------------------------------


def join(db: Session, actor: Actor, workshop_id: int) -> None:
    """Any member of the project joins (idempotent); the trainer leads and does not join."""
    workshop, access = _load(db, actor, workshop_id)
    if workshop.state == CLOSED:
        raise Conflict("this workshop is closed", code=ErrorCode.WORKSHOP_CLOSED)
    leading = leads(actor, workshop, access)
    if not leading and not _joined(db, workshop_id, actor.id):
        table = WorkshopParticipant.__table__
        values = {"workshop_id": workshop_id, "user_id": actor.id, "joined_at": utcnow()}
        db.execute(_insert(db, table).values(**values).on_conflict_do_nothing())
        _bump(db, workshop_id)


def answer(db: Session, actor: Actor, workshop_id: int, item_id: int, result: Any) -> None:
    """A trainee's answer to the current item (checked as a submission; sent again, it replaces
    the earlier one). 409 ``workshop_moved`` once the trainer revealed or moved on."""
    workshop, access = _load(db, actor, workshop_id)
    if not _joined(db, workshop_id, actor.id):
        raise Forbidden("join the workshop first", code=ErrorCode.WORKSHOP_NOT_JOINED)
    items = list(workshop.item_ids or [])
    if item_id not in items:
        raise NotFound("item not found in this workshop")
    position = items.index(item_id)
    if workshop.state != ANSWERING or workshop.position != position:
        raise Conflict("the trainer has revealed this item or moved on", code=ErrorCode.WORKSHOP_MOVED)
    data = db.execute(select(Item.data).where(Item.id == item_id)).scalar()
    if data is None:
        raise NotFound("item not found in this workshop")
    checked = checked_result(load_schema(access.project.schema), result, data, complete=True)
    # The workshop row first, conditional on the state read above: an answer racing a reveal
    # either lands before it (and is graded) or is refused.
    moved = db.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.state == ANSWERING, Workshop.position == position)
        .values(revision=Workshop.revision + 1)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("the trainer has revealed this item or moved on", code=ErrorCode.WORKSHOP_MOVED)
    values = {
        "workshop_id": workshop_id,
        "item_id": item_id,
        "user_id": actor.id,
        "result": checked,
        "score": None,
        "submitted_at": utcnow(),
    }
    db.execute(
        _insert(db, WorkshopAnswer.__table__)
        .values(**values)
        .on_conflict_do_update(
            index_elements=["workshop_id", "item_id", "user_id"],
            set_={"result": checked, "submitted_at": values["submitted_at"]},
        )
    )


# ---- leading --------------------------------------------------------------------------------


def reveal(db: Session, actor: Actor, workshop_id: int) -> WorkshopState:
    """Show the reference and explanations to everyone; every answer to the item is graded now
    (each control type's ``score``) and kept with its score."""
    workshop, access = _lead(db, actor, workshop_id)
    if workshop.state == ANSWERING:
        done = db.execute(
            update(Workshop)
            .where(
                Workshop.id == workshop_id,
                Workshop.state == ANSWERING,
                Workshop.position == workshop.position,
            )
            .values(state=REVEALED, revision=Workshop.revision + 1)
        )
        if done.rowcount == 1:  # type: ignore[attr-defined]
            _grade_current(db, workshop, access)
    elif workshop.state == CLOSED:
        raise Conflict("this workshop is closed", code=ErrorCode.WORKSHOP_CLOSED)
    db.expire_all()
    return state_for(snapshot(db, workshop_id), actor.id, leads=True)


def _grade_current(db: Session, workshop: Workshop, access: ProjectAccess) -> None:
    item_id = workshop.item_ids[workshop.position]
    row = db.execute(
        select(Item.data, Gold.result).join(Gold, Gold.item_id == Item.id).where(Item.id == item_id)
    ).first()
    if row is None:
        return  # the item left the gold sets since: nothing to grade against
    schema = load_schema(access.project.schema)
    answers = db.execute(
        select(WorkshopAnswer.id, WorkshopAnswer.result).where(
            WorkshopAnswer.workshop_id == workshop.id, WorkshopAnswer.item_id == item_id
        )
    ).all()
    for answer_id, result in answers:
        score = grade(schema, result, row.result, row.data).score
        db.execute(update(WorkshopAnswer).where(WorkshopAnswer.id == answer_id).values(score=score))


def advance(db: Session, actor: Actor, workshop_id: int, *, from_position: int | None) -> WorkshopState:
    """Move everyone to the next item (``from_position``: only if still there, so a double click
    moves once). 409 on the last item: close the workshop instead."""
    workshop, _ = _lead(db, actor, workshop_id)
    if workshop.state == CLOSED:
        raise Conflict("this workshop is closed", code=ErrorCode.WORKSHOP_CLOSED)
    here = workshop.position if from_position is None else from_position
    if here != workshop.position:
        raise Conflict("the workshop has already moved on", code=ErrorCode.WORKSHOP_MOVED)
    if here + 1 >= len(workshop.item_ids):
        raise Conflict("this is the last item: close the workshop", code=ErrorCode.WORKSHOP_MOVED)
    moved = db.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.position == here, Workshop.state != CLOSED)
        .values(position=here + 1, state=ANSWERING, revision=Workshop.revision + 1)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("the workshop has already moved on", code=ErrorCode.WORKSHOP_MOVED)
    db.expire_all()
    return state_for(snapshot(db, workshop_id), actor.id, leads=True)


def close(db: Session, actor: Actor, workshop_id: int) -> WorkshopState:
    workshop, _ = _lead(db, actor, workshop_id)
    if workshop.state != CLOSED:
        _bump(db, workshop_id, state=CLOSED, closed_at=utcnow())
    db.expire_all()
    return state_for(snapshot(db, workshop_id), actor.id, leads=True)


def ask_about(db: Session, actor: Actor, workshop_id: int, item_id: int, text: str) -> QuestionView:
    """A disputed item becomes a question in the project's queue, in one step (asked by the
    trainer; answered like any question, and from there made a guideline example)."""
    workshop, _ = _lead(db, actor, workshop_id)
    if item_id not in (workshop.item_ids or []):
        raise NotFound("item not found in this workshop")
    return questions.ask(db, actor, item_id, text=text, section=None)


def report(db: Session, actor: Actor, workshop_id: int) -> WorkshopReport:
    """Scores per trainee and item (None: not answered or not revealed yet). The trainer and
    managers see every trainee; a trainee their own row only."""
    workshop, access = _load(db, actor, workshop_id)
    leading = leads(actor, workshop, access)
    if not leading and not _joined(db, workshop_id, actor.id):
        raise Forbidden("join the workshop first", code=ErrorCode.WORKSHOP_NOT_JOINED)
    item_ids = list(workshop.item_ids or [])
    people = select(User.id, User.email).join(WorkshopParticipant, WorkshopParticipant.user_id == User.id)
    people = people.where(WorkshopParticipant.workshop_id == workshop_id)
    if not leading:
        people = people.where(User.id == actor.id)
    emails = dict(db.execute(people.order_by(User.email)).all())
    scores: dict[int, dict[int, float | None]] = {uid: {} for uid in emails}
    for uid, iid, score in db.execute(
        select(WorkshopAnswer.user_id, WorkshopAnswer.item_id, WorkshopAnswer.score).where(
            WorkshopAnswer.workshop_id == workshop_id, WorkshopAnswer.user_id.in_(list(emails))
        )
    ):
        scores[uid][iid] = score
    rows = []
    for uid, email in emails.items():
        mine = scores[uid]
        graded = [s for s in mine.values() if s is not None]
        rows.append(
            ReportRow(
                user=email,
                scores={str(i): mine.get(i) for i in item_ids},
                mean_score=sum(graded) / len(graded) if graded else None,
            )
        )
    items = []
    for position, iid in enumerate(item_ids):
        given = [scores[uid][iid] for uid in scores if iid in scores[uid]]
        graded = [s for s in given if s is not None]
        items.append(
            ReportItem(
                item_id=iid,
                position=position,
                answered=len(given),
                mean_score=sum(graded) / len(graded) if graded else None,
            )
        )
    return WorkshopReport(workshop_id=workshop_id, title=workshop.title, items=items, trainees=rows)
