"""What the monitoring dashboard and the alerts return (``services/dashboard.py``,
``services/alerts.py``): counts, rates and series only — never an item id, an answer or a gold
reference, so reviewers may see all of it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from goldlabel.services.monitoring_views import ConfusedLabel, ConfusionView
from goldlabel.services.views import View

Metric = Literal[
    "honeypot_accuracy",
    "agreement",
    "throughput_per_day",
    "review_backlog",
    "adjudication_backlog",
    "annotator_accuracy",
]
Direction = Literal["below", "above"]
DriftMetric = Literal["honeypot_accuracy", "agreement"]


class Progress(View):
    """Production items (gold left out) and the annotations they need. ``items_complete``: items
    with as many submissions as their overlap asks; ``items_final``: items with a final label;
    ``annotations_done``: submissions counted towards the need (at most the overlap per item)."""

    total_items: int
    items_complete: int
    items_final: int
    annotations_needed: int
    annotations_done: int
    annotations_submitted: int


class Forecast(View):
    """When the remaining annotations are done at the recent pace. ``rate_per_day``: the median
    daily count over the last ``days_used`` days (from the first active one); ``expected`` at that
    rate, ``earliest`` at the 75th percentile day, ``latest`` at the 25th (None: that pace is 0,
    no bound). ``done``: nothing remains."""

    method: str
    remaining_annotations: int
    rate_per_day: float | None
    days_used: int
    expected: date | None
    earliest: date | None
    latest: date | None
    done: bool


class DayCount(View):
    day: date
    count: int


class AgreementPoint(View):
    """Items completed on ``day`` (their last submission): mean pairwise agreement per control
    (items with 2+ answers on it) and ``agreement``, the mean of the items' means."""

    day: date
    n_items: int
    agreement: float | None
    controls: dict[str, float] = Field(default_factory=dict)


class HoneypotPoint(View):
    """The team's honeypot answers on ``day``: their mean score against gold."""

    day: date
    n: int
    accuracy: float


class TeamConfusion(View):
    """Pairs of annotators' labels on the same production item for one categorical control:
    ``matrix[i][j]`` counts pairs where one said ``labels[i]`` and the other ``labels[j]``
    (symmetric; the diagonal: pairs that agree). ``agreement``: the share of agreeing pairs."""

    control: str
    labels: list[str]
    matrix: list[list[int]]
    n_pairs: int
    agreement: float | None


class DriftRow(View):
    """An annotator whose recent ``metric`` fell from their own earlier baseline by at least the
    threshold (``change`` = recent - baseline, negative)."""

    user_id: int
    email: str
    metric: DriftMetric
    baseline: float
    recent: float
    change: float
    n_baseline: int
    n_recent: int


class TierBacklog(View):
    tier: int
    count: int


class Backlogs(View):
    """Annotations waiting for review (``review_status`` pending) per tier, and items whose final
    label waits for adjudication."""

    review: list[TierBacklog]
    review_total: int
    adjudication: int


class Dashboard(View):
    """The monitoring dashboard of one project over the last ``days`` days (UTC)."""

    days: int
    recent_days: int
    drift_threshold: float
    generated_at: datetime
    computed_at: datetime  # when the series (all but the backlogs and final count) were computed
    stale: bool  # newer submissions exist: a background job is recomputing the series
    progress: Progress
    forecast: Forecast
    throughput: list[DayCount]
    agreement: list[AgreementPoint]
    honeypot_accuracy: list[HoneypotPoint]
    team_confusion: list[TeamConfusion]
    gold_confusion: list[ConfusionView]
    confused_most: list[ConfusedLabel]
    drifting: list[DriftRow]
    backlogs: Backlogs


class AlertRuleView(View):
    id: int
    metric: Metric
    direction: Direction
    threshold: float
    webhook_url: str | None
    enabled: bool
    firing: bool
    created_at: datetime


class AlertView(View):
    """One firing of a rule; ``webhook_status``: "delivered (HTTP 2xx)", why delivery failed or
    was refused, "pending", or None without a webhook."""

    id: int
    rule_id: int | None
    metric: str
    value: float
    message: str
    details: dict[str, object]
    webhook_status: str | None
    fired_at: datetime
