"""Request dependencies: the database, the acting user (session cookie or API token), CSRF."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from goldlabel.core.errors import ErrorCode, Forbidden, Unauthorized
from goldlabel.core.limits import MAX_DB_ID, MAX_PAGE, PAGE_SIZE_MAX
from goldlabel.core.security import constant_time_equal
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.services import access, auth, tokens
from goldlabel.services.access import Actor

SESSION_COOKIE = "goldlabel_session"
CSRF_COOKIE = "goldlabel_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# Async (though they never wait) because FastAPI runs a plain-def dependency on a worker thread:
# two thread hops a request for reading an attribute.
async def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


# Ids and pages are bounded at the edge: a number beyond 64 bits is a 422, never a database error.
DbId = Annotated[int, Path(ge=1, le=MAX_DB_ID)]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Query(ge=1, le=PAGE_SIZE_MAX)]

DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def current_actor(request: Request, database: DatabaseDep) -> Actor:
    """On SQLite the lookup (one indexed read of a local file; WAL readers never wait for writers)
    runs on the event loop: cheaper than the hop to a worker thread, which costs more than the read.
    A database across the network is read from a worker thread, as before."""
    return await _actor_for(request, database, csrf_on_safe_methods=False)


async def claiming_actor(request: Request, database: DatabaseDep) -> Actor:
    """For a GET that changes state (the queue's next item locks one): a cookie session must send
    the CSRF header on it too, so a cross-site link cannot claim items. Token clients are unaffected."""
    return await _actor_for(request, database, csrf_on_safe_methods=True)


async def _actor_for(request: Request, database: Database, *, csrf_on_safe_methods: bool) -> Actor:
    if database.is_sqlite:
        return _actor(request, database, csrf_on_safe_methods)
    return await run_in_threadpool(_actor, request, database, csrf_on_safe_methods)


def _actor(request: Request, database: Database, csrf_on_safe_methods: bool) -> Actor:
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() not in {"token", "bearer"} or not token:
            raise Unauthorized("use 'Authorization: Token <token>'")
        with database.engine.connect() as conn:  # a bare connection: cheaper than a session
            actor = tokens.actor_from_token(conn, token.strip())
        if actor is None:
            raise Unauthorized("invalid, revoked or expired API token", code=ErrorCode.INVALID_TOKEN)
        return actor
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise Unauthorized("log in first")
    with database.session() as db:
        found = auth.actor_from_session(db, cookie)
    if found is None:
        raise Unauthorized("your session has expired; log in again", code=ErrorCode.SESSION_EXPIRED)
    actor, csrf = found
    if csrf_on_safe_methods or request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not constant_time_equal(sent, csrf):
            raise Forbidden(
                "missing or wrong CSRF token: send the goldlabel_csrf cookie's value in X-CSRF-Token",
                code=ErrorCode.CSRF_FAILED,
            )
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]
ClaimingActorDep = Annotated[Actor, Depends(claiming_actor)]


async def require_admin(actor: ActorDep) -> Actor:
    """Global admins only; everyone else gets 403 admin_required."""
    access.require_admin(actor)
    return actor


AdminDep = Annotated[Actor, Depends(require_admin)]
