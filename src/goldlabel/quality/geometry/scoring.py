"""Score prediction sets against reference sets, one or many at a time, with a UI diff.

Every geometric control ends in the same question: given a similarity per candidate
(pred, ref) pair, how good is the prediction set and what exactly differs? This module
answers it for K problems at once from flat arrays, so bulk scoring (every annotation of a
project against gold) pays numpy's per-call overhead once, not per annotation; only problems
where some object has two candidates above the threshold go through the Hungarian algorithm.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from goldlabel.quality.geometry.matching import as_labels, assign, check_threshold, label_codes


class MatchedPair(NamedTuple):
    """A reference object matched to a predicted one.

    ``iou`` is the pair's similarity: IoU for boxes, polygons and masks; OKS for poses (COCO
    uses OKS in IoU's place). ``label_ok`` is whether the two labels agree.
    A NamedTuple rather than a dataclass: as immutable and typed, a fifth of the cost to
    build, and bulk scoring builds one per matched object.
    """

    ref: int
    pred: int
    iou: float
    label_ok: bool


@dataclass(frozen=True, slots=True)
class MatchDiff:
    """What a reviewer sees: which objects matched, which were missed or invented.

    ``matched`` is in reference order; ``missed`` are reference indices with no match,
    ``extra`` prediction indices with no match, ``wrong_label`` the matched pairs whose
    labels disagree (also in ``matched``).
    """

    matched: tuple[MatchedPair, ...]
    missed: tuple[int, ...]
    extra: tuple[int, ...]
    wrong_label: tuple[MatchedPair, ...]


@dataclass(frozen=True, slots=True)
class MatchScore:
    """A prediction set scored against a reference set at one similarity threshold.

    A *hit* is a matched pair (with agreeing labels when scored label-aware).
    ``precision`` = hits / n_pred, ``recall`` = hits / n_ref, ``f1`` their harmonic mean.
    ``mean_iou`` is the mean similarity of all matched pairs (geometry only);
    ``label_accuracy`` the share of matched pairs whose labels agree.
    ``score`` = sum of hits' similarity / ((n_pred + n_ref) / 2), i.e. f1 x mean similarity
    of the hits, the panoptic-quality form: it rewards finding the objects and drawing them
    tightly, is symmetric in pred and ref, and is 1 only for a perfect answer.
    When both sets are empty every rate is 1; when nothing is matched, ``mean_iou`` and
    ``label_accuracy`` are 0 (as are precision with no predictions, recall with no refs).
    """

    score: float
    f1: float
    precision: float
    recall: float
    mean_iou: float
    label_accuracy: float
    n_pred: int
    n_ref: int
    diff: MatchDiff


@dataclass(frozen=True, slots=True, eq=False)
class PairBlocks:
    """Every candidate (pred, ref) pair of K problems, flattened problem by problem.

    Problem k has ``n_pred[k] x n_ref[k]`` pairs in row-major order starting at
    ``pair_offsets[k]``; ``pred``/``ref`` give each pair's object index in the concatenation
    of all problems' objects (problem k's objects start at ``pred_offsets[k]``).
    """

    n_pred: np.ndarray
    n_ref: np.ndarray
    pred_offsets: np.ndarray
    ref_offsets: np.ndarray
    pair_offsets: np.ndarray
    owner: np.ndarray
    pred: np.ndarray
    ref: np.ndarray

    @classmethod
    def from_sizes(cls, n_pred: ArrayLike, n_ref: ArrayLike) -> PairBlocks:
        n_pred = np.asarray(n_pred, dtype=np.int64)
        n_ref = np.asarray(n_ref, dtype=np.int64)
        pred_offsets, ref_offsets = _offsets(n_pred), _offsets(n_ref)
        sizes = n_pred * n_ref
        pair_offsets = _offsets(sizes)
        owner = np.repeat(np.arange(len(sizes)), sizes)
        local = np.arange(pair_offsets[-1]) - pair_offsets[owner]
        width = n_ref[owner]  # >= 1 wherever a pair exists
        return cls(
            n_pred=n_pred,
            n_ref=n_ref,
            pred_offsets=pred_offsets,
            ref_offsets=ref_offsets,
            pair_offsets=pair_offsets,
            owner=owner,
            pred=pred_offsets[owner] + local // width,
            ref=ref_offsets[owner] + local % width,
        )


def _offsets(sizes: np.ndarray) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(sizes, dtype=np.int64)))


def score_many(
    pred_labels: Sequence[ArrayLike | None],
    ref_labels: Sequence[ArrayLike | None],
    pred_sizes: Sequence[int],
    ref_sizes: Sequence[int],
    similarity: Callable[[PairBlocks], np.ndarray],
    *,
    threshold: float,
    label_aware: bool,
) -> list[MatchScore]:
    """Score K problems; ``similarity(blocks)`` returns the flat similarity of every pair.

    The shared driver of every ``score_*`` function: validates labels, builds the pair
    layout, asks the caller's geometry for similarities and scores the lot.
    """
    thr = check_threshold(threshold, name="threshold")
    if not len(pred_labels) == len(ref_labels) == len(pred_sizes) == len(ref_sizes):
        raise ValueError("predictions and references must pair up one to one")
    p_lab = [
        as_labels(x, n, name=f"pred[{i}] labels")
        for i, (x, n) in enumerate(zip(pred_labels, pred_sizes, strict=True))
    ]
    r_lab = [
        as_labels(x, n, name=f"ref[{i}] labels")
        for i, (x, n) in enumerate(zip(ref_labels, ref_sizes, strict=True))
    ]
    blocks = PairBlocks.from_sizes(pred_sizes, ref_sizes)
    codes = label_codes(p_lab + r_lab)
    n_pred_objects = int(blocks.pred_offsets[-1])
    agree = codes[blocks.pred] == codes[n_pred_objects + blocks.ref]
    sim = np.asarray(similarity(blocks), dtype=np.float64)
    if sim.shape != blocks.owner.shape:
        raise ValueError(f"similarity must give {len(blocks.owner)} values, got {sim.shape}")
    return score_blocks(blocks, sim, agree, threshold=thr, label_aware=label_aware)


def score_matches(
    similarity: ArrayLike,
    pred_labels: ArrayLike | None = None,
    ref_labels: ArrayLike | None = None,
    *,
    threshold: float,
    label_aware: bool = True,
) -> MatchScore:
    """Score one prediction set from its (n_pred, n_ref) similarity matrix; see MatchScore."""
    sim = np.asarray(similarity, dtype=np.float64)
    if sim.ndim != 2:
        raise ValueError(f"similarity must be a 2-D matrix, got shape {sim.shape}")
    return score_many(
        [pred_labels],
        [ref_labels],
        [sim.shape[0]],
        [sim.shape[1]],
        lambda _: sim.ravel(),
        threshold=threshold,
        label_aware=label_aware,
    )[0]


def _matched_pairs(
    blocks: PairBlocks, sim: np.ndarray, agree: np.ndarray, threshold: float, label_aware: bool
) -> np.ndarray:
    """Flat indices of the matched pairs, in order of global reference index."""
    valid = sim >= threshold
    # Where no object has two candidates, every candidate pair is in the optimal matching;
    # only the other ("crowded") problems need the Hungarian algorithm.
    crowded_pred = np.bincount(blocks.pred[valid], minlength=blocks.pred_offsets[-1]) > 1
    crowded_ref = np.bincount(blocks.ref[valid], minlength=blocks.ref_offsets[-1]) > 1
    crowded = valid & (crowded_pred[blocks.pred] | crowded_ref[blocks.ref])
    hard = np.unique(blocks.owner[crowded])
    is_match = valid.copy()
    for k in hard.tolist():
        lo, hi = blocks.pair_offsets[k], blocks.pair_offsets[k + 1]
        shape = (int(blocks.n_pred[k]), int(blocks.n_ref[k]))
        pref = agree[lo:hi].reshape(shape) if label_aware else None
        rows, cols = assign(sim[lo:hi].reshape(shape), threshold, pref)
        is_match[lo:hi] = False
        is_match[lo + rows * shape[1] + cols] = True
    idx = np.flatnonzero(is_match)
    return idx[np.argsort(blocks.ref[idx], kind="stable")]


def score_blocks(
    blocks: PairBlocks,
    sim: np.ndarray,
    agree: np.ndarray,
    *,
    threshold: float,
    label_aware: bool,
) -> list[MatchScore]:
    """Score K problems from flat per-pair similarity and label agreement (validated)."""
    mi = _matched_pairs(blocks, sim, agree, threshold, label_aware)
    owner = blocks.owner[mi]
    pairs = list(
        map(
            MatchedPair._make,
            zip(
                (blocks.ref[mi] - blocks.ref_offsets[owner]).tolist(),
                (blocks.pred[mi] - blocks.pred_offsets[owner]).tolist(),
                sim[mi].tolist(),
                agree[mi].tolist(),
                strict=True,
            ),
        )
    )
    bounds = np.searchsorted(owner, np.arange(len(blocks.n_pred) + 1)).tolist()
    # Plain Python per problem: sets hold ~10 objects, where numpy's per-call overhead
    # would cost more than the arithmetic.
    return [
        _summarise(tuple(pairs[bounds[k] : bounds[k + 1]]), n_pred, n_ref, label_aware)
        for k, (n_pred, n_ref) in enumerate(zip(blocks.n_pred.tolist(), blocks.n_ref.tolist(), strict=True))
    ]


def _summarise(matched: tuple[MatchedPair, ...], n_pred: int, n_ref: int, label_aware: bool) -> MatchScore:
    wrong_label = tuple(p for p in matched if not p.label_ok)
    hits = [p.iou for p in matched if p.label_ok or not label_aware]
    n_total = n_pred + n_ref
    if n_total == 0:
        precision = recall = f1 = score = mean_iou = label_accuracy = 1.0
    else:
        precision = len(hits) / n_pred if n_pred else 0.0
        recall = len(hits) / n_ref if n_ref else 0.0
        f1 = 2.0 * len(hits) / n_total
        score = min(2.0 * sum(hits) / n_total, 1.0)  # min: float rounding only
        mean_iou = sum(p.iou for p in matched) / len(matched) if matched else 0.0
        label_accuracy = 1.0 - len(wrong_label) / len(matched) if matched else 0.0
    refs, preds = {p.ref for p in matched}, {p.pred for p in matched}
    diff = MatchDiff(
        matched=matched,
        missed=tuple(i for i in range(n_ref) if i not in refs),
        extra=tuple(i for i in range(n_pred) if i not in preds),
        wrong_label=wrong_label,
    )
    return MatchScore(score, f1, precision, recall, mean_iou, label_accuracy, n_pred, n_ref, diff)
