"""Project members and the invitations their managers send."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import members
from goldlabel.services.views import InvitationView, MemberAdded, MemberView, Role

router = APIRouter(prefix="/api", tags=["members"])


class MemberIn(BaseModel):
    email: str = Field(max_length=320)
    role: Role


@router.get("/projects/{project_id}/members")
def list_members(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[MemberView]:
    with database.session() as db:
        return members.list_members(db, actor, project_id)


@router.post("/projects/{project_id}/members", status_code=201)
def add_member(project_id: DbId, body: MemberIn, actor: ActorDep, database: DatabaseDep) -> MemberAdded:
    """A member's email changes their role; any other email gets an invitation to accept. The
    answer is the same whether or not an account has that email."""
    with database.session(write=True) as db:
        return members.add_member(db, actor, project_id, email=body.email, role=body.role)


@router.delete("/projects/{project_id}/members/{user_id}", status_code=204)
def remove_member(project_id: DbId, user_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    with database.session(write=True) as db:
        members.remove_member(db, actor, project_id, user_id)
    return Response(status_code=204)


@router.get("/projects/{project_id}/invitations")
def list_invitations(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[InvitationView]:
    with database.session() as db:
        return members.list_invitations(db, actor, project_id)


@router.delete("/projects/{project_id}/invitations/{invitation_id}", status_code=204)
def revoke_invitation(
    project_id: DbId, invitation_id: DbId, actor: ActorDep, database: DatabaseDep
) -> Response:
    with database.session(write=True) as db:
        members.revoke_invitation(db, actor, project_id, invitation_id)
    return Response(status_code=204)
