"""Project members."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import members
from goldlabel.services.views import MemberView, Role

router = APIRouter(prefix="/api", tags=["members"])


class MemberIn(BaseModel):
    email: str = Field(max_length=320)
    role: Role


@router.get("/projects/{project_id}/members")
def list_members(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[MemberView]:
    with database.session() as db:
        return members.list_members(db, actor, project_id)


@router.post("/projects/{project_id}/members", status_code=201)
def add_member(project_id: DbId, body: MemberIn, actor: ActorDep, database: DatabaseDep) -> MemberView:
    with database.session(write=True) as db:
        return members.add_member(db, actor, project_id, email=body.email, role=body.role)


@router.delete("/projects/{project_id}/members/{user_id}", status_code=204)
def remove_member(project_id: DbId, user_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    with database.session(write=True) as db:
        members.remove_member(db, actor, project_id, user_id)
    return Response(status_code=204)
