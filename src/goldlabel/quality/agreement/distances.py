"""Disagreement metrics δ for Krippendorff's alpha, each in its cheapest exact form.

Alpha needs two sums over *pairable* values (values of units coded by ≥ 2 annotators),
both taken over ordered pairs of distinct annotations (Krippendorff 2011):

* observed: ``Σ_u 1/(m_u − 1) · Σ_{i≠j ∈ u} δ(x_i, x_j)`` — pairs within each unit u of m_u values;
* expected: ``Σ_{i≠j} δ(x_i, x_j)`` over all n pairable values = ``Σ_vk n_v n_k δ_vk − Σ_v n_v δ_vv``;

and ``alpha = 1 − (n − 1) · observed / expected``. That is exactly the coincidence-matrix
formula (``o_vk`` sums the within-unit pairs, ``n_v`` are its margins). Nominal, interval and
ordinal δ are squared differences of a position (ordinal: the mid-rank of the value among
all pairable values), so both sums collapse to per-unit moments — O(values), no V × V
matrix. Ratio and custom distances enumerate pairs: within units for the observed sum, over
distinct values (in blocks) for the expected sum.
"""

from __future__ import annotations

import numbers
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from scipy import sparse

from goldlabel.quality.agreement.coincidence import (
    UnitValueCounts,
    matvec,
    row_dot,
    within_row_pairs,
)

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")
_BLOCK_CELLS = 1 << 22  # distance-matrix cells evaluated at once for the expected sum


class Metric(ABC):
    """A δ able to give per-unit observed sums and expected sums for many margins at once."""

    #: True when δ depends on the value margins (ordinal), so resamples need recomputing.
    marginal_dependent: bool = False

    @abstractmethod
    def unit_disagreement(self, values: UnitValueCounts, margins: np.ndarray) -> np.ndarray:
        """``Σ_{i≠j ∈ u} δ`` per unit (ordered pairs, not yet divided by ``m_u − 1``)."""

    @abstractmethod
    def expected(self, margins: np.ndarray) -> np.ndarray:
        """``Σ_{i≠j} δ`` over all pairable values, for each row of (b, V) margins."""


class NominalMetric(Metric):
    """δ = 1 when values differ: pair sums are m² − Σ c²."""

    def unit_disagreement(self, values: UnitValueCounts, margins: np.ndarray) -> np.ndarray:
        out: np.ndarray = values.totals**2 - row_dot(values.counts, values.counts)
        return out

    def expected(self, margins: np.ndarray) -> np.ndarray:
        out: np.ndarray = margins.sum(axis=1) ** 2 - (margins**2).sum(axis=1)
        return out


class SquaredDifferenceMetric(Metric):
    """δ = (x_v − x_k)²: Σ_{i≠j} over a group of m values is 2(m Σx² − (Σx)²).

    Interval uses the values themselves; ordinal uses mid-ranks ``x_v = Σ_{g<v} n_g + n_v/2``,
    for which ``(x_k − x_v)²`` equals Krippendorff's ``(Σ_{g=v}^{k} n_g − (n_v + n_k)/2)²``.
    """

    def __init__(self, positions: np.ndarray | None) -> None:
        # Centre once: the sums are translation-invariant and centring avoids cancellation.
        self._positions = None if positions is None else positions - positions.mean()
        self.marginal_dependent = positions is None

    def _x(self, margins: np.ndarray) -> np.ndarray:
        if self._positions is not None:
            return np.broadcast_to(self._positions, margins.shape)
        mid = np.cumsum(margins, axis=-1) - margins / 2
        out: np.ndarray = mid - mid.mean(axis=-1, keepdims=True)
        return out

    def unit_disagreement(self, values: UnitValueCounts, margins: np.ndarray) -> np.ndarray:
        x = self._x(margins)
        s1, s2 = matvec(values.counts, x), matvec(values.counts, x**2)
        out: np.ndarray = 2 * (values.totals * s2 - s1**2)
        return out

    def expected(self, margins: np.ndarray) -> np.ndarray:
        x = self._x(margins)
        n = margins.sum(axis=1)
        out: np.ndarray = 2 * (n * (margins * x**2).sum(axis=1) - (margins * x).sum(axis=1) ** 2)
        return out


class PairwiseMetric(Metric):
    """Any δ given as a vectorised function of value codes (ratio, custom distances)."""

    def __init__(self, pair_distance: Callable[[np.ndarray, np.ndarray], np.ndarray], n_values: int):
        self._delta = pair_distance
        self._n_values = n_values

    def unit_disagreement(self, values: UnitValueCounts, margins: np.ndarray) -> np.ndarray:
        n_values = self._n_values
        codes = np.arange(n_values)
        self_pairs = matvec(values.counts, self._delta(codes, codes))  # Σ_v c_v δ_vv, i = j pairs
        if n_values * n_values <= _BLOCK_CELLS and not sparse.issparse(values.counts):
            # Few values: Σ_vk c_v c_k δ_vk as one dense product beats pair lists.
            spread = values.counts @ self._delta(codes[:, None], codes[None, :])
            dense_sums: np.ndarray = row_dot(values.counts, spread) - self_pairs
            return dense_sums
        counts = values.csr()
        rows, i, j = within_row_pairs(counts.indptr)
        weight = counts.data[i] * counts.data[j] * self._delta(counts.indices[i], counts.indices[j])
        out: np.ndarray = np.bincount(rows, weights=weight, minlength=values.n_units) - self_pairs
        return out

    def expected(self, margins: np.ndarray) -> np.ndarray:
        n_values = self._n_values
        codes = np.arange(n_values)
        step = max(1, _BLOCK_CELLS // max(n_values, 1))
        total = np.zeros(margins.shape[0])
        for start in range(0, n_values, step):
            block = codes[start : start + step]
            delta = self._delta(block[:, None], codes[None, :])
            total += ((margins[:, block] @ delta) * margins).sum(axis=1)
        out: np.ndarray = total - margins @ self._delta(codes, codes)  # drop self-pairs (i = j)
        return out


def _ratio_distance(domain: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def delta(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a, b = domain[i], domain[j]
        total = a + b
        ratio = np.divide(a - b, total, out=np.zeros(np.broadcast(a, b).shape), where=total != 0)
        out: np.ndarray = ratio**2
        return out

    return delta


SYMMETRY_TOLERANCE = 1e-9  # |δ(a, b) − δ(b, a)| allowed for float round-off
#: Reverse-order calls made to check that δ is symmetric: every pair up to this many, an even
#: spread of pairs beyond (a full check would double the calls, ~1M more for 1,500 values).
SYMMETRY_CHECKS = 2_000


def custom_distance_matrix(domain: np.ndarray, distance: Callable[[Any, Any], float]) -> np.ndarray:
    """δ between every pair of distinct values: V(V+1)/2 calls, mirrored.

    Alpha sums δ over unordered pairs, so an asymmetric δ has no single answer (which of
    δ(a, b) and δ(b, a) counts would depend on row order): it is refused, not averaged.
    """
    n_values = len(domain)
    matrix = np.zeros((n_values, n_values))
    for v in range(n_values):
        for k in range(v, n_values):
            matrix[v, k] = matrix[k, v] = float(distance(domain[v], domain[k]))
    if not np.isfinite(matrix).all() or (matrix < 0).any():
        raise ValueError("distance must return finite, non-negative numbers")
    _check_symmetric(domain, distance, matrix)
    return matrix


def _check_symmetric(domain: np.ndarray, distance: Callable[[Any, Any], float], matrix: np.ndarray) -> None:
    first, second = np.triu_indices(len(domain), 1)
    if len(first) > SYMMETRY_CHECKS:
        pick = np.linspace(0, len(first) - 1, SYMMETRY_CHECKS).astype(np.int64)
        first, second = first[pick], second[pick]
    for v, k in zip(first.tolist(), second.tolist(), strict=True):
        backward = float(distance(domain[k], domain[v]))
        if not abs(backward - matrix[v, k]) <= SYMMETRY_TOLERANCE:
            raise AsymmetricDistanceError(
                f"distance must be symmetric, but distance(a, b) = {matrix[v, k]:.6g} and "
                f"distance(b, a) = {backward:.6g} for a = {domain[v]!r}, b = {domain[k]!r}; "
                "make it symmetric, e.g. lambda a, b: (d(a, b) + d(b, a)) / 2"
            )


class AsymmetricDistanceError(ValueError):
    """A custom distance gave δ(a, b) ≠ δ(b, a)."""


class OrderNeededError(ValueError):
    """A level of measurement that compares magnitudes got values without a known order."""


def is_numeric(domain: np.ndarray) -> bool:
    """Numbers (or booleans, dates): values whose order and differences need no guess."""
    if domain.dtype.kind in "biufmM":
        return True
    return domain.dtype.kind == "O" and all(
        isinstance(v, numbers.Real) and not isinstance(v, str) for v in domain
    )


def _numeric(domain: np.ndarray, level: str) -> np.ndarray:
    if not is_numeric(domain):
        raise OrderNeededError(
            f"level_of_measurement={level!r} needs numeric values, got e.g. {domain[:3].tolist()}; "
            "map them to numbers first, or use 'ordinal' with value_domain"
        )
    return np.asarray(domain, dtype=np.float64)


def make_metric(
    level_of_measurement: str,
    distance: Callable[[Any, Any], float] | None,
    domain: np.ndarray,
    *,
    ordered: bool = False,
) -> Metric:
    """Pick the metric for a level (or a custom distance) over the coded value domain.

    ``ordered`` says the domain's order was given (``value_domain``); without it ordinal
    needs numbers, as sorting strings ranks "high" < "low" < "medium".
    """
    if distance is not None:
        if level_of_measurement != "nominal":
            raise ValueError("pass either a custom distance or a level_of_measurement, not both")
        matrix = custom_distance_matrix(domain, distance)
        return PairwiseMetric(lambda i, j: matrix[i, j], len(domain))
    if level_of_measurement not in LEVELS:
        raise ValueError(f"level_of_measurement must be one of {LEVELS}, got {level_of_measurement!r}")
    if level_of_measurement == "nominal":
        return NominalMetric()
    if level_of_measurement == "ordinal":
        if not ordered and not is_numeric(domain):
            raise OrderNeededError(
                f"ordinal alpha needs the order of the values, got e.g. {domain[:3].tolist()} "
                "that would be ranked alphabetically; pass value_domain=[lowest, ..., highest]"
            )
        return SquaredDifferenceMetric(None)
    values = _numeric(domain, level_of_measurement)
    if level_of_measurement == "interval":
        return SquaredDifferenceMetric(values)
    return PairwiseMetric(_ratio_distance(values), len(values))
