"""Accounts and credentials: creating users, checking and changing passwords, web sessions,
the current user's own view and key bindings. API tokens live in ``tokens``; what admins do to
other accounts lives in ``users``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, ErrorCode, Forbidden, InvalidInput, Unauthorized
from goldlabel.core.passwords import check_password
from goldlabel.core.security import hash_password, new_token, token_digest, verify_password
from goldlabel.db.models import User, WebSession, utcnow
from goldlabel.services.access import Actor
from goldlabel.services.placeholders import is_reserved
from goldlabel.services.ratelimit import LoginKeys, LoginLimiter
from goldlabel.services.views import UserView

SHORTCUT_ACTIONS = frozenset(
    {
        "submit",
        "skip",
        "undo",
        "redo",
        "help",
        "next_control",
        "prev_control",
        "guideline",
        "definition",
        "ask",
    }
)


@dataclass(frozen=True, slots=True)
class NewPassword:
    """A password the policy accepted, hashed. argon2 takes tens of milliseconds, so a server
    request makes this on a worker thread before the write transaction that stores it: no
    transaction waits on a hash (on SQLite a write transaction holds the one writer)."""

    hash: str

    @classmethod
    def of(cls, password: str, *, email: str) -> NewPassword:
        check_password(password, email=email)
        return cls(hash_password(password))


@dataclass(frozen=True, slots=True)
class PasswordChange:
    """The user's own change, checked (the current password) and hashed; stored only over the
    hash it was checked against."""

    user_id: int
    checked_hash: str
    new: NewPassword


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
    db: Session,
    email: str,
    password: str | NewPassword,
    *,
    is_admin: bool = False,
    can_create_projects: bool = False,
) -> UserView:
    """A password as text is checked and hashed here (the CLI, the first start); a server request
    hashes it first (``NewPassword``)."""
    email = normalise_email(email)
    if is_reserved(email):
        raise InvalidInput(
            f"{email!r} is under the reserved .invalid domain (imported authors' placeholders)",
            code=ErrorCode.INVALID_EMAIL,
        )
    hashed = password if isinstance(password, NewPassword) else NewPassword.of(password, email=email)
    user = User(
        email=email,
        password_hash=hashed.hash,
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
    # A placeholder of an imported author (``placeholders``) never logs in, whatever is set on it.
    placeholder = user is not None and (user.imported_name is not None or is_reserved(user.email))
    if not ok or user is None or not user.is_active or placeholder:
        raise Unauthorized("wrong email or password", code=ErrorCode.WRONG_CREDENTIALS)
    return user


def start_session(db: Session, user: User, *, ttl: timedelta) -> NewSession:
    token, csrf = new_token(), secrets.token_urlsafe(24)
    db.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
    db.add(
        WebSession(digest=token_digest(token), user_id=user.id, csrf_token=csrf, expires_at=utcnow() + ttl)
    )
    return NewSession(token=token, csrf_token=csrf, user=user_view(user))


def log_in(db: Session, user: User, *, ttl: timedelta, limiter: LoginLimiter, keys: LoginKeys) -> NewSession:
    """After the right password (``authenticate``): the login's attempt counters are cleared (it
    was not a guess) and a session starts."""
    limiter.succeeded(db, keys)
    return start_session(db, user, ttl=ttl)


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


def set_password(db: Session, user: User, password: NewPassword, *, keep_session: str | None = None) -> None:
    """Replace the password and end the user's sessions but ``keep_session``."""
    user.password_hash = password.hash
    end_sessions(db, user.id, keep=keep_session)


def check_password_change(db: Session, actor: Actor, *, current: str, new: str) -> PasswordChange:
    """The user's own change needs the current password; the new one is checked and hashed.
    No writes: the server runs this on a worker thread, then ``change_own_password``."""
    user = _own(db, actor)
    if not verify_password(current, user.password_hash) or user.password_hash is None:
        raise _wrong_current_password()
    return PasswordChange(user.id, user.password_hash, NewPassword.of(new, email=user.email))


def change_own_password(
    db: Session, change: PasswordChange, *, session_token: str | None, limiter: LoginLimiter, keys: LoginKeys
) -> None:
    """Store a checked change, end the user's other sessions and clear the attempt counters. A
    password changed since it was checked is no longer the current one: refused like a wrong one."""
    stored = db.connection().execute(
        update(User)
        .where(User.id == change.user_id, User.password_hash == change.checked_hash)
        .values(password_hash=change.new.hash)
    )
    if stored.rowcount != 1:
        raise _wrong_current_password()
    end_sessions(db, change.user_id, keep=session_token)
    limiter.succeeded(db, keys)


def _wrong_current_password() -> Forbidden:
    return Forbidden("the current password is wrong", code=ErrorCode.WRONG_PASSWORD)


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
