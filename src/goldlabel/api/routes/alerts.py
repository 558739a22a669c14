"""Alert rules (managers write; reviewers and managers read) and the alerts they fired."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from goldlabel.api.deps import ActorDep, DatabaseDep, DbId, SettingsDep
from goldlabel.core.outbound import MAX_URL_CHARS
from goldlabel.services import alerts
from goldlabel.services.dashboard_views import AlertRuleView, AlertView, Direction, Metric

router = APIRouter(prefix="/api", tags=["alerts"])

Threshold = Annotated[float, Field(ge=-1e9, le=1e9, allow_inf_nan=False)]


class AlertRuleIn(BaseModel):
    metric: Metric
    direction: Direction
    threshold: Threshold
    webhook_url: str | None = Field(
        default=None, max_length=MAX_URL_CHARS, description="http(s); public addresses only by default"
    )
    enabled: bool = True


class AlertRulePatch(BaseModel):
    metric: Metric | None = None
    direction: Direction | None = None
    threshold: Threshold | None = None
    webhook_url: str | None = Field(default=None, max_length=MAX_URL_CHARS, description='"" removes it')
    enabled: bool | None = None


@router.get("/projects/{project_id}/alerts/rules")
async def list_rules(project_id: DbId, actor: ActorDep, database: DatabaseDep) -> list[AlertRuleView]:
    return await database.run(lambda db: alerts.rules(db, actor, project_id))


@router.post("/projects/{project_id}/alerts/rules", status_code=201)
async def create_rule(
    project_id: DbId, body: AlertRuleIn, actor: ActorDep, database: DatabaseDep, settings: SettingsDep
) -> AlertRuleView:
    """Managers: a rule fires once each time ``metric`` crosses ``threshold`` (see docs/API.md)."""
    return await database.run(
        lambda db: alerts.create_rule(
            db,
            actor,
            project_id,
            metric=body.metric,
            direction=body.direction,
            threshold=body.threshold,
            webhook_url=body.webhook_url,
            enabled=body.enabled,
            allow_private=settings.webhook_allow_private,
        ),
        write=True,
    )


@router.patch("/projects/{project_id}/alerts/rules/{rule_id}")
async def update_rule(
    project_id: DbId,
    rule_id: DbId,
    body: AlertRulePatch,
    actor: ActorDep,
    database: DatabaseDep,
    settings: SettingsDep,
) -> AlertRuleView:
    """Managers. A new metric, direction or threshold re-arms the rule."""
    change = alerts.RuleChange(
        metric=body.metric,
        direction=body.direction,
        threshold=body.threshold,
        webhook_url=body.webhook_url or None,
        clear_webhook=body.webhook_url == "",
        enabled=body.enabled,
    )
    return await database.run(
        lambda db: alerts.update_rule(
            db, actor, project_id, rule_id, change, allow_private=settings.webhook_allow_private
        ),
        write=True,
    )


@router.delete("/projects/{project_id}/alerts/rules/{rule_id}", status_code=204)
async def delete_rule(project_id: DbId, rule_id: DbId, actor: ActorDep, database: DatabaseDep) -> Response:
    await database.run(lambda db: alerts.delete_rule(db, actor, project_id, rule_id), write=True)
    return Response(status_code=204)


@router.get("/projects/{project_id}/alerts")
async def alert_history(
    project_id: DbId,
    actor: ActorDep,
    database: DatabaseDep,
    limit: Annotated[int, Query(ge=1, le=alerts.HISTORY_LIMIT)] = 50,
) -> list[AlertView]:
    """Reviewers and managers: the latest alerts, newest first."""
    return await database.run(lambda db: alerts.history(db, actor, project_id, limit=limit))
