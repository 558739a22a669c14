"""Project members: who has which role, with no self-promotion and no grant above one's own role."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from goldlabel.core.errors import ErrorCode, Forbidden, InvalidInput, NotFound
from goldlabel.db.models import Member, User
from goldlabel.services.access import (
    Actor,
    ProjectAccess,
    may_change_own_membership,
    may_grant,
    project_access,
)
from goldlabel.services.auth import normalise_email
from goldlabel.services.views import MemberView, Role


def list_members(db: Session, actor: Actor, project_id: int) -> list[MemberView]:
    project_access(db, actor, project_id, minimum="manager")
    rows = db.execute(
        select(Member.user_id, User.email, Member.role)
        .join(User, User.id == Member.user_id)
        .where(Member.project_id == project_id)
        .order_by(User.email)
    )
    return [MemberView(user_id=r.user_id, email=r.email, role=r.role) for r in rows]


def add_member(db: Session, actor: Actor, project_id: int, *, email: str, role: Role) -> MemberView:
    access = project_access(db, actor, project_id, minimum="manager")
    _no_grant_above_own(access, role)
    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise InvalidInput(f"no user with email {email!r}; ask an admin to create the account first")
    if user.id == actor.id and not may_change_own_membership(actor):
        raise Forbidden("you cannot change your own role")
    member = db.get(Member, (project_id, user.id))
    if member is None:
        db.add(Member(project_id=project_id, user_id=user.id, role=role))
    else:
        member.role = role
    return MemberView(user_id=user.id, email=user.email, role=role)


def remove_member(db: Session, actor: Actor, project_id: int, user_id: int) -> None:
    project_access(db, actor, project_id, minimum="manager")
    if user_id == actor.id and not may_change_own_membership(actor):
        raise Forbidden("you cannot remove yourself; ask another manager")
    managers = db.scalar(
        select(func.count()).where(Member.project_id == project_id, Member.role == "manager")
    )
    target_role = db.scalar(
        select(Member.role).where(Member.project_id == project_id, Member.user_id == user_id)
    )
    if target_role is None:
        raise NotFound("member not found")
    if target_role == "manager" and managers == 1:
        raise InvalidInput("a project keeps at least one manager")
    db.execute(delete(Member).where(Member.project_id == project_id, Member.user_id == user_id))


def _no_grant_above_own(access: ProjectAccess, role: Role) -> None:
    if not may_grant(access.role, role):
        raise Forbidden("you cannot grant a role above your own", code=ErrorCode.ROLE_REQUIRED)
