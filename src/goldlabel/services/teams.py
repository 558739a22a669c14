"""Teams: named groups of accounts that join projects at once.

Who may do what (decided here, documented in docs/API.md "Teams"):

- Teams are staff tools: listing and creating them needs the project-creation right an admin
  grants (``users.require_project_creation``; admins hold it). A team is managed (renamed,
  deleted, given or relieved of members, put on or taken off projects) by its creator or an admin.
- Members are named by email, like project members; an email with no account is 404. Only holders
  of the project-creation right get that answer, so it tells no stranger whether an account exists.
- Putting a team on a project needs the manager role there too, and a role no higher than one's
  own. Every member who is not a member yet becomes one with that role and ``via_team_id``; people
  already on the project keep their role and their origin (no invitation: the team's manager
  vouched for them, and the project's manager chose the team).
- The link is kept (``project_teams``): whoever joins the team later joins each of its projects
  the same way, and whoever leaves it leaves the projects they were on only through it. Taking a
  team off a project removes the members it brought, unless another team on the project holds
  them (they are then counted as that team's). A project always keeps a manager.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, ErrorCode, Forbidden, InvalidInput, NotFound
from goldlabel.db.models import Member, ProjectTeam, Team, TeamMember, User, utcnow
from goldlabel.services.access import Actor, may_grant, project_access, sees_every_project
from goldlabel.services.auth import normalise_email
from goldlabel.services.team_views import (
    ProjectTeamChange,
    ProjectTeamView,
    TeamDetail,
    TeamMemberView,
    TeamView,
)
from goldlabel.services.users import require_project_creation
from goldlabel.services.views import Role

TEAM_NAME_MAX = 200


# ---- teams ---------------------------------------------------------------------------------


def list_teams(db: Session, actor: Actor) -> list[TeamView]:
    require_project_creation(db, actor)
    sizes = select(TeamMember.team_id, func.count().label("n")).group_by(TeamMember.team_id).subquery()
    rows = db.execute(
        select(Team.id, Team.name, Team.created_by, User.email, sizes.c.n)
        .outerjoin(User, User.id == Team.created_by)
        .outerjoin(sizes, sizes.c.team_id == Team.id)
        .order_by(Team.name)
    )
    return [
        TeamView(
            id=r.id,
            name=r.name,
            created_by=r.email,
            member_count=r.n or 0,
            may_manage=_may_manage(actor, r.created_by),
        )
        for r in rows
    ]


def create_team(db: Session, actor: Actor, name: str) -> TeamView:
    require_project_creation(db, actor)
    name = _name(name)
    _unique(db, name)
    team = Team(name=name, created_by=actor.id or None, created_at=utcnow())
    db.add(team)
    db.flush()
    return TeamView(id=team.id, name=name, created_by=actor.email, member_count=0, may_manage=True)


def get_team(db: Session, actor: Actor, team_id: int) -> TeamDetail:
    require_project_creation(db, actor)
    team = _team(db, team_id)
    members = db.execute(
        select(User.id, User.email)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id)
        .order_by(User.email)
    )
    return TeamDetail(
        id=team.id,
        name=team.name,
        may_manage=_may_manage(actor, team.created_by),
        members=[TeamMemberView(user_id=m.id, email=m.email) for m in members],
    )


def rename_team(db: Session, actor: Actor, team_id: int, name: str) -> TeamDetail:
    team = _managed_team(db, actor, team_id)
    name = _name(name)
    if name != team.name:
        _unique(db, name)
        team.name = name
    return get_team(db, actor, team_id)


def delete_team(db: Session, actor: Actor, team_id: int) -> None:
    """Take the team off every project first (its members leave them as on removal), then delete it."""
    _managed_team(db, actor, team_id)
    linked = db.scalars(select(ProjectTeam.project_id).where(ProjectTeam.team_id == team_id)).all()
    for project_id in linked:
        _take_off(db, project_id, team_id)
    db.execute(delete(Team).where(Team.id == team_id))


def add_team_member(db: Session, actor: Actor, team_id: int, email: str) -> TeamMemberView:
    """Add an account to the team and to every project the team is on (idempotent)."""
    _managed_team(db, actor, team_id)
    email = normalise_email(email)
    user_id = db.scalar(select(User.id).where(User.email == email))
    if user_id is None:
        raise NotFound("no account has this email; an admin creates accounts")
    if db.get(TeamMember, (team_id, user_id)) is None:
        db.add(TeamMember(team_id=team_id, user_id=user_id))
        db.flush()
    for link in db.scalars(select(ProjectTeam).where(ProjectTeam.team_id == team_id)).all():
        _join(db, link, [user_id])
    return TeamMemberView(user_id=user_id, email=email)


def remove_team_member(db: Session, actor: Actor, team_id: int, user_id: int) -> None:
    """Remove an account from the team and from the projects it was on only through the team."""
    _managed_team(db, actor, team_id)
    if db.get(TeamMember, (team_id, user_id)) is None:
        raise NotFound("not a member of this team")
    db.execute(delete(TeamMember).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id))
    projects = db.scalars(
        select(Member.project_id).where(Member.user_id == user_id, Member.via_team_id == team_id)
    ).all()
    for project_id in projects:
        _detach(db, project_id, team_id, [user_id])


# ---- teams on projects ---------------------------------------------------------------------


def project_teams(db: Session, actor: Actor, project_id: int) -> list[ProjectTeamView]:
    project_access(db, actor, project_id, minimum="manager")
    sizes = select(TeamMember.team_id, func.count().label("n")).group_by(TeamMember.team_id).subquery()
    rows = db.execute(
        select(Team.id, Team.name, ProjectTeam.role, sizes.c.n)
        .join(ProjectTeam, ProjectTeam.team_id == Team.id)
        .outerjoin(sizes, sizes.c.team_id == Team.id)
        .where(ProjectTeam.project_id == project_id)
        .order_by(Team.name)
    )
    return [ProjectTeamView(team_id=r.id, name=r.name, role=r.role, member_count=r.n or 0) for r in rows]


def add_team_to_project(
    db: Session, actor: Actor, project_id: int, team_id: int, role: Role
) -> ProjectTeamChange:
    """One step: the link with its role, and every team member not on the project yet joins it.
    Adding a team that is on the project already changes the role of the members it brought."""
    access = project_access(db, actor, project_id, minimum="manager")
    _managed_team(db, actor, team_id)
    if access.project.archived_at is not None:
        raise Conflict("this project is archived and read-only", code=ErrorCode.PROJECT_ARCHIVED)
    if not may_grant(access.role, role):
        raise Forbidden("you cannot grant a role above your own", code=ErrorCode.ROLE_REQUIRED)
    link = db.get(ProjectTeam, (project_id, team_id))
    if link is None:
        link = ProjectTeam(project_id=project_id, team_id=team_id, role=role, added_at=utcnow())
        db.add(link)
        db.flush()
    else:
        link.role = role
        for member in db.scalars(
            select(Member).where(Member.project_id == project_id, Member.via_team_id == team_id)
        ):
            member.role = role
        _keeps_a_manager(db, project_id)
    users = db.scalars(select(TeamMember.user_id).where(TeamMember.team_id == team_id)).all()
    return ProjectTeamChange(team_id=team_id, role=role, members=_join(db, link, list(users)))


def remove_team_from_project(db: Session, actor: Actor, project_id: int, team_id: int) -> ProjectTeamChange:
    project_access(db, actor, project_id, minimum="manager")
    _managed_team(db, actor, team_id)
    link = db.get(ProjectTeam, (project_id, team_id))
    if link is None:
        raise NotFound("this team is not on the project")
    role = link.role
    return ProjectTeamChange(team_id=team_id, role=role, members=-_take_off(db, project_id, team_id))


# ---- helpers -------------------------------------------------------------------------------


def _join(db: Session, link: ProjectTeam, user_ids: list[int]) -> int:
    """Make the users members of the link's project through its team; people already on the
    project are left as they are. Returns how many joined."""
    if not user_ids:
        return 0
    present = set(
        db.scalars(
            select(Member.user_id).where(Member.project_id == link.project_id, Member.user_id.in_(user_ids))
        )
    )
    joined = [u for u in user_ids if u not in present]
    for user_id in joined:
        db.add(Member(project_id=link.project_id, user_id=user_id, role=link.role, via_team_id=link.team_id))
    db.flush()
    return len(joined)


def _take_off(db: Session, project_id: int, team_id: int) -> int:
    """Delete the link and detach the members it brought; returns how many left the project."""
    db.execute(
        delete(ProjectTeam).where(ProjectTeam.project_id == project_id, ProjectTeam.team_id == team_id)
    )
    brought = db.scalars(
        select(Member.user_id).where(Member.project_id == project_id, Member.via_team_id == team_id)
    ).all()
    return _detach(db, project_id, team_id, list(brought))


def _detach(db: Session, project_id: int, team_id: int, user_ids: list[int]) -> int:
    """Members the team brought leave the project, unless another team on it still holds them
    (they are then that team's). Refused if the project would be left without a manager."""
    left = 0
    for user_id in user_ids:
        other = db.scalar(
            select(ProjectTeam.team_id)
            .join(TeamMember, TeamMember.team_id == ProjectTeam.team_id)
            .where(
                ProjectTeam.project_id == project_id,
                ProjectTeam.team_id != team_id,
                TeamMember.user_id == user_id,
            )
            .order_by(ProjectTeam.team_id)
            .limit(1)
        )
        member = db.get(Member, (project_id, user_id))
        if member is None:
            continue
        if other is not None:
            member.via_team_id = other
        else:
            db.delete(member)
            left += 1
    db.flush()
    _keeps_a_manager(db, project_id)
    return left


def _keeps_a_manager(db: Session, project_id: int) -> None:
    managers = db.scalar(
        select(func.count()).where(Member.project_id == project_id, Member.role == "manager")
    )
    if not managers:
        raise InvalidInput("a project keeps at least one manager; nothing was changed")


def _may_manage(actor: Actor, created_by: int | None) -> bool:
    return sees_every_project(actor) or (created_by is not None and created_by == actor.id)


def _team(db: Session, team_id: int) -> Team:
    team = db.get(Team, team_id)
    if team is None:
        raise NotFound("team not found")
    return team


def _managed_team(db: Session, actor: Actor, team_id: int) -> Team:
    """The team, if the actor may manage it: its creator or an admin (others with the creation
    right see it but get 403; everyone else 404, as if it did not exist)."""
    require_project_creation_or_404(db, actor)
    team = _team(db, team_id)
    if not _may_manage(actor, team.created_by):
        raise Forbidden("only the team's creator or an admin may change it")
    return team


def require_project_creation_or_404(db: Session, actor: Actor) -> None:
    try:
        require_project_creation(db, actor)
    except Forbidden:
        raise NotFound("team not found") from None


def _name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= TEAM_NAME_MAX:
        raise InvalidInput(f"a team name has 1 to {TEAM_NAME_MAX} characters")
    return name


def _unique(db: Session, name: str) -> None:
    if db.scalar(select(Team.id).where(func.lower(Team.name) == name.lower())) is not None:
        raise Conflict("a team with this name exists", code=ErrorCode.ALREADY_EXISTS)
