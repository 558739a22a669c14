"""The invitee's side of project invitations: see them, accept (become a member), decline.

Invitations are addressed to an email, so one made before the account existed simply shows up
once it does. Another person's invitation is NotFound, exactly like a missing one.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from goldlabel.core.errors import NotFound
from goldlabel.db.models import Invitation, Member, Project, User
from goldlabel.services.access import Actor, require_member
from goldlabel.services.projects import project_view
from goldlabel.services.views import MyInvitationView, ProjectView, Role


def my_invitations(db: Session, actor: Actor) -> list[MyInvitationView]:
    inviter = aliased(User)
    rows = db.execute(
        select(
            Invitation.id,
            Invitation.project_id,
            Project.name,
            Invitation.role,
            Invitation.created_at,
            inviter.email.label("by"),
        )
        .join(Project, Project.id == Invitation.project_id)
        .outerjoin(inviter, inviter.id == Invitation.invited_by)
        .where(Invitation.email == actor.email)
        .order_by(Invitation.id)
    )
    return [
        MyInvitationView(
            id=r.id,
            project_id=r.project_id,
            project_name=r.name,
            role=r.role,
            invited_by=r.by,
            created_at=r.created_at,
        )
        for r in rows
    ]


def accept(db: Session, actor: Actor, invitation_id: int) -> ProjectView:
    """Join the project with the invited role; the invitation is used up."""
    invitation = _mine(db, actor, invitation_id)
    role = cast(Role, invitation.role)  # stored by add_member from a validated Role
    member = db.get(Member, (invitation.project_id, actor.id))
    if member is None:
        db.add(Member(project_id=invitation.project_id, user_id=actor.id, role=role))
    else:
        member.role = role
    db.delete(invitation)
    project = db.get_one(Project, invitation.project_id)  # invitations go with their project
    return project_view(project, require_member(actor, role))


def decline(db: Session, actor: Actor, invitation_id: int) -> None:
    db.delete(_mine(db, actor, invitation_id))


def _mine(db: Session, actor: Actor, invitation_id: int) -> Invitation:
    invitation = db.scalar(
        select(Invitation).where(Invitation.id == invitation_id, Invitation.email == actor.email)
    )
    if invitation is None:
        raise NotFound("invitation not found")
    return invitation
