"""Accounts and credentials: creating users, checking and changing passwords, web sessions,
the current user's own view and key bindings. API tokens live in ``tokens``; what admins do to
other accounts lives in ``users``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, ErrorCode, Forbidden, InvalidInput, Unauthorized
from goldlabel.core.passwords import check_password
from goldlabel.core.security import hash_password, new_token, token_digest, verify_password
from goldlabel.db.models import User, WebSession, utcnow
from goldlabel.services.access import Actor
from goldlabel.services.views import UserView

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
    return UserView(
        id=user.id,
        email=user.email,
        is_admin=user.is_admin,
        can_create_projects=user.is_admin or user.can_create_projects,
        shortcuts=user.shortcuts or {},
    )


def create_user(
    db: Session, email: str, password: str, *, is_admin: bool = False, can_create_projects: bool = False
) -> UserView:
    email = normalise_email(email)
    check_password(password, email=email)
    user = User(
        email=email,
        password_hash=hash_password(password),
        is_admin=is_admin,
        can_create_projects=can_create_projects,
        shortcuts={},
    )
    db.add(user)
    try:
        db.flush()
    except IntegrityError:
        raise Conflict(f"a user with email {email!r} already exists", code=ErrorCode.ALREADY_EXISTS) from None
    return user_view(user)


def user_by_email(db: Session, email: str) -> User:
    """The account with this email (for the local operator's CLI), or InvalidInput naming it."""
    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise InvalidInput(f"no user with email {email!r}")
    return user


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


def end_sessions(db: Session, user_id: int, *, keep: str | None = None) -> None:
    """Log the user out everywhere, except the session ``keep`` (the caller's own) if given."""
    stmt = delete(WebSession).where(WebSession.user_id == user_id)
    if keep:
        stmt = stmt.where(WebSession.digest != token_digest(keep))
    db.execute(stmt)


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


def set_password(db: Session, user: User, password: str, *, keep_session: str | None = None) -> None:
    """Replace the password (the policy applies) and end the user's sessions but ``keep_session``."""
    check_password(password, email=user.email)
    user.password_hash = hash_password(password)
    end_sessions(db, user.id, keep=keep_session)


def change_own_password(
    db: Session, actor: Actor, *, current: str, new: str, session_token: str | None
) -> None:
    """The user's own change: needs the current password; ends their other sessions."""
    user = _own(db, actor)
    if not verify_password(current, user.password_hash):
        raise Forbidden("the current password is wrong", code=ErrorCode.WRONG_PASSWORD)
    set_password(db, user, new, keep_session=session_token)


def get_user(db: Session, actor: Actor) -> UserView:
    return user_view(_own(db, actor))


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
    user = _own(db, actor)
    user.shortcuts = dict(shortcuts)
    return user_view(user)


def _own(db: Session, actor: Actor) -> User:
    user = db.get(User, actor.id)
    if user is None:
        raise Unauthorized("user no longer exists")
    return user
