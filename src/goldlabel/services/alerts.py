"""Monitoring alerts: rules that watch one project metric against a threshold, and the
background job that evaluates them (docs/API.md, "Alerts").

A rule fires once per crossing: when its metric crosses the threshold (``below``: value <
threshold; ``above``: value > threshold) and the rule is not ``firing`` yet, one ``Alert`` is
stored, every manager of the project gets an in-app notification (kind ``alert``) and the
rule's webhook, if any, is POSTed the alert as JSON; the rule stays ``firing`` (no repeat)
until the metric is back on the right side, which re-arms it. A metric without a value (no
honeypot answers yet, say) leaves the rule as it was.

The job reads only projects with an enabled rule, computes only the metrics those rules name
(the dashboard's cached series for agreement and honeypot accuracy), commits the state change
and the alert in one short transaction, and only then delivers webhooks — through
``core.outbound`` (no redirects, private addresses refused unless
``GOLDLABEL_WEBHOOK_ALLOW_PRIVATE``), with a short timeout, in the background thread, never in a
request — and records each delivery's status on its alert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from goldlabel.controls.schema import load_schema
from goldlabel.core import outbound
from goldlabel.core.errors import ErrorCode, InvalidInput, NotFound
from goldlabel.db.engine import Database
from goldlabel.db.models import Alert, AlertRule, Annotation, Member, Notification, Project, User
from goldlabel.services import dashboard, monitoring
from goldlabel.services.access import Actor, project_access
from goldlabel.services.dashboard_views import AlertRuleView, AlertView, Direction, Metric
from goldlabel.services.jobs import Job
from goldlabel.services.training_settings import read_settings

ALERT = "alert"  # the notification kind
HISTORY_LIMIT = 200
MAX_RULES_PER_PROJECT = 50
EVALUATE_EVERY_S = 10.0  # the job's pace per server process (the loop itself ticks each second)

METRICS: dict[str, str] = {
    "honeypot_accuracy": "the team's mean honeypot score over the last 7 days",
    "agreement": "mean pairwise agreement of the items completed in the last 7 days",
    "throughput_per_day": "annotations submitted in the last 24 hours",
    "review_backlog": "annotations waiting for review (every tier)",
    "adjudication_backlog": "items waiting for adjudication",
    "annotator_accuracy": "the lowest rolling honeypot accuracy of any annotator (enough answers)",
}


@dataclass(frozen=True, slots=True)
class RuleChange:
    metric: Metric | None = None
    direction: Direction | None = None
    threshold: float | None = None
    webhook_url: str | None = None
    clear_webhook: bool = False
    enabled: bool | None = None


# ---- rules and history ------------------------------------------------------------------------


def _view(rule: AlertRule) -> AlertRuleView:
    return AlertRuleView(
        id=rule.id,
        metric=rule.metric,
        direction=rule.direction,
        threshold=rule.threshold,
        webhook_url=rule.webhook_url,
        enabled=rule.enabled,
        firing=rule.firing,
        created_at=rule.created_at,
    )


def _checked_webhook(url: str | None, allow_private: bool) -> str | None:
    if url is None or not url.strip():
        return None
    try:
        outbound.check_literal(url, allow_private=allow_private)
    except outbound.OutboundRefused as exc:
        raise InvalidInput(f"webhook_url: {exc}", code=ErrorCode.WEBHOOK_REFUSED) from None
    return url.strip()


def rules(db: Session, actor: Actor, project_id: int) -> list[AlertRuleView]:
    """Reviewers and managers."""
    project_access(db, actor, project_id, minimum="reviewer")
    found = db.scalars(select(AlertRule).where(AlertRule.project_id == project_id).order_by(AlertRule.id))
    return [_view(r) for r in found]


def create_rule(
    db: Session,
    actor: Actor,
    project_id: int,
    *,
    metric: Metric,
    direction: Direction,
    threshold: float,
    webhook_url: str | None,
    enabled: bool,
    allow_private: bool,
) -> AlertRuleView:
    """Managers."""
    project_access(db, actor, project_id, minimum="manager")
    count = db.scalar(select(func.count()).select_from(AlertRule).where(AlertRule.project_id == project_id))
    if (count or 0) >= MAX_RULES_PER_PROJECT:
        raise InvalidInput(f"a project has at most {MAX_RULES_PER_PROJECT} alert rules")
    rule = AlertRule(
        project_id=project_id,
        metric=metric,
        direction=direction,
        threshold=threshold,
        webhook_url=_checked_webhook(webhook_url, allow_private),
        enabled=enabled,
        firing=False,
        created_by=actor.id,
    )
    db.add(rule)
    db.flush()
    return _view(rule)


def _rule(db: Session, actor: Actor, project_id: int, rule_id: int) -> AlertRule:
    project_access(db, actor, project_id, minimum="manager")
    rule = db.get(AlertRule, rule_id)
    if rule is None or rule.project_id != project_id:
        raise NotFound("alert rule not found")
    return rule


def update_rule(
    db: Session, actor: Actor, project_id: int, rule_id: int, change: RuleChange, *, allow_private: bool
) -> AlertRuleView:
    """Managers. A new metric, direction or threshold re-arms the rule (it may fire again)."""
    rule = _rule(db, actor, project_id, rule_id)
    if change.metric is not None and change.metric != rule.metric:
        rule.metric, rule.firing = change.metric, False
    if change.direction is not None and change.direction != rule.direction:
        rule.direction, rule.firing = change.direction, False
    if change.threshold is not None and change.threshold != rule.threshold:
        rule.threshold, rule.firing = change.threshold, False
    if change.clear_webhook:
        rule.webhook_url = None
    elif change.webhook_url is not None:
        rule.webhook_url = _checked_webhook(change.webhook_url, allow_private)
    if change.enabled is not None:
        rule.enabled = change.enabled
        if not change.enabled:
            rule.firing = False
    db.flush()
    return _view(rule)


def delete_rule(db: Session, actor: Actor, project_id: int, rule_id: int) -> None:
    """Managers. Its past alerts stay (``rule_id`` becomes null)."""
    db.delete(_rule(db, actor, project_id, rule_id))


def history(db: Session, actor: Actor, project_id: int, *, limit: int = HISTORY_LIMIT) -> list[AlertView]:
    """Reviewers and managers: the latest alerts, newest first."""
    project_access(db, actor, project_id, minimum="reviewer")
    found = db.scalars(
        select(Alert)
        .where(Alert.project_id == project_id)
        .order_by(Alert.fired_at.desc(), Alert.id.desc())
        .limit(limit)
    )
    return [
        AlertView(
            id=a.id,
            rule_id=a.rule_id,
            metric=str(a.details.get("metric", "")),
            value=a.value,
            message=a.message,
            details=a.details,
            webhook_status=a.webhook_status,
            fired_at=a.fired_at,
        )
        for a in found
    ]


# ---- metric values ------------------------------------------------------------------------------


@dataclass(slots=True)
class Reading:
    value: float | None
    # annotator_accuracy: (user id, email, accuracy, n) of everyone with enough answers
    annotators: list[tuple[int, str, float, int]] = field(default_factory=list)


def read_metrics(database: Database, project_id: int, metrics: set[str], now: datetime) -> dict[str, Reading]:
    """The current value of each metric named (only those: the job computes what rules use)."""
    out: dict[str, Reading] = {}
    if metrics & {"honeypot_accuracy", "agreement"}:
        recent = dashboard.RECENT_DAYS
        series = dashboard.series(database, project_id, dashboard.period_of(recent, recent, now))
        out["honeypot_accuracy"] = Reading(series.recent_honeypot_accuracy)
        out["agreement"] = Reading(series.recent_agreement)
    with database.session() as db:
        if "throughput_per_day" in metrics:
            count = db.scalar(
                select(func.count()).where(
                    Annotation.project_id == project_id,
                    Annotation.status == "submitted",
                    Annotation.updated_at >= now - timedelta(days=1),
                )
            )
            out["throughput_per_day"] = Reading(float(count or 0))
        if metrics & {"review_backlog", "adjudication_backlog"}:
            waiting = dashboard.backlogs(db, project_id)
            out["review_backlog"] = Reading(float(waiting.review_total))
            out["adjudication_backlog"] = Reading(float(waiting.adjudication))
        if "annotator_accuracy" in metrics:
            out["annotator_accuracy"] = _annotator_accuracy(db, project_id)
    return out


def _annotator_accuracy(db: Session, project_id: int) -> Reading:
    project = db.get_one(Project, project_id)
    controls = list(load_schema(project.schema).controls)
    window = read_settings(project.training).pause.window
    rolling = monitoring.rolling_accuracy(db, project_id, controls, window=window)
    usable = {
        u: (a.overall.value, a.overall.n)
        for u, a in rolling.items()
        if a.overall.value is not None and not a.overall.too_few
    }
    if not usable:
        return Reading(None)
    found = db.execute(select(User.id, User.email).where(User.id.in_(list(usable))))
    emails: dict[int, str] = {u: e for u, e in found}
    people = sorted(
        ((u, emails.get(u, f"deleted user {u}"), v, n) for u, (v, n) in usable.items()),
        key=lambda p: (p[2], p[1]),
    )
    return Reading(people[0][2], people)


def crossed(direction: str, value: float, threshold: float) -> bool:
    return value < threshold if direction == "below" else value > threshold


# ---- the job ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fired:
    alert_id: int
    webhook_url: str | None
    payload: dict[str, Any]


def evaluate(
    database: Database,
    *,
    allow_private: bool,
    now: datetime | None = None,
    post: Callable[..., outbound.Delivery] = outbound.post_json,
) -> list[int]:
    """One round over every project with an enabled rule; returns the ids of the alerts fired."""
    now = now or datetime.now(UTC)
    with database.session() as db:
        projects = list(
            db.scalars(select(AlertRule.project_id).where(AlertRule.enabled.is_(True)).distinct())
        )
    fired: list[_Fired] = []
    for project_id in projects:
        fired.extend(_evaluate_project(database, project_id, now))
    for f in fired:
        status = None
        if f.webhook_url:
            status = post(f.webhook_url, f.payload, allow_private=allow_private).status[:200]
            with database.session(write=True) as db:
                db.execute(update(Alert).where(Alert.id == f.alert_id).values(webhook_status=status))
    return [f.alert_id for f in fired]


def _evaluate_project(database: Database, project_id: int, now: datetime) -> list[_Fired]:
    with database.session() as db:
        metrics = set(
            db.scalars(
                select(AlertRule.metric).where(
                    AlertRule.project_id == project_id, AlertRule.enabled.is_(True)
                )
            )
        )
    readings = read_metrics(database, project_id, metrics, now)
    fired: list[_Fired] = []
    with database.session(write=True) as db:
        project = db.get(Project, project_id)
        if project is None:
            return []
        managers = list(
            db.scalars(
                select(Member.user_id).where(Member.project_id == project_id, Member.role == "manager")
            )
        )
        for rule in db.scalars(
            select(AlertRule).where(AlertRule.project_id == project_id, AlertRule.enabled.is_(True))
        ):
            reading = readings.get(rule.metric)
            if reading is None or reading.value is None:
                continue
            over = crossed(rule.direction, reading.value, rule.threshold)
            if over == rule.firing:
                continue
            # conditional, so a rule changed meanwhile (or another process) never fires twice
            flipped = db.execute(
                update(AlertRule)
                .where(AlertRule.id == rule.id, AlertRule.firing.is_(not over))
                .values(firing=over)
                .execution_options(synchronize_session=False)
            )
            if not over or not flipped.rowcount:  # type: ignore[attr-defined]
                continue
            fired.append(_fire(db, project, rule, reading, managers, now))
    return fired


def _fire(
    db: Session, project: Project, rule: AlertRule, reading: Reading, managers: list[int], now: datetime
) -> _Fired:
    assert reading.value is not None
    value = reading.value
    message = f"{rule.metric} is {value:.4g}, {rule.direction} the threshold {rule.threshold:.4g}"
    details: dict[str, Any] = {
        "metric": rule.metric,
        "direction": rule.direction,
        "threshold": rule.threshold,
    }
    if reading.annotators:
        details["annotators"] = [
            {"user_id": u, "email": e, "accuracy": v, "n": n}
            for u, e, v, n in reading.annotators
            if crossed(rule.direction, v, rule.threshold)
        ]
    alert = Alert(
        rule_id=rule.id,
        project_id=project.id,
        value=value,
        message=message,
        details=details,
        webhook_status="pending" if rule.webhook_url else None,
        fired_at=now,
    )
    db.add(alert)
    db.flush()
    payload = {
        "event": "alert",
        "alert_id": alert.id,
        "project_id": project.id,
        "project": project.name,
        "rule_id": rule.id,
        "value": value,
        "message": message,
        "fired_at": now.isoformat(),
        **details,
    }
    for user_id in managers:
        db.add(
            Notification(
                user_id=user_id,
                project_id=project.id,
                kind=ALERT,
                payload={k: v for k, v in payload.items() if k != "event"},
            )
        )
    return _Fired(alert.id, rule.webhook_url, payload)


def alerts_job(allow_private: bool) -> Job:
    """The background job: ``evaluate`` at most every ``EVALUATE_EVERY_S`` in a process;
    ``allow_private``: the server's ``webhook_allow_private`` setting."""
    return Job("alerts", lambda database: evaluate(database, allow_private=allow_private), EVALUATE_EVERY_S)
