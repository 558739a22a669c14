"""Teams (docs/API.md, "Teams"): groups of accounts added to projects at once, and the
assignment of items to a person or a team."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, model_validator

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.core.limits import MAX_DB_ID, MAX_ITEMS_PER_DELETE
from goldlabel.services import item_assignment, teams
from goldlabel.services.items import ItemQuery
from goldlabel.services.team_views import (
    AssignmentResult,
    ProjectTeamChange,
    ProjectTeamView,
    TeamDetail,
    TeamMemberView,
    TeamView,
)
from goldlabel.services.views import Role

router = APIRouter(prefix="/api", tags=["teams"])


class TeamIn(BaseModel):
    name: str = Field(min_length=1, max_length=teams.TEAM_NAME_MAX)


class TeamMemberIn(BaseModel):
    email: str = Field(max_length=320)


class ProjectTeamIn(BaseModel):
    team_id: int = Field(ge=1, le=MAX_DB_ID)
    role: Role = "annotator"


class AssignIn(BaseModel):
    """Which items (``ids``, or every item matching ``query``, the Items tab's filters) go to whom:
    ``assignee_id`` (a member) or ``team_id`` (a team on the project); neither releases them."""

    ids: list[int] | None = Field(default=None, min_length=1, max_length=MAX_ITEMS_PER_DELETE)
    query: ItemQuery | None = None
    assignee_id: int | None = Field(default=None, ge=1, le=MAX_DB_ID)
    team_id: int | None = Field(default=None, ge=1, le=MAX_DB_ID)

    @model_validator(mode="after")
    def _one_each(self) -> AssignIn:
        if (self.ids is None) == (self.query is None):
            raise ValueError("give either ids or query")
        if self.assignee_id is not None and self.team_id is not None:
            raise ValueError("assign to a person or to a team, not both")
        return self


@router.get("/teams")
async def list_teams(actor: ActorDep, database: DatabaseDep) -> list[TeamView]:
    """Every team (holders of the project-creation right and admins)."""
    return await database.run(lambda db: teams.list_teams(db, actor))


@router.post("/teams", status_code=201)
async def create_team(body: TeamIn, actor: ActorDep, database: DatabaseDep) -> TeamView:
    return await database.run(lambda db: teams.create_team(db, actor, body.name), write=True)


@router.get("/teams/{team_id}")
async def get_team(team_id: DbId, actor: ActorDep, database: DatabaseDep) -> TeamDetail:
    return await database.run(lambda db: teams.get_team(db, actor, team_id))


@router.patch("/teams/{team_id}")
async def rename_team(team_id: DbId, body: TeamIn, actor: ActorDep, database: DatabaseDep) -> TeamDetail:
    return await database.run(lambda db: teams.rename_team(db, actor, team_id, body.name), write=True)


@router.delete("/teams/{team_id}", status_code=204)
async def delete_team(team_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    """The team leaves every project first, taking the members it brought with it."""
    await database.run(lambda db: teams.delete_team(db, actor, team_id), write=True)
    return Response(status_code=204)


@router.post("/teams/{team_id}/members", status_code=201)
async def add_team_member(
    team_id: DbId, body: TeamMemberIn, actor: ActorDep, database: DatabaseDep
) -> TeamMemberView:
    """The account joins the team and every project the team is on (with the team's role there)."""
    return await database.run(lambda db: teams.add_team_member(db, actor, team_id, body.email), write=True)


@router.delete("/teams/{team_id}/members/{user_id}", status_code=204)
async def remove_team_member(
    team_id: DbId, user_id: DbId, actor: ActorDep, database: DatabaseDep
) -> Response:
    """The account leaves the team and the projects it was on only through the team."""
    await database.run(lambda db: teams.remove_team_member(db, actor, team_id, user_id), write=True)
    return Response(status_code=204)


@router.get("/projects/{project_id}/teams")
async def project_teams(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[ProjectTeamView]:
    return await database.run(lambda db: teams.project_teams(db, actor, project_id))


@router.post("/projects/{project_id}/teams", status_code=201)
async def add_team_to_project(
    project_id: DbId, body: ProjectTeamIn, actor: ActorDep, database: DatabaseDep
) -> ProjectTeamChange:
    """One step: every member of the team becomes a project member with ``role`` (people on the
    project already keep theirs). Needs the manager role here and the right to manage the team."""
    return await database.run(
        lambda db: teams.add_team_to_project(db, actor, project_id, body.team_id, body.role), write=True
    )


@router.delete("/projects/{project_id}/teams/{team_id}")
async def remove_team_from_project(
    project_id: DbId, team_id: DbId, actor: ActorDep, database: DatabaseDep
) -> ProjectTeamChange:
    """The members the team brought leave (unless another team on the project holds them)."""
    return await database.run(
        lambda db: teams.remove_team_from_project(db, actor, project_id, team_id), write=True
    )


@router.post("/projects/{project_id}/items/assign")
async def assign_items(
    project_id: DbId, body: AssignIn, actor: ActorDep, database: DatabaseDep
) -> AssignmentResult:
    """Reserve items for one member or one team on the project (managers): the queue serves them
    to nobody else. Neither ``assignee_id`` nor ``team_id`` releases them to anyone."""
    return await database.run(
        lambda db: item_assignment.assign(
            db,
            actor,
            project_id,
            ids=body.ids,
            query=body.query,
            assignee_id=body.assignee_id,
            team_id=body.team_id,
        ),
        write=True,
        long=True,
    )
