"""Cohen's kappa (two annotators, optionally weighted) and Fleiss' kappa (fixed rater count).

Both are written as statistics over items that can be re-evaluated under item weights,
like :class:`~goldlabel.quality.agreement.alpha.AlphaStatistic`: a bootstrap resample, or a
group indicator (one row per annotator pair in ``breakdown``), is just a weight matrix.
For Cohen's kappa with weight matrix w, observed ``Σ w·O = Σ_i w[x_i, y_i]`` and expected
``Σ w·E = r^T w c / n`` from the two label margins r, c — so groups never need a V × V
confusion matrix each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse

from goldlabel.quality.agreement.coincidence import (
    UnitWeights,
    count_matrix,
    encode_one_answer_each,
    row_dot,
)
from goldlabel.quality.agreement.distances import OrderNeededError, is_numeric

KappaWeights = Literal["linear", "quadratic"] | None


def _as_dense(matrix: Any) -> np.ndarray:
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix)


@dataclass(frozen=True, slots=True)
class CohenKappaStatistic:
    """Cohen's kappa of paired label codes ``first``/``second`` (0..n_labels-1) per item."""

    first: np.ndarray
    second: np.ndarray
    n_labels: int
    weights: KappaWeights = None

    @property
    def n_units(self) -> int:
        return len(self.first)

    @property
    def value(self) -> float:
        return float(self.evaluate(np.ones((1, self.n_units)))[0])

    def _weight_matrix(self) -> np.ndarray:
        positions = np.arange(self.n_labels)
        gap: NDArray[np.float64] = np.abs(positions[:, None] - positions[None, :]).astype(np.float64)
        return gap if self.weights == "linear" else gap * gap

    def _one_hot(self, codes: np.ndarray) -> sparse.csr_array:
        n = len(codes)
        return sparse.csr_array((np.ones(n), codes, np.arange(n + 1)), shape=(n, self.n_labels))

    def disagreement(self) -> np.ndarray:
        """Per-item weighted disagreement ``w[first, second]`` (0/1 when unweighted)."""
        if self.weights is None:
            differs: NDArray[np.float64] = (self.first != self.second).astype(np.float64)
            return differs
        weighted: np.ndarray = self._weight_matrix()[self.first, self.second]
        return weighted

    def evaluate(self, weights: UnitWeights) -> np.ndarray:
        """Kappa for each row of a (b, n_units) weight matrix; NaN when chance agreement is 1."""
        n = np.asarray(weights.sum(axis=1)).ravel()
        observed = np.asarray(weights @ self.disagreement()).ravel()
        rows = weights @ self._one_hot(self.first)
        cols = weights @ self._one_hot(self.second)
        if self.weights is None:
            expected = n**2 - row_dot(rows, cols)
        else:
            expected = row_dot(_as_dense(rows) @ self._weight_matrix(), _as_dense(cols))
        with np.errstate(divide="ignore", invalid="ignore"):
            kappa = 1 - n * observed / expected
        return np.where(expected > 0, kappa, np.nan)


def cohen_kappa_statistic(
    a: Any, b: Any, *, weights: KappaWeights = None, labels: Any | None = None
) -> CohenKappaStatistic:
    """Prepare Cohen's kappa (see :func:`cohen_kappa`)."""
    first, second = np.asarray(a), np.asarray(b)
    if first.ndim != 1 or second.ndim != 1 or len(first) != len(second):
        raise ValueError("a and b must be 1-D with one label per item each")
    if weights not in (None, "linear", "quadratic"):
        raise ValueError(f"weights must be None, 'linear' or 'quadratic', got {weights!r}")
    if labels is None:
        codes, uniques = pd.factorize(np.concatenate([first, second]), sort=True)
        if (codes < 0).any():
            raise ValueError("a and b must not contain missing values")
        if weights is not None and not is_numeric(np.asarray(uniques)):
            raise OrderNeededError(
                f"weighted kappa needs the order of the labels, got e.g. {np.asarray(uniques)[:3].tolist()} "
                "that would be ranked alphabetically; pass labels=[lowest, ..., highest]"
            )
        x, y, n_labels = codes[: len(first)], codes[len(first) :], len(uniques)
    else:
        index = pd.Index(np.asarray(labels))
        if not index.is_unique or len(index) == 0:
            raise ValueError("labels must be non-empty and unique")
        x, y = index.get_indexer(first), index.get_indexer(second)
        kept = (x >= 0) & (y >= 0)  # like sklearn: items with a label outside `labels` are ignored
        x, y, n_labels = x[kept], y[kept], len(index)
    if len(x) == 0:
        raise ValueError("no item to compare (empty input, or no item with both labels in labels)")
    return CohenKappaStatistic(x.astype(np.int64), y.astype(np.int64), n_labels, weights)


def cohen_kappa(a: Any, b: Any, *, weights: KappaWeights = None, labels: Any | None = None) -> float:
    """Cohen's kappa between two annotators' labels of the same items.

    Matches ``sklearn.metrics.cohen_kappa_score``: ``weights`` "linear"/"quadratic" penalise
    by the distance between label positions in ``labels`` (default: sorted observed labels,
    numbers only — string labels need ``labels`` to give their order, where sklearn would
    rank them alphabetically);
    items whose label is not in ``labels`` are ignored. NaN when chance agreement is perfect
    (both annotators always use the same single label).
    """
    return cohen_kappa_statistic(a, b, weights=weights, labels=labels).value


@dataclass(frozen=True, slots=True)
class FleissKappaStatistic:
    """Fleiss' kappa of an items × categories count matrix with a constant rater count."""

    counts: np.ndarray

    @property
    def n_units(self) -> int:
        return int(self.counts.shape[0])

    @property
    def value(self) -> float:
        return float(self.evaluate(np.ones((1, self.n_units)))[0])

    def evaluate(self, weights: UnitWeights) -> np.ndarray:
        """Kappa for each row of a (b, n_items) weight matrix; NaN when P_e = 1."""
        raters = self.counts[0].sum()
        item_agreement = ((self.counts**2).sum(axis=1) - raters) / (raters * (raters - 1))
        total = np.asarray(weights.sum(axis=1)).ravel()
        mean_agreement = np.asarray(weights @ item_agreement).ravel() / total
        proportions = _as_dense(weights @ self.counts) / (total * raters)[:, None]
        chance = (proportions**2).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            kappa = (mean_agreement - chance) / (1 - chance)
        return np.where(chance < 1, kappa, np.nan)


def fleiss_kappa_statistic(counts: Any) -> FleissKappaStatistic:
    """Prepare Fleiss' kappa (see :func:`fleiss_kappa`)."""
    matrix = np.asarray(counts, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] == 0 or matrix.shape[1] < 2:
        raise ValueError("counts must be a 2-D items × categories matrix with ≥ 2 categories")
    if not np.isfinite(matrix).all() or (matrix < 0).any() or (matrix != np.round(matrix)).any():
        raise ValueError("counts must be non-negative whole numbers")
    raters = matrix.sum(axis=1)
    if (raters != raters[0]).any():
        raise ValueError(
            "Fleiss' kappa needs the same number of raters for every item; "
            "use krippendorff_alpha for varying numbers"
        )
    if raters[0] < 2:
        raise ValueError("Fleiss' kappa needs at least two raters per item")
    return FleissKappaStatistic(matrix)


def fleiss_kappa(counts: Any) -> float:
    """Fleiss' kappa from an items × categories matrix of how many raters chose each category.

    Every item must have the same number (≥ 2) of raters; they need not be the same people.
    """
    return fleiss_kappa_statistic(counts).value


def fleiss_counts_from_long(data: Any) -> np.ndarray:
    """Items × categories counts (categories = sorted labels) from a task/worker/label table."""
    table, _ = encode_one_answer_each(data)
    counts, _ = count_matrix(table.tasks, table.labels, table.n_tasks, table.n_labels)
    out: np.ndarray = counts.toarray()
    return out


def fleiss_kappa_from_long(data: Any) -> float:
    """Fleiss' kappa from a long (task, worker, label) table; see :func:`fleiss_kappa`."""
    return fleiss_kappa(fleiss_counts_from_long(data))
