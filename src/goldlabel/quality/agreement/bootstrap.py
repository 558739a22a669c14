"""Percentile bootstrap confidence intervals for agreement statistics, resampling units.

A resample of n units is a vector of multiplicities (how often each unit was drawn), and
every statistic here (:class:`AlphaStatistic`, :class:`CohenKappaStatistic`,
:class:`FleissKappaStatistic`) evaluates a whole batch of such weight vectors with a few
matrix products, so we never copy the data per resample.

Written here rather than with ``scipy.stats.bootstrap`` because that API hands the
statistic resampled *data* (a (batch, n) copy per call) and its default BCa interval runs
an n-fold jackknife — O(n²), unusable for a million units — and it yields a NaN interval
as soon as one resample is degenerate (e.g. all drawn units share one label, where alpha
is undefined); we drop those resamples and report how many were kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

_BATCH_CELLS = 1 << 22  # resamples × units drawn per batch (≈ 32 MB of weights)


class WeightedStatistic(Protocol):
    """A statistic over units that can be evaluated under (b, n_units) unit weights."""

    @property
    def n_units(self) -> int: ...

    @property
    def value(self) -> float: ...

    def evaluate(self, weights: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class BootstrapResult:
    """Point estimate and percentile interval; ``n_valid`` resamples had a defined value."""

    estimate: float
    low: float
    high: float
    confidence_level: float
    n_resamples: int
    n_valid: int


def resample_weights(rng: np.random.Generator, n_resamples: int, n_units: int) -> np.ndarray:
    """(n_resamples, n_units) multiplicities of n_units draws with replacement, per row."""
    draws = rng.integers(0, n_units, size=(n_resamples, n_units))
    draws += n_units * np.arange(n_resamples)[:, None]
    counts = np.bincount(draws.ravel(), minlength=n_resamples * n_units)
    return counts.reshape(n_resamples, n_units).astype(np.float64)


def bootstrap_ci(
    statistic: WeightedStatistic,
    *,
    n_resamples: int = 1000,
    confidence_level: float = 0.95,
    seed: int | np.random.Generator | None = None,
) -> BootstrapResult:
    """Percentile bootstrap interval of ``statistic`` by resampling its units.

    Build the statistic with ``alpha_statistic``/``alpha_statistic_long``/
    ``cohen_kappa_statistic``/``fleiss_kappa_statistic``. For alpha the units are the
    pairable units; ordinal alpha re-derives its rank distances per resample (slower).
    """
    if not isinstance(n_resamples, int | np.integer) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a positive integer, got {n_resamples!r}")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level!r}")
    rng = np.random.default_rng(seed)
    n_units = statistic.n_units
    batch = max(1, _BATCH_CELLS // n_units)
    estimates = np.concatenate(
        [
            statistic.evaluate(resample_weights(rng, min(batch, n_resamples - start), n_units))
            for start in range(0, n_resamples, batch)
        ]
    )
    valid = estimates[~np.isnan(estimates)]
    tail = (1 - confidence_level) / 2
    low, high = np.quantile(valid, [tail, 1 - tail]) if len(valid) else (np.nan, np.nan)
    return BootstrapResult(
        estimate=statistic.value,
        low=float(low),
        high=float(high),
        confidence_level=confidence_level,
        n_resamples=int(n_resamples),
        n_valid=len(valid),
    )
