"""Project members and the invitations managers send: no self-promotion, no grant above one's
own role, and nobody joins a project without accepting.

Adding an email that is not yet a member makes (or updates) an invitation, whether or not an
account has that email: the answer is the same, so managers cannot probe for accounts, and the
invitee decides (``invitations``). An email that is already a member gets the new role at once.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from goldlabel.core.errors import ErrorCode, Forbidden, InvalidInput, NotFound
from goldlabel.db.dialect import insert
from goldlabel.db.models import Invitation, Member, User, utcnow
from goldlabel.services.access import (
    Actor,
    ProjectAccess,
    may_change_own_membership,
    may_grant,
    project_access,
)
from goldlabel.services.auth import normalise_email
from goldlabel.services.views import InvitationView, MemberAdded, MemberView, Role


def list_members(db: Session, actor: Actor, project_id: int) -> list[MemberView]:
    project_access(db, actor, project_id, minimum="manager")
    rows = db.execute(
        select(Member.user_id, User.email, Member.role)
        .join(User, User.id == Member.user_id)
        .where(Member.project_id == project_id)
        .order_by(User.email)
    )
    return [MemberView(user_id=r.user_id, email=r.email, role=r.role) for r in rows]


def add_member(db: Session, actor: Actor, project_id: int, *, email: str, role: Role) -> MemberAdded:
    """Change a member's role, or invite the email (the answer never tells if it has an account)."""
    access = project_access(db, actor, project_id, minimum="manager")
    _no_grant_above_own(access, role)
    email = normalise_email(email)
    member = db.scalar(
        select(Member)
        .join(User, User.id == Member.user_id)
        .where(Member.project_id == project_id, User.email == email)
    )
    if member is not None:
        if member.user_id == actor.id and not may_change_own_membership(actor):
            raise Forbidden("you cannot change your own role")
        member.role = role
        return MemberAdded(email=email, role=role, status="member")
    t = Invitation.__table__.c
    stmt = insert(db, Invitation).values(
        project_id=project_id, email=email, role=role, invited_by=actor.id or None, created_at=utcnow()
    )
    db.execute(
        stmt.on_conflict_do_update(
            index_elements=[t.project_id, t.email], set_={"role": role, "invited_by": actor.id or None}
        )
    )
    return MemberAdded(email=email, role=role, status="invited")


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


def list_invitations(db: Session, actor: Actor, project_id: int) -> list[InvitationView]:
    """The project's pending invitations, for its managers."""
    project_access(db, actor, project_id, minimum="manager")
    inviter = aliased(User)
    rows = db.execute(
        select(
            Invitation.id, Invitation.email, Invitation.role, Invitation.created_at, inviter.email.label("by")
        )
        .outerjoin(inviter, inviter.id == Invitation.invited_by)
        .where(Invitation.project_id == project_id)
        .order_by(Invitation.email)
    )
    return [
        InvitationView(id=r.id, email=r.email, role=r.role, invited_by=r.by, created_at=r.created_at)
        for r in rows
    ]


def revoke_invitation(db: Session, actor: Actor, project_id: int, invitation_id: int) -> None:
    project_access(db, actor, project_id, minimum="manager")
    deleted = db.connection().execute(
        delete(Invitation).where(Invitation.id == invitation_id, Invitation.project_id == project_id)
    )
    if deleted.rowcount == 0:
        raise NotFound("invitation not found")


def _no_grant_above_own(access: ProjectAccess, role: Role) -> None:
    if not may_grant(access.role, role):
        raise Forbidden("you cannot grant a role above your own", code=ErrorCode.ROLE_REQUIRED)
