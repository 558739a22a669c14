"""Single choice, multi-choice and rating: score vs reference and agreement distances.

A per-project cost matrix lets "cat vs dog" cost less than "cat vs truck", so practice
feedback and exam scores reflect how wrong an answer is, not only whether it is wrong.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class ChoiceScore:
    """``score`` is 1 for the reference label, else 1 − cost (0 without a cost matrix)."""

    score: float
    correct: bool
    pred: Hashable
    ref: Hashable
    cost: float


@dataclass(frozen=True, slots=True)
class MultiChoiceScore:
    """``score`` is ``f1``; ``missed`` are reference labels not chosen, ``extra`` the reverse."""

    score: float
    f1: float
    jaccard: float
    matched: tuple[Hashable, ...]
    missed: tuple[Hashable, ...]
    extra: tuple[Hashable, ...]


@dataclass(frozen=True, slots=True)
class RatingScore:
    """``score`` is 1 − |pred − ref| / (high − low); ``difference`` is pred − ref (signed)."""

    score: float
    pred: float
    ref: float
    difference: float


def _sorted(values: Iterable[Hashable]) -> tuple[Hashable, ...]:
    """Stable display order: sorted when comparable, else by string form."""
    items = list(values)
    try:
        return tuple(sorted(items))  # type: ignore[type-var]
    except TypeError:
        return tuple(sorted(items, key=repr))


def validate_cost_matrix(cost_matrix: object, labels: Sequence[Hashable]) -> np.ndarray:
    """Square, one row per label, costs in [0, 1], zero on the diagonal."""
    cost = np.asarray(cost_matrix, dtype=np.float64)
    k = len(labels)
    if len(set(labels)) != k:
        raise ValueError("labels must be unique")
    if cost.shape != (k, k):
        raise ValueError(f"cost_matrix must be {k}x{k} to match labels, got shape {cost.shape}")
    if not np.isfinite(cost).all() or (cost < 0).any() or (cost > 1).any():
        raise ValueError("cost_matrix entries must lie in [0, 1]")
    if np.diag(cost).any():
        raise ValueError("cost_matrix diagonal must be 0 (a correct answer costs nothing)")
    return cost


def score_choice(
    pred: Hashable,
    ref: Hashable,
    *,
    cost_matrix: object | None = None,
    labels: Sequence[Hashable] | None = None,
) -> ChoiceScore:
    """Exact match, or 1 − ``cost_matrix[ref, pred]`` with rows/columns ordered as ``labels``.

    Rows are the reference label, columns the answer, so a matrix may be asymmetric
    ("calling a tumour benign" can cost more than the reverse).
    """
    if (cost_matrix is None) != (labels is None):
        raise ValueError("cost_matrix and labels must be given together")
    cost = float(pred != ref)
    if cost_matrix is not None and labels is not None:
        matrix = validate_cost_matrix(cost_matrix, labels)
        index = {lab: i for i, lab in enumerate(labels)}
        for name, value in (("pred", pred), ("ref", ref)):
            if value not in index:
                raise ValueError(f"{name} {value!r} is not one of labels {list(labels)}")
        cost = float(matrix[index[ref], index[pred]])
    return ChoiceScore(score=1.0 - cost, correct=bool(pred == ref), pred=pred, ref=ref, cost=cost)


def score_multi_choice(pred: Iterable[Hashable], ref: Iterable[Hashable]) -> MultiChoiceScore:
    """Set F1 (the score) and Jaccard; choosing nothing when nothing is expected scores 1."""
    p, r = set(pred), set(ref)
    inter = p & r
    if not p and not r:
        f1 = jaccard = 1.0
    else:
        f1 = 2.0 * len(inter) / (len(p) + len(r))
        jaccard = len(inter) / len(p | r)
    return MultiChoiceScore(
        score=f1,
        f1=f1,
        jaccard=jaccard,
        matched=_sorted(inter),
        missed=_sorted(r - p),
        extra=_sorted(p - r),
    )


def score_rating(pred: float, ref: float, *, low: float, high: float) -> RatingScore:
    """Linear credit for closeness on a bounded scale (e.g. 1–5 stars)."""
    if not high > low:
        raise ValueError(f"need low < high, got low={low}, high={high}")
    for name, value in (("pred", pred), ("ref", ref)):
        if not low <= value <= high:
            raise ValueError(f"{name}={value} is outside the scale [{low}, {high}]")
    diff = float(pred) - float(ref)
    return RatingScore(
        score=1.0 - abs(diff) / (high - low), pred=float(pred), ref=float(ref), difference=diff
    )


def nominal_distance(a: Hashable, b: Hashable) -> float:
    """0 when equal, else 1: Krippendorff's nominal metric."""
    return float(a != b)


def jaccard_distance(a: Iterable[Hashable], b: Iterable[Hashable]) -> float:
    """1 − |a ∩ b| / |a ∪ b| for label sets (for alpha); 0 when both are empty."""
    return 1.0 - score_multi_choice(a, b).jaccard
