"""What the teams, caps, assignment and cost services return (typed, never ORM rows)."""

from __future__ import annotations

from typing import Literal

from goldlabel.services.views import Role, View

RateKind = Literal["hourly", "per_item"]


class TeamView(View):
    id: int
    name: str
    created_by: str | None
    member_count: int
    may_manage: bool


class TeamMemberView(View):
    user_id: int
    email: str


class TeamDetail(View):
    id: int
    name: str
    may_manage: bool
    members: list[TeamMemberView]


class ProjectTeamView(View):
    team_id: int
    name: str
    role: Role
    member_count: int


class ProjectTeamChange(View):
    """``members``: how many joined the project (negative: how many left it)."""

    team_id: int
    role: Role
    members: int


class MemberRateView(View):
    """A member's rate and origin, for the Members tab (managers)."""

    user_id: int
    email: str
    role: Role
    rate_kind: RateKind | None
    rate: float | None
    via_team: str | None


class AssignmentResult(View):
    """How many items now name the assignee (or were released, when both are None)."""

    items: int
    assignee_id: int | None
    team_id: int | None
