"""Response shapes of the training routes (practice, exams, the training path, pauses).

Kept apart from ``views.py`` (one module per area). An annotator's practice or exam item has
only its id and data: no gold, no set, no explanation. An exam report has scores and counts,
never a reference answer (exam items are drawn again in later attempts).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from goldlabel.controls.diff import AnyDiff
from goldlabel.services.views import AnnotationView, View

Step = Literal["acknowledge_guideline", "practice", "exam", "production", "paused"]


class TrainingItemView(View):
    """A practice or exam item as the annotator sees it: the data to label, nothing else."""

    id: int
    data: dict[str, Any]


class PracticeFeedback(View):
    """Instant feedback on a practice answer (or, when the project allows it, a honeypot answer)."""

    score: float = Field(description="mean of the per-control scores, 0..1")
    scores: dict[str, float] = Field(description="per control, 0..1 (controls the reference answers)")
    diff: dict[str, AnyDiff] = Field(description="per control: the answer against the reference")
    reference: dict[str, Any]
    explanations: dict[str, str]
    section: str | None = Field(description="guideline anchor about the first control answered wrong")


class SavedAnnotationView(AnnotationView):
    """What a save (POST or PATCH of an annotation) answers: the annotation and, on the
    submission of a honeypot when the project shows honeypot feedback, that feedback. Every
    other save (a draft, a production item, a project that does not show it) carries
    ``feedback: null``, so the response alone never tells a honeypot apart."""

    feedback: PracticeFeedback | None = Field(
        default=None, description="a submitted honeypot's feedback, when the project shows it"
    )


class PracticeProgress(View):
    answered: int = Field(description="distinct practice items answered (since the pause, when paused)")
    accuracy: float | None = Field(description="mean score of each item's latest answer")
    target_items: int
    target_accuracy: float
    met: bool = Field(description="the target is met, or the project has no practice items")
    available: int = Field(description="practice items in the project")


class LastExam(View):
    attempt_id: int
    passed: bool
    score: float
    finished_at: datetime


class ExamProgress(View):
    attempts: int = Field(description="attempts counted against max_attempts")
    max_attempts: int
    remaining: int
    next_allowed_at: datetime | None = Field(description="end of the cool-down after a failed attempt")
    open_attempt_id: int | None = Field(description="an attempt started and not finished")
    last: LastExam | None


class GuidelineStatus(View):
    version_id: int | None = Field(description="the published version (None: no guideline)")
    version: str | None = Field(description="'major.minor'")
    acknowledged: bool = Field(description="a version of the current major is acknowledged")


class TrainingMe(View):
    """Where the caller is on the project's training path and what to do next."""

    step: Step
    certified: bool
    paused: bool
    reason: str | None = Field(description="why the caller is paused")
    focus_labels: list[str] = Field(description="labels the refresher practises first")
    guideline: GuidelineStatus
    practice: PracticeProgress
    exams: ExamProgress


class ExamStarted(View):
    id: int
    items: list[TrainingItemView]
    answered: list[int] = Field(description="items already answered (when resuming an attempt)")


class ExamAnswerSaved(View):
    item_id: int
    answered: int
    total: int


class LabelStats(View):
    """One label of one control over the attempt. ``correct`` is a count (spans: the matched
    credit, partial overlaps earning their share); rates are None when undefined."""

    support: int = Field(description="times the label is in the references")
    predicted: int = Field(description="times the answers use it")
    correct: float
    precision: float | None
    recall: float | None
    accuracy: float | None = Field(description="one-vs-rest over the items (choices and ratings)")


class ExamReport(View):
    """The result of a finished attempt: no reference answers, no per-item detail."""

    attempt_id: int
    passed: bool
    score: float
    scores: dict[str, float]
    pass_mark: float
    per_control_pass_mark: dict[str, float]
    failed_controls: list[str] = Field(description="controls under their pass mark")
    per_label: dict[str, dict[str, LabelStats]]
    answered: int
    total: int
    finished_at: datetime


class PauseView(View):
    id: int
    user_id: int
    email: str
    reason: str
    control: str | None
    accuracy: float | None
    focus_labels: list[str]
    started_at: datetime
    lifted_at: datetime | None
    lifted_by_attempt_id: int | None
    lifted_by_user_id: int | None
