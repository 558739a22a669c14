"""The monitoring dashboard of one project: progress and forecast, throughput per day,
agreement and honeypot accuracy over time, confusion across the team, annotators drifting and
the review and adjudication backlogs (docs/API.md, "Dashboard").

Two parts, so a request never scans the whole project when nothing changed: the *series*
(progress, throughput, agreement and honeypot accuracy per day, confusion, drift), cached under a
fingerprint (``services.dashboard_series``), and *per request* only the backlogs and the count of
final labels (which change without a submission: review, adjudication), aggregates over
``ix_annotations_review``, ``ix_final_labels_adjudication`` and ``ix_final_labels_project``.

The forecast joins both: the remaining annotations (counts) at the recent daily pace (series).
Services take the ``Database`` (the series are computed with no transaction open) and check
access through ``services.access``: reviewers and managers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from math import ceil
from statistics import median, quantiles

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, FinalLabel, User
from goldlabel.services import dashboard_refresh, monitoring
from goldlabel.services.access import Actor, project_access
from goldlabel.services.dashboard_series import Period, Series, final_count, series
from goldlabel.services.dashboard_views import (
    Backlogs,
    Dashboard,
    DayCount,
    DriftRow,
    Forecast,
    Progress,
    TierBacklog,
)

__all__ = ["Period", "Series", "backlogs", "dashboard", "drifting", "forecast", "period_of", "series"]

DEFAULT_DAYS = 30
RECENT_DAYS = 7  # the drift's recent window, and the alerts' "recent" metrics
DRIFT_THRESHOLD = 0.1  # a fall of this much from an annotator's own baseline is drift
DRIFT_MIN_N = 5  # answers needed on each side of the comparison
FORECAST_DAYS = 14  # the daily counts the forecast reads
FORECAST_METHOD = (
    "remaining annotations / median daily submissions over the last 14 days (from the first "
    "active one); range: the 75th (earliest) and 25th (latest) percentile day"
)


# ---- per request -------------------------------------------------------------------------


def backlogs(db: Session, project_id: int) -> Backlogs:
    """Review pending per tier (``ix_annotations_review``) and adjudication waiting
    (``ix_final_labels_adjudication``)."""
    tiers = [
        TierBacklog(tier=tier, count=count)
        for tier, count in db.execute(
            select(Annotation.review_tier, func.count())
            .where(Annotation.project_id == project_id, Annotation.review_status == "pending")
            .group_by(Annotation.review_tier)
            .order_by(Annotation.review_tier)
        )
    ]
    adjudication = db.scalar(
        select(func.count())
        .select_from(FinalLabel)
        .where(FinalLabel.project_id == project_id, FinalLabel.needs_adjudication.is_(True))
    )
    return Backlogs(review=tiers, review_total=sum(t.count for t in tiers), adjudication=adjudication or 0)


def forecast(progress_: Progress, throughput: Sequence[DayCount], today: date) -> Forecast:
    """See ``FORECAST_METHOD``. Days before the first active one of the window are left out, so a
    project started three days ago is not slowed by eleven empty days."""
    remaining = max(progress_.annotations_needed - progress_.annotations_done, 0)
    counts = [d.count for d in throughput[-FORECAST_DAYS:]]
    while counts and counts[0] == 0:
        counts.pop(0)
    empty = Forecast(
        method=FORECAST_METHOD,
        remaining_annotations=remaining,
        rate_per_day=None,
        days_used=len(counts),
        expected=None,
        earliest=None,
        latest=None,
        done=remaining == 0 and progress_.annotations_needed > 0,
    )
    if progress_.annotations_needed == 0:  # nothing imported yet: nothing to forecast
        return empty
    if remaining == 0:
        return empty.model_copy(update={"expected": today, "earliest": today, "latest": today})
    if not counts:
        return empty
    rate = float(median(counts))
    low, high = (float(counts[0]), float(counts[0])) if len(counts) == 1 else _quartiles(counts)

    def at(pace: float) -> date | None:
        return today + timedelta(days=ceil(remaining / pace)) if pace > 0 else None

    return empty.model_copy(
        update={"rate_per_day": rate, "expected": at(rate), "earliest": at(high), "latest": at(low)}
    )


def _quartiles(counts: list[int]) -> tuple[float, float]:
    q1, _, q3 = quantiles(counts, n=4, method="inclusive")
    return q1, q3


def drifting(db: Session, data: Series, threshold: float) -> list[DriftRow]:
    """Annotators whose recent honeypot accuracy or agreement fell by ``threshold`` or more from
    their own earlier baseline in the period (each side with ``DRIFT_MIN_N`` answers)."""
    rows = []
    for user_id, entry in data.drift.items():
        for metric in ("honeypot_accuracy", "agreement"):
            before, after = entry.baseline.get(metric), entry.recent.get(metric)
            if before is None or after is None or min(before.n, after.n) < DRIFT_MIN_N:
                continue
            baseline, recent = before.total / before.n, after.total / after.n
            if baseline - recent >= threshold:
                rows.append((user_id, metric, baseline, recent, before.n, after.n))
    if not rows:
        return []
    ids = sorted({r[0] for r in rows})
    emails: dict[int, str] = {
        u: e for u, e in db.execute(select(User.id, User.email).where(User.id.in_(ids)))
    }
    out = [
        DriftRow(
            user_id=u,
            email=emails.get(u, f"deleted user {u}"),
            metric=metric,
            baseline=baseline,
            recent=recent,
            change=recent - baseline,
            n_baseline=nb,
            n_recent=nr,
        )
        for u, metric, baseline, recent, nb, nr in rows
    ]
    return sorted(out, key=lambda r: (r.change, r.email, r.metric))


def period_of(days: int, recent_days: int, now: datetime | None = None) -> Period:
    return Period(today=(now or datetime.now(UTC)).date(), days=days, recent_days=min(recent_days, days))


def dashboard(
    database: Database,
    actor: Actor,
    project_id: int,
    *,
    days: int = DEFAULT_DAYS,
    recent_days: int = RECENT_DAYS,
    drift_threshold: float = DRIFT_THRESHOLD,
) -> Dashboard:
    """Reviewers and managers (annotators: 403). The series are the latest cached ones
    (``services.dashboard_refresh``: ``stale`` when newer submissions exist, recomputed by the
    background job); the backlogs and the final count are read per request."""
    with database.session() as db:
        project_access(db, actor, project_id, minimum="reviewer")
    period = period_of(days, recent_days)
    found = dashboard_refresh.latest(database, project_id, period)
    dashboard_refresh.note_view(database, project_id, period)
    data = found.series
    with database.session() as db:
        counts = data.progress.model_copy(update={"items_final": final_count(db, project_id)})
        waiting = backlogs(db, project_id)
        drift_rows = drifting(db, data, drift_threshold)
    return Dashboard(
        days=period.days,
        recent_days=period.recent_days,
        drift_threshold=drift_threshold,
        generated_at=datetime.now(UTC),
        computed_at=found.computed_at,
        stale=found.stale,
        progress=counts,
        forecast=forecast(counts, data.throughput, period.today),
        throughput=data.throughput,
        agreement=data.agreement,
        honeypot_accuracy=data.honeypot_accuracy,
        team_confusion=data.team_confusion,
        gold_confusion=data.gold_confusion,
        confused_most=monitoring.confused_of(data.gold_confusion, top=10),
        drifting=drift_rows,
        backlogs=waiting,
    )
