"""Rankings (an ordering of the same items, best first): Kendall-tau score and distance."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import kendalltau


@dataclass(frozen=True, slots=True)
class RankingScore:
    """``score`` = (tau + 1) / 2, i.e. the share of item pairs ordered as in the reference.

    ``displacement[item]`` is its position in ``pred`` minus its position in ``ref``
    (negative: ranked too high); ``discordant`` lists pairs ``(a, b)`` that the reference
    ranks a-before-b but the prediction reverses.
    """

    score: float
    tau: float
    displacement: tuple[tuple[Hashable, int], ...]
    discordant: tuple[tuple[Hashable, Hashable], ...]


def _positions(pred: Sequence[Hashable], ref: Sequence[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``ref``'s items in ``ref`` order (0..n-1) and in ``pred``."""
    index = {item: k for k, item in enumerate(ref)}
    if len(index) != len(ref):
        raise ValueError("ref ranks an item twice")
    if len(pred) != len(ref) or set(pred) != index.keys():
        raise ValueError("pred and ref must rank exactly the same items, each once")
    where = np.empty(len(ref), dtype=np.int64)
    where[[index[item] for item in pred]] = np.arange(len(pred))
    return np.arange(len(ref)), where


def _tau(ref_pos: np.ndarray, pred_pos: np.ndarray) -> float:
    """Kendall's tau; one or no item is trivially in perfect order."""
    if len(ref_pos) < 2:
        return 1.0
    return float(kendalltau(ref_pos, pred_pos).statistic)


def score_ranking(pred: Sequence[Hashable], ref: Sequence[Hashable]) -> RankingScore:
    """Kendall's tau (scipy) between two orderings of the same items, plus what moved."""
    ref_pos, pred_pos = _positions(pred, ref)
    a, b = np.triu_indices(len(ref), k=1)
    swapped = pred_pos[a] > pred_pos[b]
    tau = _tau(ref_pos, pred_pos)
    return RankingScore(
        score=(tau + 1.0) / 2.0,
        tau=tau,
        displacement=tuple((item, int(d)) for item, d in zip(ref, pred_pos - ref_pos, strict=True)),
        discordant=tuple((ref[i], ref[j]) for i, j in zip(a[swapped], b[swapped], strict=True)),
    )


def kendall_distance(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Share of item pairs the two orderings disagree on: (1 − tau) / 2, symmetric."""
    ref_pos, pred_pos = _positions(a, b)
    return (1.0 - _tau(ref_pos, pred_pos)) / 2.0
