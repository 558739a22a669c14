"""The current user's project invitations: list, accept (join the project), decline."""

from __future__ import annotations

from fastapi import APIRouter, Response

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import invitations
from goldlabel.services.views import MyInvitationView, ProjectView

router = APIRouter(prefix="/api/invitations", tags=["members"])


@router.get("")
def my_invitations(actor: ActorDep, database: DatabaseDep) -> list[MyInvitationView]:
    with database.session() as db:
        return invitations.my_invitations(db, actor)


@router.post("/{invitation_id}/accept")
def accept(invitation_id: DbId, actor: ActorDep, database: DatabaseDep) -> ProjectView:
    with database.session(write=True) as db:
        return invitations.accept(db, actor, invitation_id)


@router.delete("/{invitation_id}", status_code=204)
def decline(invitation_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    with database.session(write=True) as db:
        invitations.decline(db, actor, invitation_id)
    return Response(status_code=204)
