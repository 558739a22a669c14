"""Login, logout, the current user: their view, key bindings and password."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import CSRF_COOKIE, SESSION_COOKIE, ActorDep, DatabaseDep, SettingsDep
from goldlabel.core.errors import RateLimited
from goldlabel.core.limits import MAX_PASSWORD_LENGTH
from goldlabel.db.engine import Database
from goldlabel.services import auth
from goldlabel.services.ratelimit import LoginKeys, LoginLimiter
from goldlabel.services.views import UserView

router = APIRouter(prefix="/api/auth", tags=["auth"])


class LoginIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=MAX_PASSWORD_LENGTH)


class ShortcutsIn(BaseModel):
    shortcuts: dict[str, str]


class PasswordChangeIn(BaseModel):
    current_password: str = Field(max_length=MAX_PASSWORD_LENGTH)
    new_password: str = Field(max_length=MAX_PASSWORD_LENGTH)


async def _count_attempt(request: Request, database: Database, email: str) -> LoginKeys:
    """Count a password guess before checking it (one short write); 429 over the limit."""
    limiter: LoginLimiter = request.app.state.login_limiter
    keys = LoginKeys.of(email, request.client.host if request.client else "unknown")
    wait = await database.run(lambda db: limiter.attempt(db, keys), write=True)
    if wait:
        raise RateLimited("too many login attempts; wait and try again", retry_after=wait)
    return keys


@router.post("/login")
async def login(
    body: LoginIn, request: Request, response: Response, database: DatabaseDep, settings: SettingsDep
) -> UserView:
    """The attempt is counted before the password is checked (one short write), and the check
    (argon2, tens of ms) runs in a read transaction, so a login never holds the SQLite writer
    while hashing."""
    # The check runs on a worker thread: a hash must not stall the event loop either.
    keys = await _count_attempt(request, database, body.email)
    user = await database.run(lambda db: auth.authenticate(db, body.email, body.password), long=True)
    limiter: LoginLimiter = request.app.state.login_limiter
    ttl = timedelta(hours=settings.session_ttl_hours)
    session = await database.run(
        lambda db: auth.log_in(db, user, ttl=ttl, limiter=limiter, keys=keys), write=True
    )
    max_age = settings.session_ttl_hours * 3600
    secure = settings.cookies_secure
    response.set_cookie(
        SESSION_COOKIE, session.token, max_age=max_age, httponly=True, samesite="lax", secure=secure, path="/"
    )
    response.set_cookie(
        CSRF_COOKIE,
        session.csrf_token,
        max_age=max_age,
        httponly=False,
        samesite="lax",
        secure=secure,
        path="/",
    )
    return session.user


@router.post("/logout", status_code=204)
async def logout(request: Request, response: Response, database: DatabaseDep, _actor: ActorDep) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await database.run(lambda db: auth.end_session(db, token), write=True)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me")
async def me(actor: ActorDep, database: DatabaseDep) -> UserView:
    return await database.run(lambda db: auth.get_user(db, actor))


@router.put("/me/shortcuts")
async def set_shortcuts(body: ShortcutsIn, actor: ActorDep, database: DatabaseDep) -> UserView:
    return await database.run(lambda db: auth.set_shortcuts(db, actor, body.shortcuts), write=True)


@router.post("/me/password", status_code=204)
async def change_password(
    body: PasswordChangeIn, request: Request, actor: ActorDep, database: DatabaseDep
) -> Response:
    """Needs the current password (each try counts like a login attempt); ends the user's other
    sessions, keeping the one that made the change."""
    # Both passwords are hashed on a worker thread, in a read transaction; the write that
    # stores the change is short.
    keys = await _count_attempt(request, database, actor.email)
    change = await database.run(
        lambda db: auth.check_password_change(
            db, actor, current=body.current_password, new=body.new_password
        ),
        long=True,
    )
    limiter: LoginLimiter = request.app.state.login_limiter
    keep = request.cookies.get(SESSION_COOKIE) if "authorization" not in request.headers else None
    await database.run(
        lambda db: auth.change_own_password(db, change, session_token=keep, limiter=limiter, keys=keys),
        write=True,
    )
    return Response(status_code=204)
