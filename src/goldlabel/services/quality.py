"""Project-level quality: agreement per control (with bootstrap CIs), consensus per item,
and per-annotator scorecards, computed from the submitted annotations in the database.

The math lives in goldlabel.quality and in each control type (score / distance /
aggregate); this module only gathers the answers and shapes the results. Computed on
request from one read of the project's submissions (O(annotations)).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from statistics import fmean, median
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.registry import AnyControlType, type_of
from goldlabel.controls.schema import load_schema
from goldlabel.db.models import Annotation, Item, User
from goldlabel.services.access import Actor, project_access
from goldlabel.services.views import (
    AgreementReport,
    AnnotatorControlQuality,
    AnnotatorQuality,
    ConsensusPage,
    ControlAgreement,
    ControlConsensus,
    ItemConsensus,
)

BOOTSTRAP_RESAMPLES = 500
# Distance-based alpha evaluates every pair of distinct answers; above this many distinct
# answers it runs on a seeded random subset of items (reported as ``sampled_items``).
MAX_DISTINCT_ANSWERS = 1_500

# The quality engine (numpy, scipy, pandas) is imported inside the functions below, so a
# server that never shows a quality report never loads it.

# answers[control][item_id][author] = value
Answers = dict[str, dict[int, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class _Project:
    controls: list[ControlSpec]
    data: dict[int, dict[str, Any]]
    answers: Answers
    lead_times: dict[str, list[int]]


def _load(db: Session, actor: Actor, project_id: int) -> _Project:
    project = project_access(db, actor, project_id, minimum="reviewer").project
    schema = load_schema(project.schema)
    answers: Answers = {c.name: defaultdict(dict) for c in schema.controls}
    data: dict[int, dict[str, Any]] = {}
    lead_times: dict[str, list[int]] = defaultdict(list)
    rows = db.execute(
        select(Annotation.item_id, User.email, Annotation.result, Annotation.lead_time_ms, Item.data)
        .join(User, User.id == Annotation.author_id)
        .join(Item, Item.id == Annotation.item_id)
        .where(Annotation.project_id == project_id, Annotation.status == "submitted")
        .order_by(Annotation.item_id, Annotation.id)
    )
    for item_id, author, result, lead_time, item_data in rows:
        data[item_id] = item_data
        lead_times[author].append(lead_time)
        for name, value in result.items():
            if name in answers:
                answers[name][item_id][author] = value
    return _Project(controls=list(schema.controls), data=data, answers=answers, lead_times=lead_times)


def _ctype(spec: ControlSpec) -> AnyControlType:
    return type_of(spec)


def _key(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _long_table(per_item: dict[int, dict[str, Any]], *, as_keys: bool) -> dict[str, list[Any]]:
    table: dict[str, list[Any]] = {"task": [], "worker": [], "label": []}
    for item_id, by_author in per_item.items():
        for author, value in by_author.items():
            table["task"].append(item_id)
            table["worker"].append(author)
            table["label"].append(_key(value) if as_keys else value)
    return table


def _control_agreement(spec: ControlSpec, per_item: dict[int, dict[str, Any]]) -> ControlAgreement:
    from goldlabel.quality.agreement import alpha_statistic_long, bootstrap_ci

    ctype = _ctype(spec)
    level = ctype.alpha_level(spec)
    pairable = {i: a for i, a in per_item.items() if len(a) >= 2}
    n_annotations = sum(len(a) for a in per_item.values())
    sampled = None
    if level is None:
        pairable, sampled = _cap_distinct(pairable)

        @cache
        def distance(a: str, b: str) -> float:
            return ctype.distance(spec, orjson.loads(a), orjson.loads(b))

        kwargs: dict[str, Any] = {"distance": distance}
    else:
        kwargs = {"level_of_measurement": level}
    alpha = low = high = None
    if pairable:
        table = _long_table(pairable, as_keys=level is None or level == "nominal")
        statistic = alpha_statistic_long(table, **kwargs)
        ci = bootstrap_ci(statistic, n_resamples=BOOTSTRAP_RESAMPLES, seed=0)
        alpha, low, high = (_finite(ci.estimate), _finite(ci.low), _finite(ci.high))
    return ControlAgreement(
        control=spec.name,
        type=spec.type,
        method=f"krippendorff_alpha_{level or 'distance'}",
        alpha=alpha,
        ci_low=low,
        ci_high=high,
        n_items=len(pairable),
        n_annotations=n_annotations,
        sampled_items=sampled,
    )


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _cap_distinct(pairable: dict[int, dict[str, Any]]) -> tuple[dict[int, dict[str, Any]], int | None]:
    distinct = {_key(v) for a in pairable.values() for v in a.values()}
    if len(distinct) <= MAX_DISTINCT_ANSWERS:
        return pairable, None
    ids = sorted(pairable)
    random.Random(0).shuffle(ids)
    kept: dict[int, dict[str, Any]] = {}
    seen: set[str] = set()
    for item_id in ids:
        keys = {_key(v) for v in pairable[item_id].values()}
        if len(seen | keys) > MAX_DISTINCT_ANSWERS:
            break
        seen |= keys
        kept[item_id] = pairable[item_id]
    return kept, len(kept)


def agreement(db: Session, actor: Actor, project_id: int) -> AgreementReport:
    project = _load(db, actor, project_id)
    controls = [_control_agreement(spec, project.answers[spec.name]) for spec in project.controls]
    alphas = [c.alpha for c in controls if c.alpha is not None]
    return AgreementReport(
        overall_alpha=fmean(alphas) if alphas else None,
        controls=controls,
        n_items=len(project.data),
        n_annotators=len(project.lead_times),
    )


def _pairwise_agreement(spec: ControlSpec, values: list[Any]) -> float | None:
    if len(values) < 2:
        return None
    ctype = _ctype(spec)
    return fmean(1.0 - ctype.distance(spec, a, b) for a, b in combinations(values, 2))


def _categorical_consensus(
    spec: ControlSpec, per_item: dict[int, dict[str, Any]]
) -> dict[int, tuple[Any, float]]:
    """Dawid-Skene over the whole project: each annotator's confusions weigh their votes."""
    from goldlabel.quality.aggregation import DawidSkene

    table = _long_table(per_item, as_keys=False)
    if not table["task"]:
        return {}
    probas = DawidSkene(n_iter=100).fit_predict_proba(table)
    best = probas.to_numpy().argmax(axis=1)
    confidence = probas.to_numpy().max(axis=1)
    labels = probas.columns.to_numpy()
    return {int(t): (labels[b], float(c)) for t, b, c in zip(probas.index, best, confidence, strict=True)}


def consensus(db: Session, actor: Actor, project_id: int, *, page: int, page_size: int) -> ConsensusPage:
    project = _load(db, actor, project_id)
    item_ids = sorted(project.data)
    chosen = item_ids[(page - 1) * page_size : page * page_size]
    inferred = {
        spec.name: _categorical_consensus(spec, project.answers[spec.name])
        for spec in project.controls
        if _ctype(spec).alpha_level(spec) == "nominal"
    }
    items = []
    for item_id in chosen:
        controls: dict[str, ControlConsensus] = {}
        for spec in project.controls:
            by_author = project.answers[spec.name].get(item_id, {})
            if not by_author:
                continue
            values = list(by_author.values())
            if spec.name in inferred:
                value, confidence = inferred[spec.name][item_id]
            else:
                merged = _ctype(spec).aggregate(spec, values, project.data[item_id])
                value, confidence = merged.value, merged.confidence
            controls[spec.name] = ControlConsensus(
                value=value,
                confidence=confidence,
                agreement=_pairwise_agreement(spec, values),
                n_annotations=len(values),
            )
        items.append(ItemConsensus(item_id=item_id, controls=controls))
    return ConsensusPage(items=items, total=len(item_ids))


def _skills(spec: ControlSpec, per_item: dict[int, dict[str, Any]]) -> dict[str, float]:
    from goldlabel.quality.aggregation import OneCoinDawidSkene

    table = _long_table(per_item, as_keys=False)
    if len(set(table["worker"])) < 2:
        return {}
    skills = OneCoinDawidSkene().fit(table).skills_
    return {str(k): float(v) for k, v in skills.items()}


def annotators(db: Session, actor: Actor, project_id: int) -> list[AnnotatorQuality]:
    """Each annotator against the leave-one-out consensus of the others on shared items."""
    project = _load(db, actor, project_id)
    per_author: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    skills: dict[str, dict[str, float]] = {}
    for spec in project.controls:
        ctype = _ctype(spec)
        per_item = project.answers[spec.name]
        if ctype.alpha_level(spec) == "nominal":
            skills[spec.name] = _skills(spec, per_item)
        for item_id, by_author in per_item.items():
            if len(by_author) < 2:
                continue
            for author, value in by_author.items():
                others = [v for a, v in by_author.items() if a != author]
                reference = ctype.aggregate(spec, others, project.data[item_id]).value
                per_author[author][spec.name].append(1.0 - ctype.distance(spec, value, reference))
    result = []
    for author, lead_times in sorted(project.lead_times.items()):
        controls = {}
        for spec in project.controls:
            scores = per_author[author].get(spec.name, [])
            agreement_ = fmean(scores) if scores else None
            skill = skills.get(spec.name, {}).get(author)
            controls[spec.name] = AnnotatorControlQuality(
                agreement_with_consensus=agreement_,
                reliability=skill if skill is not None else agreement_,
                n_compared=len(scores),
            )
        result.append(
            AnnotatorQuality(
                annotator=author,
                n_annotations=len(lead_times),
                median_lead_time_ms=float(median(lead_times)),
                controls=controls,
            )
        )
    return result
