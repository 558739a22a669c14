"""The current user's project invitations: list, accept (join the project), decline."""

from __future__ import annotations

from fastapi import APIRouter, Response

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import invitations
from goldlabel.services.views import MyInvitationView, ProjectView

router = APIRouter(prefix="/api/invitations", tags=["members"])


@router.get("")
async def my_invitations(actor: ActorDep, database: DatabaseDep) -> list[MyInvitationView]:
    return await database.run(lambda db: invitations.my_invitations(db, actor))


@router.post("/{invitation_id}/accept")
async def accept(invitation_id: DbId, actor: ActorDep, database: DatabaseDep) -> ProjectView:
    return await database.run(lambda db: invitations.accept(db, actor, invitation_id), write=True)


@router.delete("/{invitation_id}", status_code=204)
async def decline(invitation_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    await database.run(lambda db: invitations.decline(db, actor, invitation_id), write=True)
    return Response(status_code=204)
