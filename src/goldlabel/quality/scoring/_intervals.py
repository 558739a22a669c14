"""Interval matching shared by text spans and time segments.

Spans (character offsets) and segments (seconds) are both labelled half-open intervals,
scored the same way: one-to-one Hungarian matching on IoU, then the leftovers are sorted
into the error kinds a reviewer wants to see (boundary, wrong label, missed, extra).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment


class LabelledInterval(Protocol):
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def label(self) -> str: ...


T = TypeVar("T", bound=LabelledInterval)


@dataclass(frozen=True, slots=True)
class IntervalPair(Generic[T]):
    """A predicted interval paired with a reference one.

    ``iou`` is their overlap ratio; ``credit`` what the pair earned in the score (1 per
    counted pair, its IoU under IoU credit, 0 for an error pair).
    """

    pred: T
    ref: T
    iou: float
    credit: float


@dataclass(frozen=True, slots=True)
class IntervalDiff(Generic[T]):
    """What a prediction got right and wrong, for the UI.

    ``matched``: same boundaries and (when labels count) same label.
    ``boundary``: same label (or labels ignored) but different boundaries.
    ``wrong_label``: overlapping intervals whose labels differ (only when labels count).
    ``missed``: reference intervals with no counterpart; ``extra``: predicted ones.
    """

    matched: tuple[IntervalPair[T], ...]
    boundary: tuple[IntervalPair[T], ...]
    wrong_label: tuple[IntervalPair[T], ...]
    missed: tuple[T, ...]
    extra: tuple[T, ...]


@dataclass(frozen=True, slots=True)
class IntervalMatching(Generic[T]):
    """``credit`` is the summed credit of the pairs (count or IoU)."""

    credit: float
    diff: IntervalDiff[T]


def bounds(intervals: Sequence[LabelledInterval]) -> tuple[np.ndarray, np.ndarray]:
    starts = np.array([iv.start for iv in intervals], dtype=np.float64)
    ends = np.array([iv.end for iv in intervals], dtype=np.float64)
    return starts, ends


def interval_iou(
    a_starts: np.ndarray, a_ends: np.ndarray, b_starts: np.ndarray, b_ends: np.ndarray
) -> np.ndarray:
    """1-D IoU (intersection over union) of intervals, broadcasting like numpy."""
    inter = np.clip(np.minimum(a_ends, b_ends) - np.maximum(a_starts, b_starts), 0.0, None)
    union = (a_ends - a_starts) + (b_ends - b_starts) - inter
    out: np.ndarray = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    return out


def iou_matrix(
    a_starts: np.ndarray, a_ends: np.ndarray, b_starts: np.ndarray, b_ends: np.ndarray
) -> np.ndarray:
    """Pairwise IoU of two interval sets, shape (len a, len b)."""
    return interval_iou(a_starts[:, None], a_ends[:, None], b_starts[None, :], b_ends[None, :])


def same_label_matrix(pred: Sequence[LabelledInterval], ref: Sequence[LabelledInterval]) -> np.ndarray:
    codes: dict[str, int] = {}
    p = np.array([codes.setdefault(iv.label, len(codes)) for iv in pred], dtype=np.int64)
    r = np.array([codes.setdefault(iv.label, len(codes)) for iv in ref], dtype=np.int64)
    out: np.ndarray = p[:, None] == r[None, :]
    return out


def assign(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-weight one-to-one pairs (rows, cols); pairs of weight 0 are not pairs."""
    positive = weights > 0
    if not positive.any():
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    if positive.sum(axis=0).max() <= 1 and positive.sum(axis=1).max() <= 1:
        rows, cols = np.nonzero(positive)  # no candidate competes: all of them is optimal
        return rows, cols
    rows, cols = linear_sum_assignment(weights, maximize=True)
    keep = positive[rows, cols]
    return rows[keep], cols[keep]


def match_intervals(
    pred: Sequence[T],
    ref: Sequence[T],
    *,
    label_aware: bool,
    min_iou: float,
    exact: bool,
    iou_credit: bool,
) -> IntervalMatching[T]:
    """Credit pairs one-to-one, then explain every unpaired interval.

    Credited pairs are eligible (same label when ``label_aware``) and reach ``min_iou``
    (``exact`` means IoU == 1); their credit is 1 each, or their IoU when ``iou_credit``.
    Among what is left, overlapping same-label pairs are boundary errors and overlapping
    other-label pairs are label errors; the rest is missed or extra.
    """
    a_s, a_e = bounds(pred)
    b_s, b_e = bounds(ref)
    overlap = iou_matrix(a_s, a_e, b_s, b_e)
    same = same_label_matrix(pred, ref)
    eligible = same if label_aware else np.ones_like(same)
    exact_mask = (a_s[:, None] == b_s[None, :]) & (a_e[:, None] == b_e[None, :])
    reach = exact_mask if exact else (overlap >= min_iou) & (overlap > 0)
    # Counted credit: most pairs first (a bonus above any IoU total), then highest IoU.
    bonus = 0.0 if iou_credit else 1.0 + min(len(pred), len(ref))
    taken_p = np.zeros(len(pred), dtype=bool)
    taken_r = np.zeros(len(ref), dtype=bool)

    def stage(weights: np.ndarray) -> list[tuple[int, int]]:
        """Assign among intervals no earlier stage paired."""
        if taken_p.all() or taken_r.all():
            return []
        rows, cols = assign(np.where(taken_p[:, None] | taken_r[None, :], 0.0, weights))
        taken_p[rows] = True
        taken_r[cols] = True
        return list(zip(rows.tolist(), cols.tolist(), strict=True))

    credited = stage(np.where(eligible & reach, overlap + bonus, 0.0))
    # Stage 1 already took every eligible overlap when any overlap counts, and with labels
    # ignored every overlapping pair is eligible: skip the stages that cannot find pairs.
    near = stage(np.where(eligible, overlap, 0.0)) if exact or min_iou > 0 else []
    relabel = stage(overlap) if label_aware else []

    def pairs(idx: list[tuple[int, int]], *, counted: bool) -> list[IntervalPair[T]]:
        out = []
        for i, j in idx:
            value = float(overlap[i, j])
            earned = (value if iou_credit else 1.0) if counted else 0.0
            out.append(IntervalPair(pred[i], ref[j], value, earned))
        return out

    credited_pairs = pairs(credited, counted=True)
    credit = sum(p.credit for p in credited_pairs)
    is_exact = [bool(exact_mask[i, j]) for i, j in credited]
    inexact = [p for p, ok in zip(credited_pairs, is_exact, strict=True) if not ok]
    diff = IntervalDiff(
        matched=tuple(p for p, ok in zip(credited_pairs, is_exact, strict=True) if ok),
        boundary=tuple(inexact + pairs(near, counted=False)),
        wrong_label=tuple(pairs(relabel, counted=False)),
        missed=tuple(ref[j] for j in np.flatnonzero(~taken_r).tolist()),
        extra=tuple(pred[i] for i in np.flatnonzero(~taken_p).tolist()),
    )
    return IntervalMatching(credit=credit, diff=diff)


def prf(credit: float, n_pred: int, n_ref: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from (possibly fractional) credit; two empty sets agree fully."""
    if n_pred == 0 and n_ref == 0:
        return 1.0, 1.0, 1.0
    precision = credit / n_pred if n_pred else 0.0
    recall = credit / n_ref if n_ref else 0.0
    return precision, recall, 2.0 * credit / (n_pred + n_ref)
