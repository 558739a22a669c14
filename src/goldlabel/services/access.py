"""Who may do what: the role rules, and the scoped loaders that apply them.

The rules are plain functions over values already loaded (the actor, their membership role,
whether the queue served them the item), so the labeling fast paths, which read those values
with prebuilt statements, decide with the very same functions as the ORM loaders below. No
other module ranks roles or reads ``actor.is_admin`` (``tests/test_architecture.py`` checks).
What a user may not see is NotFound, exactly like what does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.core.errors import ErrorCode, Forbidden, NotFound
from goldlabel.db.models import Assignment, Item, Member, Project
from goldlabel.services.views import Role

_RANK: dict[Role, int] = {"annotator": 0, "reviewer": 1, "manager": 2}


@dataclass(frozen=True, slots=True)
class Actor:
    id: int
    email: str
    is_admin: bool


# ---- the rules ----------------------------------------------------------------------------


def effective_role(actor: Actor, member_role: str | None) -> Role | None:
    """The actor's role on a project (None: no access). An admin counts as a manager anywhere."""
    if actor.is_admin:
        return "manager"
    return cast(Role, member_role) if member_role is not None else None


def at_least(role: Role, minimum: Role) -> bool:
    return _RANK[role] >= _RANK[minimum]


def sees_everything(role: Role) -> bool:
    """Reviewers and managers see every item and everyone's annotations; annotators their own."""
    return at_least(role, "reviewer")


def may_grant(granter: Role, role: Role) -> bool:
    """Nobody grants a role above their own."""
    return _RANK[role] <= _RANK[granter]


def passes_training_gates(role: Role) -> bool:
    """Managers label without the training path (guideline, certification, pauses); others follow it."""
    return at_least(role, "manager")


def sees_every_project(actor: Actor) -> bool:
    """An admin sees every project (as its manager); others see the projects they are members of."""
    return actor.is_admin


def may_create_projects(actor: Actor, granted: Callable[[], bool]) -> bool:
    """Creating projects is a right an admin grants (``granted`` reads it); admins always hold it."""
    return actor.is_admin or granted()


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("only an admin may do this", code=ErrorCode.ADMIN_REQUIRED)


def may_change_own_membership(actor: Actor) -> bool:
    """Nobody changes or removes their own role, except an admin (who is a manager anyway)."""
    return actor.is_admin


def require_member(actor: Actor, member_role: str | None, *, missing: str = "project not found") -> Role:
    role = effective_role(actor, member_role)
    if role is None:
        raise NotFound(missing)
    return role


def require_role(role: Role, minimum: Role) -> None:
    if not at_least(role, minimum):
        raise Forbidden(
            f"this needs the {minimum} role on the project", code=ErrorCode.ROLE_REQUIRED, role=minimum
        )


def require_self_or_manager(actor: Actor, role: Role, user_id: int) -> None:
    """A person's own records (their scorecard) are theirs to see; anyone else's need the
    manager role on the project."""
    if user_id != actor.id:
        require_role(role, "manager")


def require_visible_item(role: Role, served: bool, *, missing: str = "item not found") -> None:
    """Annotators see only items the queue served them (``served``: they hold or held a slot)."""
    if not served and not sees_everything(role):
        raise NotFound(missing)


def require_may_label(role: Role, served: bool, *, missing: str = "item not found") -> None:
    """Annotators and reviewers label only what the queue served them; managers label anything."""
    require_visible_item(role, served, missing=missing)
    if not served and role != "manager":
        raise Forbidden("you can only annotate items the queue served to you")


# ---- scoped loading -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProjectAccess:
    project: Project
    role: Role

    @property
    def sees_everything(self) -> bool:
        return sees_everything(self.role)


def project_access(
    db: Session, actor: Actor, project_id: int, *, minimum: Role = "annotator"
) -> ProjectAccess:
    row = db.execute(
        select(Project, Member.role)
        .outerjoin(Member, (Member.project_id == Project.id) & (Member.user_id == actor.id))
        .where(Project.id == project_id)
    ).first()
    if row is None:
        raise NotFound("project not found")
    role = require_member(actor, row.role)
    require_role(role, minimum)
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
    require_visible_item(access.role, access.sees_everything or was_served(db, actor.id, item_id))
    return item, access


def was_served(db: Session, user_id: int, item_id: int) -> bool:
    """Whether the queue ever gave this user the item (whatever became of the slot since)."""
    held = select(Assignment.id).where(Assignment.item_id == item_id, Assignment.user_id == user_id)
    return db.scalar(held) is not None
