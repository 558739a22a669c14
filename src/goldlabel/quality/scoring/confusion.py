"""Confusion of answers against a reference for categorical labels, and the pairs most confused.

Used for an annotator's answers against gold (scorecards, targeted refreshers) but knows
nothing of either: two equal-length sequences of labels and the label set in display order.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Confusion:
    """``matrix[i, j]`` counts answers ``labels[j]`` where the reference was ``labels[i]``
    (rows: reference, columns: answer). ``accuracy`` is the diagonal share (None when empty);
    ``n`` the number of pairs counted."""

    labels: tuple[Hashable, ...]
    matrix: NDArray[np.int64]
    n: int
    accuracy: float | None


@dataclass(frozen=True, slots=True)
class ConfusedPair:
    """The reference label ``reference`` was answered as ``answer`` ``count`` times; ``rate`` is
    that count over all answers to items whose reference was ``reference``."""

    reference: Hashable
    answer: Hashable
    count: int
    rate: float


def confusion_matrix(
    reference: Sequence[Hashable], answers: Sequence[Hashable], *, labels: Sequence[Hashable]
) -> Confusion:
    """Count (reference, answer) pairs over ``labels``; a pair naming a label not in ``labels``
    is left out (a label a schema change removed)."""
    if len(reference) != len(answers):
        raise ValueError(f"reference and answers differ in length: {len(reference)} != {len(answers)}")
    if len(set(labels)) != len(labels):
        raise ValueError("labels must be unique")
    index = {label: i for i, label in enumerate(labels)}
    rows = np.fromiter((index.get(r, -1) for r in reference), dtype=np.int64, count=len(reference))
    cols = np.fromiter((index.get(a, -1) for a in answers), dtype=np.int64, count=len(answers))
    keep = (rows >= 0) & (cols >= 0)
    k = len(labels)
    matrix = np.bincount(rows[keep] * k + cols[keep], minlength=k * k).reshape(k, k).astype(np.int64)
    n = int(keep.sum())
    accuracy = float(np.trace(matrix)) / n if n else None
    return Confusion(labels=tuple(labels), matrix=matrix, n=n, accuracy=accuracy)


def most_confused(confusion: Confusion, *, top: int | None = None) -> list[ConfusedPair]:
    """The off-diagonal cells with a count, most frequent first (ties: higher rate, then the
    labels' order)."""
    matrix = confusion.matrix
    totals = matrix.sum(axis=1)
    pairs = [
        ConfusedPair(
            reference=confusion.labels[i],
            answer=confusion.labels[j],
            count=int(matrix[i, j]),
            rate=float(matrix[i, j]) / float(totals[i]),
        )
        for i, j in zip(*np.nonzero(matrix), strict=True)
        if i != j
    ]
    order = {label: i for i, label in enumerate(confusion.labels)}
    pairs.sort(key=lambda p: (-p.count, -p.rate, order[p.reference], order[p.answer]))
    return pairs if top is None else pairs[:top]
