"""Who may do what: roles, membership checks and scoped loading of tenant data.

Every project-scoped use case goes through ``project_access``: a project the actor is not a
member of is NotFound, exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.core.errors import ErrorCode, Forbidden, NotFound
from goldlabel.db.models import Assignment, Item, Member, Project
from goldlabel.services.views import Role

ROLE_RANK: dict[str, int] = {"annotator": 0, "reviewer": 1, "manager": 2}


@dataclass(frozen=True, slots=True)
class Actor:
    id: int
    email: str
    is_admin: bool


@dataclass(frozen=True, slots=True)
class ProjectAccess:
    project: Project
    role: Role

    @property
    def sees_everything(self) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK["reviewer"]


def project_access(
    db: Session, actor: Actor, project_id: int, *, minimum: Role = "annotator"
) -> ProjectAccess:
    row = db.execute(
        select(Project, Member.role)
        .outerjoin(Member, (Member.project_id == Project.id) & (Member.user_id == actor.id))
        .where(Project.id == project_id)
    ).first()
    if row is None or (row.role is None and not actor.is_admin):
        raise NotFound("project not found")
    role: Role = "manager" if actor.is_admin else row.role
    if ROLE_RANK[role] < ROLE_RANK[minimum]:
        raise Forbidden(
            f"this needs the {minimum} role on the project", code=ErrorCode.ROLE_REQUIRED, role=minimum
        )
    return ProjectAccess(project=row.Project, role=role)


def item_access(
    db: Session, actor: Actor, item_id: int, *, minimum: Role = "annotator"
) -> tuple[Item, ProjectAccess]:
    """Load an item the actor may see: annotators only see items served to them."""
    item = db.get(Item, item_id)
    if item is None:
        raise NotFound("item not found")
    try:
        access = project_access(db, actor, item.project_id, minimum=minimum)
    except NotFound:
        raise NotFound("item not found") from None
    if not access.sees_everything and not _was_served(db, actor.id, item_id):
        raise NotFound("item not found")
    return item, access


def _was_served(db: Session, user_id: int, item_id: int) -> bool:
    return (
        db.scalar(select(Assignment.id).where(Assignment.item_id == item_id, Assignment.user_id == user_id))
        is not None
    )
