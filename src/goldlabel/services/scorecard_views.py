"""What the training scorecards return (``services/scorecards.py``): one annotator's card and
the team table. Honeypot figures come as counts and rates only (``monitoring_views``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from goldlabel.services.monitoring_views import AccuracyPoint, ConfusedLabel, ConfusionView, HoneypotAccuracy
from goldlabel.services.views import AnnotatorControlQuality, Rate, Role, View

Attention = Literal["paused", "exam_failed", "low_honeypot_accuracy", "not_certified"]


class PracticePoint(View):
    at: datetime
    score: float


class PracticeHistory(View):
    """Practice answers (retries included): how many, on how many items, the mean score, and
    the latest ``recent`` scores oldest first (for a chart)."""

    answers: int
    items: int
    mean_score: float | None
    recent: list[PracticePoint]


class ExamEntry(View):
    """One exam attempt; ``report`` is the attempt's report per control and per label (never
    reference answers); unfinished attempts have no result yet."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    passed: bool | None
    score: float | None
    report: dict[str, Any] | None


class PauseView(View):
    reason: str
    control: str | None
    accuracy: float | None
    focus_labels: list[str]
    started_at: datetime


class Scorecard(View):
    """One annotator on one project. ``honeypots_until``: honeypot figures count answers made
    before this instant (an annotator's own card stops at the start of the UTC day unless the
    project shows honeypot feedback; None: every answer)."""

    user_id: int
    email: str
    role: Role | None
    items_done: int
    median_lead_time_ms: float | None
    certified: bool
    certified_at: datetime | None
    pause: PauseView | None
    practice: PracticeHistory
    exams: list[ExamEntry]
    honeypots: HoneypotAccuracy
    honeypots_until: datetime | None
    accuracy_over_time: list[AccuracyPoint]
    confusions: list[ConfusionView]
    confused_most: list[ConfusedLabel]
    agreement: dict[str, AnnotatorControlQuality]


class TeamRow(View):
    """One annotator in the team table; ``attention`` says why they may need help and
    ``rank`` is their place in the table (see docs/API.md, "Scorecards", for the rule)."""

    rank: int
    user_id: int
    email: str
    role: Role | None
    items_done: int
    median_lead_time_ms: float | None
    honeypot_accuracy: Rate  # overall, over the last ``window`` honeypot answers
    weakest_control: str | None  # the control with the lowest honeypot accuracy
    weakest_accuracy: Rate
    agreement: Rate
    practice_answers: int
    practice_mean_score: float | None
    exams_taken: int
    last_exam_passed: bool | None
    certified: bool
    paused: bool
    attention: list[Attention]


class TeamTable(View):
    window: int
    below: float  # a control's honeypot accuracy under which an annotator needs attention
    rows: list[TeamRow]
