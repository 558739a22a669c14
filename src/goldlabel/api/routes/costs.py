"""Time and cost (docs/API.md, "Time and cost"): members' rates and the project's cost report,
as JSON for the Time & cost tab and as CSV (managers)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId
from goldlabel.services import costs
from goldlabel.services.costs import CostReport
from goldlabel.services.team_views import MemberRateView, RateKind

router = APIRouter(prefix="/api", tags=["time and cost"])


class RateIn(BaseModel):
    """Both, or neither to clear the rate (the member's work then costs 0)."""

    rate_kind: RateKind | None
    rate: float | None = Field(ge=0, le=costs.MAX_RATE, allow_inf_nan=False)


@router.get("/projects/{project_id}/rates")
async def list_rates(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[MemberRateView]:
    """Every member's rate, and the team that brought them (managers)."""
    return await database.run(lambda db: costs.list_rates(db, actor, project_id))


@router.patch("/projects/{project_id}/members/{user_id}/rate")
async def set_rate(
    project_id: DbId, user_id: DbId, body: RateIn, actor: ActorDep, database: DatabaseDep
) -> MemberRateView:
    return await database.run(
        lambda db: costs.set_rate(db, actor, project_id, user_id, rate_kind=body.rate_kind, rate=body.rate),
        write=True,
    )


@router.get("/projects/{project_id}/costs")
async def cost_report(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> CostReport:
    """Per person: submissions, active hours, reviews and their cost; totals, cost per final
    label, and what overlap and review add (managers)."""
    return await database.run(lambda db: costs.cost_report(db, actor, project_id), long=True)


@router.get("/projects/{project_id}/costs.csv", response_class=Response)
async def cost_csv(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    """The same report as CSV, every cell safe to open in a spreadsheet."""
    text = await database.run(lambda db: costs.cost_csv(db, actor, project_id), long=True)
    return Response(
        content=text.encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="project-{project_id}-costs.csv"'},
    )
