"""Ongoing monitoring: annotators' answers on honeypots, scored against gold.

A honeypot answer is a submitted annotation on an item whose ``gold_set`` is ``honeypot``,
scored per control against ``Gold.result`` by ``grading.control_score`` (the control type's
``score``, as practice and exams grade; a control gold leaves empty is not scored). Each function reads
the answers it needs with ONE query (a join of annotations, items and gold, starting from the
project's honeypot items on ``ix_items_gold``), however many answers or annotators it covers:

- ``rolling_accuracy`` — per annotator, over their last ``window`` honeypot answers: accuracy per
  control and overall, each with ``n`` (what the pause rule reads, and the team table);
- ``accuracy_series`` — one annotator's accuracy per UTC day or per answer (the chart);
- ``confusions`` — one annotator's confusion matrix against gold per categorical control (single
  choices, ratings), counted by ``goldlabel.quality.scoring.confusion_matrix``;
- ``most_confused_labels`` — the (gold label, answer) pairs they get wrong most (the scorecard).

The pause rule (``services.pauses``, written with the training work) reads one annotator's last
answers through ``honeypot_answers``, ``accuracy_per_control`` and ``confused_labels`` (the
reference labels missed, for any control type that names labels: its refresher's focus).

``before`` (optional) leaves out answers made at or after that instant: an annotator's own
scorecard stops at the start of the current UTC day unless the project shows honeypot feedback,
so nothing they can watch change tells them which item they just answered was a honeypot.

Services take a session and return views; access is checked by the callers (scorecards, the
training service). The quality engine is imported inside the functions that use it, so the
server starts without it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from statistics import fmean
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.choices import ChoicesSpec
from goldlabel.controls.rating import RatingSpec
from goldlabel.controls.registry import type_of
from goldlabel.controls.schema import ProjectSchema
from goldlabel.db.models import Annotation, Gold, GoldSet, Item
from goldlabel.services.grading import control_score
from goldlabel.services.monitoring_views import (
    AccuracyPoint,
    ConfusedLabel,
    ConfusionView,
    ControlHoneypotAccuracy,
    HoneypotAccuracy,
)
from goldlabel.services.quality.scorecards import rate

SeriesBy = Literal["day", "answer"]


@dataclass(frozen=True, slots=True)
class ScoredAnswer:
    """One scored honeypot answer (service-internal: it holds the gold answer)."""

    user_id: int
    item_id: int
    at: datetime
    scores: dict[str, float]  # control -> score in [0, 1], controls gold answers only
    answers: dict[str, Any]
    references: dict[str, Any]

    @property
    def score(self) -> float | None:
        return fmean(self.scores.values()) if self.scores else None


def _answers_statement(
    project_id: int, user_ids: Sequence[int] | None, before: datetime | None, window: int | None
) -> Select[Any]:
    stmt = (
        select(
            Annotation.author_id.label("user_id"),
            Annotation.item_id.label("item_id"),
            Annotation.id.label("annotation_id"),
            Annotation.result.label("result"),
            Annotation.updated_at.label("at"),
            Gold.result.label("reference"),
            Item.data.label("data"),
        )
        .join(Item, Item.id == Annotation.item_id)
        .join(Gold, Gold.item_id == Annotation.item_id)
        .where(
            Item.project_id == project_id,
            Item.gold_set == GoldSet.HONEYPOT.value,
            Annotation.project_id == project_id,
            Annotation.status == "submitted",
        )
    )
    if user_ids is not None:
        stmt = stmt.where(Annotation.author_id.in_(list(user_ids)))
    if before is not None:
        stmt = stmt.where(Annotation.updated_at < before)
    if window is None:
        return stmt.order_by(Annotation.author_id, Annotation.updated_at, Annotation.id)
    # The last ``window`` answers of each annotator, in the same query (a window function).
    recent = func.row_number().over(
        partition_by=Annotation.author_id, order_by=(Annotation.updated_at.desc(), Annotation.id.desc())
    )
    sub = stmt.add_columns(recent.label("recent")).subquery()
    return (
        select(
            sub.c.user_id,
            sub.c.item_id,
            sub.c.annotation_id,
            sub.c.result,
            sub.c.at,
            sub.c.reference,
            sub.c.data,
        )
        .where(sub.c.recent <= window)
        .order_by(sub.c.user_id, sub.c.at, sub.c.annotation_id)
    )


def scored_answers(
    db: Session,
    project_id: int,
    controls: Sequence[ControlSpec],
    *,
    user_ids: Sequence[int] | None = None,
    before: datetime | None = None,
    window: int | None = None,
) -> list[ScoredAnswer]:
    """The scored honeypot answers, by annotator then oldest first (one query). ``window``: only
    each annotator's last ``window`` answers."""
    rows = db.execute(_answers_statement(project_id, user_ids, before, window))
    answers = []
    for row in rows:
        scores: dict[str, float] = {}
        for spec in controls:
            ref = row.reference.get(spec.name)
            if ref is None:
                continue
            scores[spec.name] = control_score(spec, row.result.get(spec.name), ref, row.data)
        answers.append(
            ScoredAnswer(
                user_id=row.user_id,
                item_id=row.item_id,
                at=row.at,
                scores=scores,
                answers=row.result,
                references=row.reference,
            )
        )
    return answers


def rolling_from(
    user_id: int, window: int, answers: Sequence[ScoredAnswer], controls: Iterable[ControlSpec]
) -> HoneypotAccuracy:
    """The accuracy over ``answers`` (already the window: an annotator's latest answers)."""
    per_control: dict[str, list[float]] = defaultdict(list)
    for answer in answers:
        for name, score in answer.scores.items():
            per_control[name].append(score)
    overall = [s for a in answers if (s := a.score) is not None]
    return HoneypotAccuracy(
        user_id=user_id,
        window=window,
        overall=rate(fmean(overall) if overall else None, len(overall)),
        controls=[
            ControlHoneypotAccuracy(
                control=spec.name,
                accuracy=rate(
                    fmean(values) if (values := per_control.get(spec.name)) else None, len(values or [])
                ),
            )
            for spec in controls
        ],
    )


def rolling_accuracy(
    db: Session,
    project_id: int,
    controls: Sequence[ControlSpec],
    *,
    window: int,
    user_ids: Sequence[int] | None = None,
    before: datetime | None = None,
) -> dict[int, HoneypotAccuracy]:
    """Per annotator (those in ``user_ids``, else everyone who answered a honeypot): accuracy
    over their last ``window`` honeypot answers, per control and overall, with ``n``. An
    annotator without honeypot answers is absent (or, when named in ``user_ids``, has n = 0)."""
    if window < 1:
        raise ValueError("window must be at least 1")
    by_user: dict[int, list[ScoredAnswer]] = defaultdict(list)
    for answer in scored_answers(db, project_id, controls, user_ids=user_ids, before=before, window=window):
        by_user[answer.user_id].append(answer)
    users = list(user_ids) if user_ids is not None else sorted(by_user)
    return {u: rolling_from(u, window, by_user.get(u, []), controls) for u in users}


def series_of(answers: Sequence[ScoredAnswer], *, by: SeriesBy, window: int) -> list[AccuracyPoint]:
    """Accuracy over time from one annotator's answers (oldest first): per UTC day, or per
    answer with the rolling mean over ``window``."""
    scored = [(a, s) for a in answers if (s := a.score) is not None]
    if by == "answer":
        points = []
        for i, (answer, score) in enumerate(scored):
            recent = [s for _, s in scored[max(0, i + 1 - window) : i + 1]]
            points.append(
                AccuracyPoint(
                    index=i + 1,
                    at=answer.at,
                    n=1,
                    accuracy=score,
                    rolling=fmean(recent),
                    controls=dict(answer.scores),
                )
            )
        return points
    days: dict[Any, list[tuple[ScoredAnswer, float]]] = defaultdict(list)
    for answer, score in scored:
        days[answer.at.date()].append((answer, score))
    points = []
    for day, group in sorted(days.items()):
        per_control: dict[str, list[float]] = defaultdict(list)
        for answer, _ in group:
            for name, value in answer.scores.items():
                per_control[name].append(value)
        points.append(
            AccuracyPoint(
                day=day,
                at=datetime.combine(day, time(), UTC),  # the day, not an answer's instant
                n=len(group),
                accuracy=fmean(s for _, s in group),
                controls={name: fmean(values) for name, values in per_control.items()},
            )
        )
    return points


def accuracy_series(
    db: Session,
    project_id: int,
    controls: Sequence[ControlSpec],
    user_id: int,
    *,
    by: SeriesBy = "day",
    window: int = 20,
    before: datetime | None = None,
) -> list[AccuracyPoint]:
    """One annotator's honeypot accuracy over time, for a chart (see ``series_of``)."""
    answers = scored_answers(db, project_id, controls, user_ids=[user_id], before=before)
    return series_of(answers, by=by, window=window)


def _categories(spec: ControlSpec) -> list[str] | None:
    """The labels of a categorical control as strings, or None for other controls."""
    if isinstance(spec, ChoicesSpec) and not spec.multiple:
        return list(spec.options)
    if isinstance(spec, RatingSpec):
        return [str(v) for v in range(spec.min, spec.max + 1)]
    return None


def _label(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return str(int(value))
    return None


def confusions_of(answers: Sequence[ScoredAnswer], controls: Sequence[ControlSpec]) -> list[ConfusionView]:
    """The confusion against gold of each categorical control (single choices, ratings); an
    answer left empty is not counted (it has no label to confuse)."""
    from goldlabel.quality.scoring.confusion import confusion_matrix  # numpy: loaded when used

    views = []
    for spec in controls:
        labels = _categories(spec)
        if labels is None:
            continue
        pairs = [
            (ref, ans)
            for a in answers
            if (ref := _label(a.references.get(spec.name))) is not None
            and (ans := _label(a.answers.get(spec.name))) is not None
        ]
        confusion = confusion_matrix([r for r, _ in pairs], [p for _, p in pairs], labels=labels)
        views.append(
            ConfusionView(
                control=spec.name,
                labels=labels,
                matrix=confusion.matrix.tolist(),
                n=confusion.n,
                accuracy=confusion.accuracy,
            )
        )
    return views


def confused_of(confusions: Sequence[ConfusionView], *, top: int | None = None) -> list[ConfusedLabel]:
    """The (gold label, answer) pairs confused most, across controls, most frequent first."""
    import numpy as np

    from goldlabel.quality.scoring.confusion import Confusion, most_confused

    pairs: list[ConfusedLabel] = []
    for view in confusions:
        matrix = np.asarray(view.matrix, dtype=np.int64).reshape(len(view.labels), len(view.labels))
        confusion = Confusion(labels=tuple(view.labels), matrix=matrix, n=view.n, accuracy=view.accuracy)
        pairs.extend(
            ConfusedLabel(
                control=view.control,
                reference=str(p.reference),
                answer=str(p.answer),
                count=p.count,
                rate=p.rate,
            )
            for p in most_confused(confusion)
        )
    pairs.sort(key=lambda p: (-p.count, -p.rate))
    return pairs if top is None else pairs[:top]


def confusions(
    db: Session,
    project_id: int,
    controls: Sequence[ControlSpec],
    user_id: int,
    *,
    before: datetime | None = None,
) -> list[ConfusionView]:
    """One annotator's confusion against gold per categorical control (one query)."""
    return confusions_of(
        scored_answers(db, project_id, controls, user_ids=[user_id], before=before), controls
    )


def most_confused_labels(
    db: Session,
    project_id: int,
    controls: Sequence[ControlSpec],
    user_id: int,
    *,
    top: int | None = 5,
    window: int | None = None,
) -> list[ConfusedLabel]:
    """The labels an annotator confuses most on honeypots (over their last ``window`` answers,
    or all), as the scorecard shows them."""
    answers = scored_answers(db, project_id, controls, user_ids=[user_id], window=window)
    return confused_of(confusions_of(answers, controls), top=top)


# ---- one annotator's last answers, for the pause rule (services.pauses) ----------------------


@dataclass(frozen=True, slots=True)
class HoneypotAnswer:
    item_id: int
    answer: dict[str, Any]
    reference: dict[str, Any]
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ControlAccuracy:
    """Mean score of ``n`` honeypot answers on one control (0..1)."""

    control: str
    accuracy: float
    n: int


def honeypot_answers(
    db: Session, project_id: int, user_id: int, *, last: int | None = None
) -> list[HoneypotAnswer]:
    """The user's submitted honeypot answers with their gold, newest first (``last``: at most);
    one query, the same as the scorecards read."""
    rows = db.execute(_answers_statement(project_id, [user_id], None, last))
    return [HoneypotAnswer(r.item_id, r.result, r.reference, r.data) for r in rows][::-1]


def accuracy_per_control(
    schema: ProjectSchema, answers: Sequence[HoneypotAnswer]
) -> dict[str, ControlAccuracy]:
    """Per control the references answer: the mean of ``grading.control_score``."""
    out: dict[str, ControlAccuracy] = {}
    for spec in schema.controls:
        scores = [
            control_score(spec, a.answer.get(spec.name), a.reference[spec.name], a.data)
            for a in answers
            if a.reference.get(spec.name) is not None
        ]
        if scores:
            out[spec.name] = ControlAccuracy(spec.name, sum(scores) / len(scores), len(scores))
    return out


def confused_labels(schema: ProjectSchema, control: str, answers: Sequence[HoneypotAnswer]) -> Counter[str]:
    """Reference labels of ``control`` the answers got wrong, counted (from the answers against
    gold: a reference label the answer does not use, or every reference label of an answer that
    scores under 1 while using them all, e.g. with wrong boundaries)."""
    spec = schema.control(control)
    counts: Counter[str] = Counter()
    if spec is None:
        return counts
    ctype = type_of(spec)
    for a in answers:
        reference = a.reference.get(control)
        if reference is None:
            continue
        answer = a.answer.get(control)
        if control_score(spec, answer, reference, a.data) >= 1.0:
            continue
        expected = ctype.names_used(reference)
        used = set(ctype.names_used(answer)) if answer is not None else set()
        missed = [label for label in expected if label not in used] or expected
        counts.update(dict.fromkeys(missed, 1))
    return counts


# ---- for the team dashboard (services.dashboard) --------------------------------------------


def categorical_labels(spec: ControlSpec) -> list[str] | None:
    """The labels of a single-choice or rating control as strings; None for other controls."""
    return _categories(spec)


def label_text(value: Any) -> str | None:
    """An answer of a categorical control as its label text (None: not a single label)."""
    return _label(value)
