"""Live workshops: create, join, answer, reveal, next, close, the report, a question from a
disputed item, and the Server-Sent-Events stream of the workshop's state (docs/API.md,
"Live workshops")."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from goldlabel.api.deps import SESSION_COOKIE, ActorDep, DatabaseDep, DbId
from goldlabel.api.workshop_push import Listener, hub_of, poke
from goldlabel.core.errors import GoldlabelError
from goldlabel.core.limits import MAX_DB_ID
from goldlabel.services import questions, workshops
from goldlabel.services.feedback_views import QuestionView
from goldlabel.services.workshop_views import (
    Snapshot,
    WorkshopReport,
    WorkshopState,
    WorkshopSummary,
    state_for,
)

router = APIRouter(prefix="/api", tags=["workshops"])

HEARTBEAT_S = 15.0  # a comment line this often; access is checked again each time
MAX_STREAM_S = 600.0  # a stream ends after this; the browser reconnects and gets the full state
RETRY_MS = 1000
TRAINEE_EVERY_S = 0.5  # a trainee's answered/joined counts; reveals and moves are sent at once


class WorkshopIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=workshops.MAX_TITLE_CHARS)
    item_ids: list[int] | None = Field(
        default=None, max_length=workshops.MAX_WORKSHOP_ITEMS, description="gold items, in order"
    )
    gold_set: Literal["practice", "exam", "example", "honeypot"] | None = Field(
        default=None, description="or every item of one gold set (not honeypot)"
    )


class WorkshopAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: int = Field(ge=1, le=MAX_DB_ID, description="the current item (refused once it is not)")
    result: dict[str, Any]


class NextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    position: int | None = Field(default=None, ge=0, description="move on only from this position")


class WorkshopQuestionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: int = Field(ge=1, le=MAX_DB_ID)
    text: str = Field(min_length=1, max_length=questions.MAX_QUESTION_CHARS)


@router.get("/projects/{project_id}/workshops")
async def list_workshops(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[WorkshopSummary]:
    """Every member: the project's workshops, open ones first."""
    return await database.run(lambda db: workshops.listing(db, actor, project_id))


@router.post("/projects/{project_id}/workshops", status_code=201)
async def create_workshop(
    project_id: DbId, body: WorkshopIn, actor: ActorDep, database: DatabaseDep
) -> WorkshopState:
    """Reviewers and managers: open a workshop on gold items (ids in order, or a gold set); the
    caller is its trainer."""
    items = [int(i) for i in body.item_ids] if body.item_ids is not None else None
    gold_set = body.gold_set
    return await database.run(
        lambda db: workshops.create(
            db, actor, project_id, title=body.title, item_ids=items, gold_set=gold_set
        ),
        write=True,
    )


@router.get("/workshops/{workshop_id}")
async def get_workshop(workshop_id: DbId, actor: ActorDep, database: DatabaseDep) -> WorkshopState:
    """The workshop as the caller may see it now (trainer, trainee or guest: `you`)."""
    return await database.run(lambda db: workshops.get_state(db, actor, workshop_id))


@router.post("/workshops/{workshop_id}/join")
async def join_workshop(
    workshop_id: DbId, request: Request, actor: ActorDep, database: DatabaseDep
) -> WorkshopState:
    """Any member of the project joins (again: no change)."""
    await database.run(lambda db: workshops.join(db, actor, workshop_id), write=True)
    poke(request.app, workshop_id)
    return await database.run(lambda db: workshops.get_state(db, actor, workshop_id))


@router.post("/workshops/{workshop_id}/answer")
async def answer_workshop(
    workshop_id: DbId, body: WorkshopAnswerIn, request: Request, actor: ActorDep, database: DatabaseDep
) -> WorkshopState:
    """A trainee answers the current item (again: replaces it until the reveal)."""
    await database.run(
        lambda db: workshops.answer(db, actor, workshop_id, body.item_id, body.result), write=True
    )
    poke(request.app, workshop_id)
    # The state is read after the commit: the write holds SQLite's one writer as briefly as it can.
    return await database.run(lambda db: workshops.trainee_state(db, actor, workshop_id))


@router.post("/workshops/{workshop_id}/reveal")
async def reveal_workshop(
    workshop_id: DbId, request: Request, actor: ActorDep, database: DatabaseDep
) -> WorkshopState:
    """The trainer shows the reference and explanations to everyone; answers are graded."""
    state = await database.run(lambda db: workshops.reveal(db, actor, workshop_id), write=True)
    poke(request.app, workshop_id)
    return state


@router.post("/workshops/{workshop_id}/next")
async def next_item(
    workshop_id: DbId, request: Request, actor: ActorDep, database: DatabaseDep, body: NextIn | None = None
) -> WorkshopState:
    """The trainer moves everyone to the next item."""
    position = body.position if body is not None else None
    state = await database.run(
        lambda db: workshops.advance(db, actor, workshop_id, from_position=position), write=True
    )
    poke(request.app, workshop_id)
    return state


@router.post("/workshops/{workshop_id}/close")
async def close_workshop(
    workshop_id: DbId, request: Request, actor: ActorDep, database: DatabaseDep
) -> WorkshopState:
    state = await database.run(lambda db: workshops.close(db, actor, workshop_id), write=True)
    poke(request.app, workshop_id)
    return state


@router.post("/workshops/{workshop_id}/question", status_code=201)
async def workshop_question(
    workshop_id: DbId, body: WorkshopQuestionIn, actor: ActorDep, database: DatabaseDep
) -> QuestionView:
    """The trainer turns a disputed item into a question in the project's queue, in one step."""
    return await database.run(
        lambda db: workshops.ask_about(db, actor, workshop_id, body.item_id, body.text), write=True
    )


@router.get("/workshops/{workshop_id}/report")
async def workshop_report(workshop_id: DbId, actor: ActorDep, database: DatabaseDep) -> WorkshopReport:
    """Scores per trainee and item (a trainee: their own row)."""
    return await database.run(lambda db: workshops.report(db, actor, workshop_id))


async def _coalesced(listener: Listener, snapshot: Snapshot, until: float) -> Snapshot:
    """A trainee's count updates at most every ``TRAINEE_EVERY_S``: wait until ``until`` taking
    newer snapshots, but stop at once on a reveal or a move (what a trainee must see now)."""
    loop = asyncio.get_running_loop()
    phase = (snapshot.state, snapshot.position)
    while (remaining := until - loop.time()) > 0:
        try:
            await asyncio.wait_for(listener.changed.wait(), remaining)
        except TimeoutError:
            break
        if listener.gone:
            break
        newer = listener.take()
        if newer is not None:
            snapshot = newer
            if (newer.state, newer.position) != phase:
                break
    return snapshot


def _event(name: str, data: str, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {name}\ndata: {data}\n\n"


@router.get(
    "/workshops/{workshop_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
)
async def workshop_events(
    workshop_id: DbId, request: Request, actor: ActorDep, database: DatabaseDep
) -> StreamingResponse:
    """Server-Sent Events for the trainer and joined trainees: `state` events, each the whole
    `WorkshopState` as the caller may see it (id: the revision), the current one first, so a
    reconnect (with or without Last-Event-ID) gets the full state; `: ping` comments every
    15 s; `gone` when the caller lost access (the stream then ends)."""
    leading = await database.run(lambda db: workshops.viewer(db, actor, workshop_id))
    hub = hub_of(request.app)
    started = time.monotonic()
    cookie = None if request.headers.get("authorization") else request.cookies.get(SESSION_COOKIE)

    async def recheck() -> bool | None:
        """Whether the caller still leads; None when they lost access (or their session)."""
        try:
            return await database.run(lambda db: workshops.viewer(db, actor, workshop_id, session=cookie))
        except GoldlabelError:
            return None

    async def stream() -> AsyncIterator[str]:
        nonlocal leading
        loop = asyncio.get_running_loop()
        phase: tuple[str, int] | None = None
        sent_at = 0.0
        yield f"retry: {RETRY_MS}\n\n"
        async with hub.listen(workshop_id) as listener:
            while time.monotonic() - started < MAX_STREAM_S:
                try:
                    await asyncio.wait_for(listener.changed.wait(), HEARTBEAT_S)
                except TimeoutError:
                    again = await recheck()
                    if again is None:
                        yield _event("gone", "{}")
                        return
                    leading = again
                    yield ": ping\n\n"
                    continue
                if listener.gone:
                    yield _event("gone", "{}")
                    return
                snapshot = listener.take()
                if snapshot is None:
                    continue
                if not leading and (snapshot.state, snapshot.position) == phase:
                    snapshot = await _coalesced(listener, snapshot, sent_at + TRAINEE_EVERY_S)
                phase, sent_at = (snapshot.state, snapshot.position), loop.time()
                view = state_for(snapshot, actor.id, leads=leading)
                if view.you == "guest":  # left the workshop's project or its participants
                    yield _event("gone", "{}")
                    return
                yield _event("state", view.model_dump_json(), snapshot.revision)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
