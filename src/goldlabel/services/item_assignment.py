"""Reserving items for a person or a team: the queue (``queue.CANDIDATE``) serves an item that
names an assignee only to them, one that names a team only to its members, and any other item
to anyone on the project. Assigning is a manager's bulk action over ids or the Items tab's
filters, all or nothing; a person and a team exclude each other on one item."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput, NotFound
from goldlabel.db.models import Item, Member, ProjectTeam
from goldlabel.services.access import Actor, project_access
from goldlabel.services.items import ItemQuery, matching
from goldlabel.services.team_views import AssignmentResult


def assign(
    db: Session,
    actor: Actor,
    project_id: int,
    *,
    ids: list[int] | None,
    query: ItemQuery | None,
    assignee_id: int | None,
    team_id: int | None,
) -> AssignmentResult:
    """Set (or, with neither, clear) the items' assignee; returns how many items changed hands."""
    access = project_access(db, actor, project_id, minimum="manager")
    if access.project.archived_at is not None:
        raise Conflict("this project is archived and read-only", code=ErrorCode.PROJECT_ARCHIVED)
    if assignee_id is not None and team_id is not None:
        raise InvalidInput("assign to a person or to a team, not both")
    if assignee_id is not None and db.get(Member, (project_id, assignee_id)) is None:
        raise InvalidInput("the assignee is not a member of this project", assignee_id=assignee_id)
    if team_id is not None and db.get(ProjectTeam, (project_id, team_id)) is None:
        raise InvalidInput("the team is not on this project; add it in the Members tab", team_id=team_id)
    scope = [Item.project_id == project_id]
    if ids is not None:
        wanted = sorted(set(ids))
        found = set(db.scalars(select(Item.id).where(Item.project_id == project_id, Item.id.in_(wanted))))
        missing = next((i for i in wanted if i not in found), None)
        if missing is not None:
            raise NotFound(f"item {missing} not found in this project; nothing was assigned", item=missing)
        scope.append(Item.id.in_(wanted))
    elif query is not None:
        scope.extend(matching(query, access.project))
    else:
        raise InvalidInput("give either ids or query")
    changed = db.connection().execute(
        update(Item).where(*scope).values(assignee_id=assignee_id, team_id=team_id)
    )
    return AssignmentResult(items=changed.rowcount, assignee_id=assignee_id, team_id=team_id)
