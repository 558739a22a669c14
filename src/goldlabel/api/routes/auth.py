"""Login, logout, the current user, shortcuts and API tokens."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import CSRF_COOKIE, SESSION_COOKIE, ActorDep, DatabaseDep, SettingsDep
from goldlabel.core.errors import RateLimited
from goldlabel.services import auth
from goldlabel.services.ratelimit import LoginKeys
from goldlabel.services.views import UserView

router = APIRouter(prefix="/api/auth", tags=["auth"])


class LoginIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class ShortcutsIn(BaseModel):
    shortcuts: dict[str, str]


class TokenIn(BaseModel):
    name: str = Field(default="", max_length=200)


class TokenOut(BaseModel):
    token: str


@router.post("/login")
def login(
    body: LoginIn, request: Request, response: Response, database: DatabaseDep, settings: SettingsDep
) -> UserView:
    """The attempt is counted before the password is checked (one short write), and the check
    (argon2, tens of ms) runs in a read transaction, so a login never holds the SQLite writer
    while hashing."""
    limiter = request.app.state.login_limiter
    keys = LoginKeys.of(body.email, request.client.host if request.client else "unknown")
    with database.session(write=True) as db:
        wait = limiter.attempt(db, keys)
    if wait:
        raise RateLimited("too many login attempts; wait and try again", retry_after=wait)
    with database.session() as db:
        user = auth.authenticate(db, body.email, body.password)
    with database.session(write=True) as db:
        limiter.succeeded(db, keys)
        session = auth.start_session(db, user, ttl=timedelta(hours=settings.session_ttl_hours))
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
def logout(request: Request, response: Response, database: DatabaseDep, _actor: ActorDep) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with database.session(write=True) as db:
            auth.end_session(db, token)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me")
def me(actor: ActorDep, database: DatabaseDep) -> UserView:
    with database.session() as db:
        return auth.get_user(db, actor)


@router.put("/me/shortcuts")
def set_shortcuts(body: ShortcutsIn, actor: ActorDep, database: DatabaseDep) -> UserView:
    with database.session(write=True) as db:
        return auth.set_shortcuts(db, actor, body.shortcuts)


@router.post("/tokens", status_code=201)
def create_token(body: TokenIn, actor: ActorDep, database: DatabaseDep) -> TokenOut:
    with database.session(write=True) as db:
        return TokenOut(token=auth.create_token(db, actor.id, name=body.name))
