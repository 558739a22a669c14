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
async def list_members(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[MemberView]:
    return await database.run(lambda db: members.list_members(db, actor, project_id))


@router.post("/projects/{project_id}/members", status_code=201)
async def add_member(project_id: DbId, body: MemberIn, actor: ActorDep, database: DatabaseDep) -> MemberAdded:
    """A member's email changes their role; any other email gets an invitation to accept. The
    answer is the same whether or not an account has that email."""
    return await database.run(
        lambda db: members.add_member(db, actor, project_id, email=body.email, role=body.role), write=True
    )


@router.delete("/projects/{project_id}/members/{user_id}", status_code=204)
async def remove_member(project_id: DbId, user_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    await database.run(lambda db: members.remove_member(db, actor, project_id, user_id), write=True)
    return Response(status_code=204)


@router.get("/projects/{project_id}/invitations")
async def list_invitations(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[InvitationView]:
    return await database.run(lambda db: members.list_invitations(db, actor, project_id))


@router.delete("/projects/{project_id}/invitations/{invitation_id}", status_code=204)
async def revoke_invitation(
    project_id: DbId, invitation_id: DbId, actor: ActorDep, database: DatabaseDep
) -> Response:
    await database.run(lambda db: members.revoke_invitation(db, actor, project_id, invitation_id), write=True)
    return Response(status_code=204)
