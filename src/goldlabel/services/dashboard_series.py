"""The dashboard's cached series (``services.dashboard``): the progress, throughput, agreement
and team honeypot accuracy per day, confusion across the team and each annotator's baseline and
recent figures for drift — computed from one read of the submissions of the items active in the
period plus the honeypot answers, with no transaction open, and kept in ``quality_cache`` under
a fingerprint of the submissions (``ix_annotations_submitted`` answers it from the index), the
schema, the project's overlap and item count, the period and the UTC day (the period slides
daily). A manager's change of one item's overlap shows with the next submission.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from statistics import fmean
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import load_schema
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, FinalLabel, Item, Project
from goldlabel.services import monitoring
from goldlabel.services.dashboard_views import (
    AgreementPoint,
    DayCount,
    HoneypotPoint,
    Progress,
    TeamConfusion,
)
from goldlabel.services.monitoring_views import ConfusionView
from goldlabel.services.quality import cache
from goldlabel.services.quality.submissions import canonical, ctype, submissions_fingerprint

SERIES_VERSION = "d1"  # bumped when the cached series change shape

# ---- the cached series -----------------------------------------------------------------------


class _Stat(BaseModel):
    total: float = 0.0
    n: int = 0


class _UserDrift(BaseModel):
    baseline: dict[str, _Stat]  # metric -> sum and count before the recent window
    recent: dict[str, _Stat]


class Series(BaseModel):
    """The cached part (service-internal shape, stored as JSON)."""

    progress: Progress  # items_final is counted per request
    throughput: list[DayCount]
    agreement: list[AgreementPoint]
    honeypot_accuracy: list[HoneypotPoint]
    team_confusion: list[TeamConfusion]
    gold_confusion: list[ConfusionView]
    drift: dict[int, _UserDrift]
    recent_agreement: float | None  # mean agreement of items completed in the recent window
    recent_honeypot_accuracy: float | None  # the team's mean honeypot score in the recent window


@dataclass(frozen=True, slots=True)
class Period:
    today: date
    days: int
    recent_days: int

    @property
    def since(self) -> datetime:
        return datetime.combine(self.today - timedelta(days=self.days - 1), datetime.min.time(), UTC)

    @property
    def recent_since(self) -> datetime:
        start = self.today - timedelta(days=self.recent_days - 1)
        return datetime.combine(start, datetime.min.time(), UTC)

    def day_list(self) -> list[date]:
        return [self.today - timedelta(days=self.days - 1 - i) for i in range(self.days)]


def aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def series_key(period: Period) -> str:
    """The ``quality_cache`` key of a period's series."""
    return f"dashboard:{period.days}:{period.recent_days}"


def fingerprint_of(db: Session, project: Project, period: Period) -> str:
    """The submissions' fingerprint, the schema, the project's overlap and item count (the
    progress), and the period's days."""
    schema = hashlib.sha256(canonical(project.schema).encode()).hexdigest()[:16]
    return (
        f"{SERIES_VERSION}:{submissions_fingerprint(db, project.id)}:{schema}:"
        f"o{project.overlap}:n{project.item_count}:"
        f"{period.today.isoformat()}:{period.days}:{period.recent_days}"
    )


def series(database: Database, project_id: int, period: Period) -> Series:
    """The series of ``period``: cached while the fingerprint holds, else computed from one read
    and stored (only if the submissions did not change while they were read)."""
    key = series_key(period)
    with database.session() as db:
        project = db.get_one(Project, project_id)
        controls = list(load_schema(project.schema).controls)
        fingerprint = fingerprint_of(db, project, period)
        lookup = cache.Job(key, fingerprint, lambda _s: {})
        cached = cache.fresh_payloads(db, project_id, [lookup])
        if key in cached:
            return Series.model_validate(cached[key])
        answers = _production_answers(db, project_id, period)
        submitted_at = _submission_times(db, project_id, period)
        honeypots = monitoring.scored_answers(db, project_id, controls, before=None)
        counts = progress(db, project)
        unchanged = fingerprint_of(db, project, period) == fingerprint
    computed = _compute(controls, period, answers, submitted_at, honeypots, counts)
    if unchanged:
        cache.store(database, project_id, {key: (fingerprint, computed.model_dump(mode="json"))})
    return computed


@dataclass(frozen=True, slots=True)
class _Answer:
    author: int
    at: datetime
    result: dict[str, Any]


def _production_answers(db: Session, project_id: int, period: Period) -> dict[int, list[_Answer]]:
    """Every submission of the production items with a submission in the period (one query)."""
    active = (
        select(Annotation.item_id)
        .where(
            Annotation.project_id == project_id,
            Annotation.status == "submitted",
            Annotation.updated_at >= period.since,
        )
        .distinct()
    )
    rows = db.execute(
        select(Annotation.item_id, Annotation.author_id, Annotation.updated_at, Annotation.result)
        .join(Item, Item.id == Annotation.item_id)
        .where(
            Annotation.project_id == project_id,
            Annotation.status == "submitted",
            Item.gold_set.is_(None),
            Annotation.item_id.in_(active),
        )
        .order_by(Annotation.item_id, Annotation.id)
    )
    out: dict[int, list[_Answer]] = defaultdict(list)
    for item_id, author, at, result in rows:
        out[item_id].append(_Answer(author, aware(at), result))
    return out


def _submission_times(db: Session, project_id: int, period: Period) -> list[datetime]:
    """When each submission of the period was made (honeypots included: they are work too)."""
    return [
        aware(at)
        for at in db.scalars(
            select(Annotation.updated_at).where(
                Annotation.project_id == project_id,
                Annotation.status == "submitted",
                Annotation.updated_at >= period.since,
            )
        )
    ]


def _compute(
    controls: Sequence[ControlSpec],
    period: Period,
    answers: dict[int, list[_Answer]],
    submitted_at: list[datetime],
    honeypots: Sequence[monitoring.ScoredAnswer],
    counts: Progress,
) -> Series:
    days = period.day_list()
    per_day: dict[date, int] = defaultdict(int)
    for at in submitted_at:
        per_day[at.date()] += 1
    since, recent_since = period.since, period.recent_since
    # user -> (side, metric) -> [total, n]; plain lists here (pydantic models at the end)
    sums: dict[int, dict[tuple[bool, str], list[float]]] = defaultdict(dict)

    def credit(user: int, metric: str, value: float, at: datetime) -> None:
        stat = sums[user].setdefault((at >= recent_since, metric), [0.0, 0])
        stat[0] += value
        stat[1] += 1

    agreement_days: dict[date, list[float]] = defaultdict(list)
    control_days: dict[date, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    categorical = {s.name: labels for s in controls if (labels := monitoring.categorical_labels(s))}
    pairs: dict[str, list[list[int]]] = {n: [[0] * len(ls) for _ in ls] for n, ls in categorical.items()}
    recent_agreement: list[float] = []
    memo: dict[str, dict[tuple[str, str], float]] = {spec.name: {} for spec in controls}
    for item_answers in answers.values():
        done_at = max(a.at for a in item_answers)
        if done_at < since:
            continue
        item_scores: list[float] = []
        for spec in controls:
            given = [(a, v) for a in item_answers if (v := a.result.get(spec.name)) is not None]
            if len(given) < 2:
                continue
            pairs_of = _pair_agreements(spec, given, memo[spec.name])
            value = fmean(v for _, _, v in pairs_of)
            item_scores.append(value)
            control_days[done_at.date()][spec.name].append(value)
            for a, b, v in pairs_of:
                credit(a.author, "agreement", v, a.at)
                credit(b.author, "agreement", v, b.at)
            if spec.name in categorical:
                _count_pairs(categorical[spec.name], pairs[spec.name], [v for _, v in given])
        if item_scores:
            mean = fmean(item_scores)
            agreement_days[done_at.date()].append(mean)
            if done_at >= recent_since:
                recent_agreement.append(mean)
    honeypot_days: dict[date, list[float]] = defaultdict(list)
    in_period = [h for h in honeypots if aware(h.at) >= since]
    recent_honeypots: list[float] = []
    for h in in_period:
        if (score := h.score) is None:
            continue
        at = aware(h.at)
        honeypot_days[at.date()].append(score)
        credit(h.user_id, "honeypot_accuracy", score, at)
        if at >= recent_since:
            recent_honeypots.append(score)
    return Series(
        progress=counts,
        throughput=[DayCount(day=d, count=per_day.get(d, 0)) for d in days],
        agreement=[
            AgreementPoint(
                day=d,
                n_items=len(agreement_days[d]),
                agreement=fmean(agreement_days[d]),
                controls={name: fmean(v) for name, v in control_days[d].items()},
            )
            for d in days
            if agreement_days.get(d)
        ],
        honeypot_accuracy=[
            HoneypotPoint(day=d, n=len(honeypot_days[d]), accuracy=fmean(honeypot_days[d]))
            for d in days
            if honeypot_days.get(d)
        ],
        team_confusion=[_team_confusion(name, categorical[name], matrix) for name, matrix in pairs.items()],
        gold_confusion=monitoring.confusions_of(in_period, controls),
        drift={
            user: _UserDrift(
                baseline={m: _Stat(total=t, n=int(n)) for (recent, m), (t, n) in stats.items() if not recent},
                recent={m: _Stat(total=t, n=int(n)) for (recent, m), (t, n) in stats.items() if recent},
            )
            for user, stats in sums.items()
        },
        recent_agreement=fmean(recent_agreement) if recent_agreement else None,
        recent_honeypot_accuracy=fmean(recent_honeypots) if recent_honeypots else None,
    )


MEMO_LIMIT = 200_000  # distances remembered per control (answers repeat across items)


def _pair_agreements(
    spec: ControlSpec, given: list[tuple[_Answer, Any]], memo: dict[tuple[str, str], float]
) -> list[tuple[_Answer, _Answer, float]]:
    """Agreement (1 - distance) of every pair of answers on one item, as
    ``quality.consensus.pairwise_agreement`` computes it (whose mean is the item's agreement),
    kept per pair: each answer's agreement with the others is also the drift's measure."""
    control = ctype(spec)
    keys = [canonical(v) for _, v in given]
    out = []
    for i, j in combinations(range(len(given)), 2):
        a, b = sorted((keys[i], keys[j]))
        if a == b:
            value = 1.0
        elif (a, b) in memo:
            value = memo[a, b]
        else:
            value = 1.0 - control.distance(spec, given[i][1], given[j][1])
            if len(memo) < MEMO_LIMIT:
                memo[a, b] = value
        out.append((given[i][0], given[j][0], value))
    return out


def _count_pairs(labels: list[str], matrix: list[list[int]], values: list[Any]) -> None:
    index = {label: i for i, label in enumerate(labels)}
    found = [index[t] for v in values if (t := monitoring.label_text(v)) is not None and t in index]
    for i, j in combinations(found, 2):
        matrix[i][j] += 1
        if i != j:
            matrix[j][i] += 1


def _team_confusion(control: str, labels: list[str], matrix: list[list[int]]) -> TeamConfusion:
    agree = sum(matrix[i][i] for i in range(len(labels)))
    off = sum(matrix[i][j] for i in range(len(labels)) for j in range(len(labels)) if i < j)
    n = agree + off
    return TeamConfusion(
        control=control, labels=labels, matrix=matrix, n_pairs=n, agreement=agree / n if n else None
    )


# ---- the progress (every production item: cached with the series) ----------------------


def progress(db: Session, project: Project) -> Progress:
    """One aggregate over the production items (``ix_items_gold``; every item row, so it is
    part of the cached series) and the count of final labels (``ix_final_labels_project``)."""
    needed = func.coalesce(Item.overlap, project.overlap)
    total, complete, annotations_needed, done, submitted = db.execute(
        select(
            func.count(Item.id),
            func.coalesce(func.sum(case((Item.submitted_count >= needed, 1), else_=0)), 0),
            func.coalesce(func.sum(needed), 0),
            func.coalesce(
                func.sum(case((Item.submitted_count < needed, Item.submitted_count), else_=needed)), 0
            ),
            func.coalesce(func.sum(Item.submitted_count), 0),
        ).where(Item.project_id == project.id, Item.gold_set.is_(None))
    ).one()
    final = db.scalar(select(func.count()).select_from(FinalLabel).where(FinalLabel.project_id == project.id))
    return Progress(
        total_items=total,
        items_complete=int(complete),
        items_final=final or 0,
        annotations_needed=int(annotations_needed),
        annotations_done=int(done),
        annotations_submitted=int(submitted),
    )


def final_count(db: Session, project_id: int) -> int:
    """Final labels change without a submission (adjudication, review): counted per request."""
    found = db.scalar(select(func.count()).select_from(FinalLabel).where(FinalLabel.project_id == project_id))
    return found or 0
