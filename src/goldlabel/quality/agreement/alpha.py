"""Krippendorff's alpha from a reliability matrix or straight from a long answer table.

Both entry points reduce the data to unit × value counts (see ``coincidence``) and
evaluate the formula documented in ``distances``; the long-table path never builds the
annotators × units grid, so a million units by a thousand annotators costs memory in the
number of answers only.

:class:`AlphaStatistic` keeps those counts so the same alpha can be re-evaluated under unit
weights: bootstrap resamples (``bootstrap``) and per-project breakdowns (``breakdown``) are
weight matrices over units, not re-encodings of the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from goldlabel.quality.agreement.coincidence import (
    UnitValueCounts,
    UnitWeights,
    code_values,
    encode_one_answer_each,
    matrix_value_counts,
    object_codes,
    pairable_counts,
)
from goldlabel.quality.agreement.distances import Level, Metric, make_metric
from goldlabel.quality.table import LongTable

Distance = Callable[[Any, Any], float]


@dataclass(frozen=True, slots=True)
class AlphaStatistic:
    """Alpha over pairable units, re-evaluable under unit weights (resamples, groups)."""

    values: UnitValueCounts
    metric: Metric

    @property
    def n_units(self) -> int:
        """Pairable units (rows the weights refer to)."""
        return self.values.n_units

    @property
    def value(self) -> float:
        """Alpha on the data as given (every pairable unit weighted 1)."""
        return float(self.evaluate(None)[0])

    def evaluate(self, weights: UnitWeights | None) -> np.ndarray:
        """Alpha for each row of a (b, n_units) matrix of non-negative unit weights.

        ``None`` means one row of ones. NaN where the weighted data has no expected
        disagreement (a single value).
        """
        counts = self.values.counts
        if weights is None:
            margins = np.asarray(counts.sum(axis=0), dtype=np.float64).reshape(1, -1)
        else:
            product: Any = weights @ counts  # dense or sparse, by the operands
            margins = product.toarray() if sparse.issparse(product) else np.asarray(product)
        scale = 1.0 / (self.values.totals - 1)

        def weighted_sum(per_unit: np.ndarray, row: int | None) -> np.ndarray:
            if weights is None:
                return np.atleast_1d(per_unit.sum())
            selected = weights if row is None else weights[[row]]
            return np.asarray(selected @ per_unit).ravel()

        if self.metric.marginal_dependent:
            observed = np.concatenate(
                [
                    weighted_sum(scale * self.metric.unit_disagreement(self.values, m), r)
                    for r, m in enumerate(margins)
                ]
            )
        else:
            per_unit = scale * self.metric.unit_disagreement(self.values, margins[0])
            observed = weighted_sum(per_unit, None)
        expected = self.metric.expected(margins)
        n = margins.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = 1 - (n - 1) * observed / expected
        return np.where(expected > 0, alpha, np.nan)


def alpha_statistic(
    reliability_data: Any,
    *,
    level_of_measurement: Level = "nominal",
    distance: Distance | None = None,
    value_domain: Any | None = None,
) -> AlphaStatistic:
    """Prepare alpha for an annotators × units matrix (see :func:`krippendorff_alpha`)."""
    if distance is not None:
        if value_domain is not None:
            raise ValueError("value_domain is not used with a custom distance")
        units, codes, n_units, domain = object_codes(reliability_data)
        values = pairable_counts(units, codes, n_units, domain)
    else:
        values = matrix_value_counts(reliability_data, value_domain)
    metric = make_metric(level_of_measurement, distance, values.domain, ordered=value_domain is not None)
    return AlphaStatistic(values, metric)


def krippendorff_alpha(
    reliability_data: Any,
    *,
    level_of_measurement: Level = "nominal",
    distance: Distance | None = None,
    value_domain: Any | None = None,
) -> float:
    """Krippendorff's alpha of an annotators × units matrix (missing = NaN / None).

    Same input and result as ``krippendorff.alpha`` (note its default level is
    "interval"; ours is "nominal", the common case for labels). ``value_domain`` orders
    non-numeric ordinal values, lowest first; ordinal alpha on strings without it is refused
    (:class:`OrderNeededError`) rather than ranked alphabetically, and interval/ratio need
    numbers. ``distance(v1, v2) -> float`` (symmetric, ≥ 0, usually in [0, 1], 0 for equal
    values) handles object values — label sets, span or box lists — given as a list of
    annotator rows with None for missing; it is called once per pair of distinct values,
    and in reverse order on up to ``SYMMETRY_CHECKS`` pairs (an asymmetric one is refused:
    :class:`AsymmetricDistanceError`), i.e. observed
    disagreement averages δ over pairs within units and expected disagreement over all
    pairs of pairable values (formula in ``distances``).
    Returns NaN when every pairable value is identical (alpha is undefined).
    """
    return alpha_statistic(
        reliability_data,
        level_of_measurement=level_of_measurement,
        distance=distance,
        value_domain=value_domain,
    ).value


def alpha_statistic_long(
    data: Any,
    *,
    level_of_measurement: Level = "nominal",
    distance: Distance | None = None,
    value_domain: Any | None = None,
) -> AlphaStatistic:
    """Prepare alpha for a long (task, worker, label) table (see :func:`krippendorff_alpha_long`)."""
    table, domain = encode_one_answer_each(data, object_labels=distance is not None)
    return alpha_statistic_from_table(
        table, domain, level_of_measurement=level_of_measurement, distance=distance, value_domain=value_domain
    )


def alpha_statistic_from_table(
    table: LongTable,
    domain: np.ndarray,
    *,
    level_of_measurement: Level = "nominal",
    distance: Distance | None = None,
    value_domain: Any | None = None,
) -> AlphaStatistic:
    """Alpha over an encoded table whose label codes index ``domain``; units = task codes.

    ``value_domain`` (ordered, lowest first) re-codes the labels into that order.
    """
    codes = table.labels
    if value_domain is not None:
        if distance is not None:
            raise ValueError("value_domain is not used with a custom distance")
        positions, domain = code_values(domain, value_domain)
        codes = positions[codes]
    values = pairable_counts(table.tasks, codes, table.n_tasks, domain)
    metric = make_metric(level_of_measurement, distance, values.domain, ordered=value_domain is not None)
    return AlphaStatistic(values, metric)


def krippendorff_alpha_long(
    data: Any,
    *,
    level_of_measurement: Level = "nominal",
    distance: Distance | None = None,
    value_domain: Any | None = None,
) -> float:
    """Krippendorff's alpha from a long table with columns task, worker, label.

    Tasks are units; tasks with fewer than two answers are not pairable and are dropped.
    Memory and time are linear in the number of answers (sparse task × value counts).
    ``value_domain`` orders string labels for ordinal alpha, as in :func:`krippendorff_alpha`.
    Raises :class:`~goldlabel.quality.table.DuplicateAnswerError` (a ValueError) if a
    worker answered a task twice.
    """
    statistic = alpha_statistic_long(
        data, level_of_measurement=level_of_measurement, distance=distance, value_domain=value_domain
    )
    return statistic.value
