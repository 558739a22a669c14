"""The current user's API tokens: create (optionally expiring), list without secrets, revoke."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.core.limits import MAX_TOKEN_DAYS, MAX_TOKEN_NAME_CHARS
from goldlabel.services import tokens
from goldlabel.services.views import NewToken, TokenView

router = APIRouter(prefix="/api/auth/tokens", tags=["auth"])


class TokenIn(BaseModel):
    name: str = Field(default="", max_length=MAX_TOKEN_NAME_CHARS)
    expires_in_days: int | None = Field(default=None, ge=1, le=MAX_TOKEN_DAYS, description="None: never")


@router.post("", status_code=201)
async def create_token(body: TokenIn, actor: ActorDep, database: DatabaseDep) -> NewToken:
    """The secret is in this answer only: it is stored as a digest and never shown again."""
    return await database.run(
        lambda db: tokens.create_token(db, actor.id, name=body.name, expires_in_days=body.expires_in_days),
        write=True,
    )


@router.get("")
async def list_tokens(actor: ActorDep, database: DatabaseDep) -> list[TokenView]:
    return await database.run(lambda db: tokens.list_tokens(db, actor.id))


@router.delete("/{token_id}", status_code=204)
async def revoke_token(token_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    """Only one's own tokens (anyone else's is 404, like a missing id)."""
    await database.run(lambda db: tokens.revoke_token(db, token_id, owner_id=actor.id), write=True)
    return Response(status_code=204)
