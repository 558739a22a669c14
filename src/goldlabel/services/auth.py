"""Users, passwords, web sessions and API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection, bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput, Unauthorized
from goldlabel.core.security import hash_password, new_token, token_digest, verify_password
from goldlabel.db.models import ApiToken, User, WebSession, utcnow
from goldlabel.services.access import Actor
from goldlabel.services.views import UserView

MIN_PASSWORD_LENGTH = 8
SHORTCUT_ACTIONS = frozenset({"submit", "skip", "undo", "redo", "help", "next_control", "prev_control"})


@dataclass(frozen=True, slots=True)
class NewSession:
    token: str
    csrf_token: str
    user: UserView


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 320 or email.startswith("@") or email.endswith("@"):
        raise InvalidInput(f"{email!r} is not an email address", code=ErrorCode.INVALID_EMAIL)
    return email


def user_view(user: User) -> UserView:
    return UserView(id=user.id, email=user.email, is_admin=user.is_admin, shortcuts=user.shortcuts or {})


def create_user(db: Session, email: str, password: str, *, is_admin: bool = False) -> UserView:
    email = normalise_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"password must have at least {MIN_PASSWORD_LENGTH} characters", code=ErrorCode.WEAK_PASSWORD
        )
    user = User(email=email, password_hash=hash_password(password), is_admin=is_admin, shortcuts={})
    db.add(user)
    try:
        db.flush()
    except IntegrityError:
        raise Conflict(f"a user with email {email!r} already exists", code=ErrorCode.ALREADY_EXISTS) from None
    return user_view(user)


def list_users(db: Session) -> list[UserView]:
    return [user_view(u) for u in db.scalars(select(User).order_by(User.id))]


def authenticate(db: Session, email: str, password: str) -> User:
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    ok = verify_password(password, user.password_hash if user else None)
    if not ok or user is None or not user.is_active:
        raise Unauthorized("wrong email or password", code=ErrorCode.WRONG_CREDENTIALS)
    return user


def start_session(db: Session, user: User, *, ttl: timedelta) -> NewSession:
    token, csrf = new_token(), secrets.token_urlsafe(24)
    db.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
    db.add(
        WebSession(digest=token_digest(token), user_id=user.id, csrf_token=csrf, expires_at=utcnow() + ttl)
    )
    return NewSession(token=token, csrf_token=csrf, user=user_view(user))


def end_session(db: Session, token: str) -> None:
    db.execute(delete(WebSession).where(WebSession.digest == token_digest(token)))


def actor_from_session(db: Session, token: str) -> tuple[Actor, str] | None:
    """The session's user and its CSRF token, or None if the session is unknown or expired."""
    row = db.execute(
        select(User.id, User.email, User.is_admin, WebSession.csrf_token)
        .join(WebSession, WebSession.user_id == User.id)
        .where(
            WebSession.digest == token_digest(token),
            WebSession.expires_at > utcnow(),
            User.is_active.is_(True),
        )
    ).first()
    if row is None:
        return None
    return Actor(id=row.id, email=row.email, is_admin=row.is_admin), row.csrf_token


# Built once: every API call makes this lookup, and building the statement cost more than
# running it. Takes a bare Connection too (no ORM session needed for one read).
_TOKEN_ACTOR = (
    select(User.id, User.email, User.is_admin)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.digest == bindparam("digest"), User.is_active.is_(True))
)


def actor_from_token(db: Session | Connection, token: str) -> Actor | None:
    row = db.execute(_TOKEN_ACTOR, {"digest": token_digest(token)}).first()
    return Actor(id=row.id, email=row.email, is_admin=row.is_admin) if row else None


def create_token(db: Session, user_id: int, *, name: str = "") -> str:
    token = new_token()
    db.add(ApiToken(user_id=user_id, digest=token_digest(token), name=name[:200]))
    return token


def create_token_for_email(db: Session, email: str, *, name: str = "cli") -> str:
    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise InvalidInput(f"no user with email {email!r}")
    return create_token(db, user.id, name=name)


def get_user(db: Session, actor: Actor) -> UserView:
    user = db.get(User, actor.id)
    if user is None:
        raise Unauthorized("user no longer exists")
    return user_view(user)


def set_shortcuts(db: Session, actor: Actor, shortcuts: dict[str, str]) -> UserView:
    """Store the user's key bindings; each action one single key, no two actions on one key."""
    unknown = set(shortcuts) - SHORTCUT_ACTIONS
    if unknown:
        raise InvalidInput(f"unknown shortcut action(s) {sorted(unknown)}; known: {sorted(SHORTCUT_ACTIONS)}")
    keys = list(shortcuts.values())
    if any(not k or len(k) > 40 for k in keys):
        raise InvalidInput("each shortcut must be a key name of at most 40 characters")
    if len(set(keys)) != len(keys):
        raise InvalidInput("two actions share the same key")
    if any(k.isdigit() and len(k) == 1 for k in keys):
        raise InvalidInput("digits are label keys; choose another key")
    user = db.get(User, actor.id)
    if user is None:
        raise Unauthorized("user no longer exists")
    user.shortcuts = dict(shortcuts)
    return user_view(user)
