"""API tokens: created with an optional expiry, listed without their secret, revoked by id.

A token is stored as its SHA-256 digest: the secret is shown once, at creation, and never again.
An expired token, or one of a deactivated account, authenticates nobody.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Connection, bindparam, delete, or_, select
from sqlalchemy.orm import Session

from goldlabel.core.errors import InvalidInput, NotFound
from goldlabel.core.limits import MAX_TOKEN_DAYS, MAX_TOKEN_NAME_CHARS
from goldlabel.core.security import new_token, token_digest
from goldlabel.db.models import ApiToken, User, utcnow
from goldlabel.services.access import Actor
from goldlabel.services.views import NewToken, TokenView

# Built once: every API call makes this lookup, and building the statement cost more than
# running it. Takes a bare Connection too (no ORM session needed for one read).
_TOKEN_ACTOR = (
    select(User.id, User.email, User.is_admin)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(
        ApiToken.digest == bindparam("digest"),
        User.is_active.is_(True),
        or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > bindparam("now")),
    )
)


def actor_from_token(db: Session | Connection, token: str) -> Actor | None:
    row = db.execute(_TOKEN_ACTOR, {"digest": token_digest(token), "now": utcnow()}).first()
    return Actor(id=row.id, email=row.email, is_admin=row.is_admin) if row else None


def create_token(
    db: Session, user_id: int, *, name: str = "", expires_in_days: int | None = None
) -> NewToken:
    """A new token for the user; ``expires_in_days`` None means it never expires."""
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise InvalidInput(f"a token expires in 1 to {MAX_TOKEN_DAYS} days (or never)")
    secret = new_token()
    row = ApiToken(
        user_id=user_id,
        digest=token_digest(secret),
        name=name.strip()[:MAX_TOKEN_NAME_CHARS],
        created_at=utcnow(),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    db.add(row)
    db.flush()
    return NewToken(token=secret, **_view(row).model_dump())


def list_tokens(db: Session, user_id: int) -> list[TokenView]:
    rows = db.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id))
    return [_view(row) for row in rows]


def revoke_token(db: Session, token_id: int, *, owner_id: int | None) -> None:
    """Delete a token. With ``owner_id``, only that user's (anyone else's is NotFound, exactly
    like a missing id); None is the local operator, who may revoke any."""
    stmt = delete(ApiToken).where(ApiToken.id == token_id)
    if owner_id is not None:
        stmt = stmt.where(ApiToken.user_id == owner_id)
    if db.connection().execute(stmt).rowcount == 0:
        raise NotFound("token not found")


def _view(row: ApiToken) -> TokenView:
    return TokenView(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        expires_at=row.expires_at,
        expired=row.expires_at is not None and row.expires_at <= utcnow(),
    )
