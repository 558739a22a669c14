"""Krippendorff's alpha per control with a bootstrap interval, over items with 2+ answers."""

from __future__ import annotations

import math
import random
from functools import cache
from typing import Any

import orjson

from goldlabel.controls.base import ControlSpec
from goldlabel.core.limits import MIN_ITEMS_FOR_RATE
from goldlabel.services.quality.submissions import canonical, ctype
from goldlabel.services.views import ControlAgreement

BOOTSTRAP_RESAMPLES = 500
# Distance-based alpha evaluates every pair of distinct answers; above this many distinct
# answers it runs on a seeded random subset of items (reported as ``sampled_items``).
MAX_DISTINCT_ANSWERS = 1_500


def long_table(per_item: dict[int, dict[int, Any]], *, as_keys: bool) -> dict[str, list[Any]]:
    """The engine's (task, worker, label) table; ``as_keys`` puts canonical JSON in ``label``."""
    table: dict[str, list[Any]] = {"task": [], "worker": [], "label": []}
    for item_id, by_author in per_item.items():
        for author, value in by_author.items():
            table["task"].append(item_id)
            table["worker"].append(author)
            table["label"].append(canonical(value) if as_keys else value)
    return table


def control_agreement(spec: ControlSpec, per_item: dict[int, dict[int, Any]]) -> ControlAgreement:
    from goldlabel.quality.agreement import alpha_statistic_long, bootstrap_ci

    control = ctype(spec)
    level = control.alpha_level(spec)
    pairable = {i: a for i, a in per_item.items() if len(a) >= 2}
    n_items = len(pairable)
    n_annotations = sum(len(a) for a in per_item.values())
    sampled = None
    if level is None:
        pairable, sampled = _cap_distinct(pairable)

        @cache
        def distance(a: str, b: str) -> float:
            return control.distance(spec, orjson.loads(a), orjson.loads(b))

        kwargs: dict[str, Any] = {"distance": distance}
    else:
        kwargs = {"level_of_measurement": level}
    alpha = low = high = None
    if pairable:
        table = long_table(pairable, as_keys=level is None or level == "nominal")
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
        n_items=n_items,
        too_few=n_items < MIN_ITEMS_FOR_RATE,
        n_annotations=n_annotations,
        sampled_items=sampled,
    )


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _cap_distinct(pairable: dict[int, dict[int, Any]]) -> tuple[dict[int, dict[int, Any]], int | None]:
    distinct = {canonical(v) for a in pairable.values() for v in a.values()}
    if len(distinct) <= MAX_DISTINCT_ANSWERS:
        return pairable, None
    ids = sorted(pairable)
    random.Random(0).shuffle(ids)
    kept: dict[int, dict[int, Any]] = {}
    seen: set[str] = set()
    for item_id in ids:
        keys = {canonical(v) for v in pairable[item_id].values()}
        if len(seen | keys) > MAX_DISTINCT_ANSWERS:
            break
        seen |= keys
        kept[item_id] = pairable[item_id]
    return kept, len(kept)
