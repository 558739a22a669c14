"""What the honeypot monitoring returns (``services/monitoring.py``): accuracy per control with
its sample size, accuracy over time, the confusion against gold, the labels confused most.

Only counts and rates: never an item id, a reference answer or which answers were honeypots.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from goldlabel.services.views import Rate, View


class ControlHoneypotAccuracy(View):
    """An annotator's honeypot accuracy on one control: the mean of the control type's
    ``score`` against gold over ``accuracy.n`` answers (``too_few`` under the rate minimum)."""

    control: str
    accuracy: Rate


class HoneypotAccuracy(View):
    """An annotator's rolling honeypot accuracy: over their last ``window`` honeypot answers,
    per control and overall (the mean of each answer's mean control score)."""

    user_id: int
    window: int
    overall: Rate
    controls: list[ControlHoneypotAccuracy]


class AccuracyPoint(View):
    """One point of the accuracy chart: a day (``day``) or one answer (``index``, 1-based, with
    ``rolling``: the mean over the window ending there). ``controls``: accuracy per control."""

    day: date | None = None
    index: int | None = None
    at: datetime
    n: int
    accuracy: float
    rolling: float | None = None
    controls: dict[str, float] = Field(default_factory=dict)


class ConfusionView(View):
    """One categorical control's confusion against gold: ``matrix[i][j]`` counts answers
    ``labels[j]`` where gold said ``labels[i]`` (rows: gold, columns: the annotator)."""

    control: str
    labels: list[str]
    matrix: list[list[int]]
    n: int
    accuracy: float | None


class ConfusedLabel(View):
    """Gold said ``reference``; the annotator answered ``answer``, ``count`` times (``rate``: of
    the answers where gold said ``reference``)."""

    control: str
    reference: str
    answer: str
    count: int
    rate: float
