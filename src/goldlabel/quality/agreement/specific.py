"""Specific agreement on labels: given that one annotator used a label, how often another on the
same item did too (Uebersax's positive specific agreement, pooled over a set of labels).

For an item with ``n`` answers, ``n_L`` of which use label ``L`` (an answer is a set of labels:
one for a single choice), the item contributes ``Σ_L n_L (n_L − 1)`` agreeing ordered pairs out
of ``Σ_L n_L (n − 1)`` ordered pairs that start from an answer using ``L``. The statistic is the
ratio of the two sums over items, so it weighs items by how many such pairs they hold. Pooled
over every label of a single-choice control it is the observed pairwise agreement.

:class:`SpecificAgreementStatistic` is a :class:`~goldlabel.quality.agreement.bootstrap.WeightedStatistic`
(units: the items with at least one such pair), so :func:`bootstrap_ci` gives its interval.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
from numpy.typing import NDArray


class SpecificAgreementStatistic:
    """Σ agree / Σ pairs over units, evaluable under (b, n_units) unit weights."""

    def __init__(self, agree: NDArray[np.float64], pairs: NDArray[np.float64]) -> None:
        if agree.shape != pairs.shape or agree.ndim != 1:
            raise ValueError("agree and pairs must be 1-d arrays of one length")
        if (agree < 0).any() or (agree > pairs).any():
            raise ValueError("each unit needs 0 ≤ agree ≤ pairs")
        keep = pairs > 0
        self.agree, self.pairs = agree[keep], pairs[keep]

    @property
    def n_units(self) -> int:
        return len(self.pairs)

    @property
    def value(self) -> float:
        total = float(self.pairs.sum())
        return float(self.agree.sum()) / total if total else float("nan")

    def evaluate(self, weights: np.ndarray) -> np.ndarray:
        num, den = weights @ self.agree, weights @ self.pairs
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def specific_agreement_statistic(
    items: Iterable[Collection[Collection[str]]], labels: Collection[str]
) -> SpecificAgreementStatistic:
    """The statistic over ``items`` (each: its answers, each a set of labels), pooled over
    ``labels``. Items with fewer than two answers, or where no answer uses a label of
    ``labels``, are not units."""
    wanted = set(labels)
    agree: list[float] = []
    pairs: list[float] = []
    for answers in items:
        n = len(answers)
        if n < 2:
            continue
        counts: dict[str, int] = {}
        for answer in answers:
            for label in set(answer) & wanted:
                counts[label] = counts.get(label, 0) + 1
        agree.append(float(sum(c * (c - 1) for c in counts.values())))
        pairs.append(float(sum(c * (n - 1) for c in counts.values())))
    return SpecificAgreementStatistic(
        np.asarray(agree, dtype=np.float64), np.asarray(pairs, dtype=np.float64)
    )


def specific_agreement(items: Iterable[Collection[Collection[str]]], labels: Collection[str]) -> float:
    """The pooled specific agreement on ``labels`` (NaN when no item has a pair to count)."""
    return specific_agreement_statistic(items, labels).value
