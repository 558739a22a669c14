"""Find likely mislabeled items by confident learning (Northcutt, Jiang & Chuang, JAIR 2021).

Given each item's label and out-of-sample predicted class probabilities from any model:

1. per-class thresholds ``t_k`` = mean predicted probability of class k over items labeled
   k (the model's average self-confidence on that class);
2. the *confident joint* counts items labeled i whose predicted probability clears the
   threshold of class j (the most probable such class when several do), calibrated so each
   row sums to the number of items labeled i;
3. *prune by noise rate*: for each off-diagonal cell (labeled i, truly j) flag that many
   items labeled i, those with the largest margin ``p_j - p_i``; items whose given label is
   still the model's top prediction are never flagged.

This is cleanlab's ``find_label_issues(filter_by="prune_by_noise_rate")`` (cleanlab 2.9),
re-implemented rather than imported because the quality engine depends on
numpy/scipy/pandas only: cleanlab would add scikit-learn, tqdm and termcolor to every
install, and its default forks a multiprocessing pool per call, which we do not want inside
a server worker. The algorithm is ~100 lines of numpy; tests cross-check it against cleanlab
on random data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

FLOAT_SLACK = 1e-6  # cleanlab's FLOATING_POINT_COMPARISON
MISSING_CLASS_THRESHOLD = 2.0  # no probability reaches it: a class nobody was given
Score = Literal["self_confidence", "normalized_margin"]


@dataclass(frozen=True, slots=True)
class LabelIssues:
    """Result of :func:`find_label_issues` for n items and K classes.

    - ``is_issue``: (n,) bool, True where the given label is likely wrong;
    - ``ranked``: indices of flagged items, most likely wrong first (lowest quality);
    - ``label_quality``: (n,) score in [0, 1], low = likely mislabeled;
    - ``thresholds``: (K,) per-class confidence thresholds;
    - ``confident_joint``: (K, K) calibrated counts, rows given label, columns estimated
      true label; rows sum to the number of items given each label.
    """

    is_issue: np.ndarray
    ranked: np.ndarray
    label_quality: np.ndarray
    thresholds: np.ndarray
    confident_joint: np.ndarray


def _validate(given_labels: np.ndarray, pred_probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels = np.asarray(given_labels)
    probs = np.asarray(pred_probs, dtype=np.float64)
    if probs.ndim != 2 or probs.shape[1] < 2:
        raise ValueError(f"pred_probs must have shape (n, K) with K >= 2, got {probs.shape}")
    if labels.ndim != 1 or len(labels) != len(probs):
        raise ValueError(
            f"given_labels must have shape ({len(probs)},) to match pred_probs, got {labels.shape}"
        )
    if len(labels) == 0:
        raise ValueError("need at least one item")
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError("given_labels must be integer class codes 0..K-1")
    if labels.min() < 0 or labels.max() >= probs.shape[1]:
        raise ValueError(f"given_labels must lie in [0, {probs.shape[1] - 1}]")
    if not np.isfinite(probs).all() or probs.min() < 0 or probs.max() > 1:
        raise ValueError("pred_probs must be finite probabilities in [0, 1]")
    if not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError("each row of pred_probs must sum to 1")
    return labels.astype(np.int64), probs


def label_quality_scores(
    given_labels: np.ndarray, pred_probs: np.ndarray, *, score: Score = "self_confidence"
) -> np.ndarray:
    """(n,) quality of each given label in [0, 1]; low means likely mislabeled.

    ``self_confidence`` is the predicted probability of the given label;
    ``normalized_margin`` is ``(p_given - max other p + 1) / 2``.
    """
    labels, probs = _validate(given_labels, pred_probs)
    return _scores(labels, probs, score)


def _scores(labels: NDArray[np.int64], probs: NDArray[np.float64], score: Score) -> NDArray[np.float64]:
    rows = np.arange(len(labels))
    self_confidence = np.asarray(probs[rows, labels], dtype=np.float64)
    if score == "self_confidence":
        return self_confidence
    if score == "normalized_margin":
        others = probs.copy()
        others[rows, labels] = -np.inf
        out: NDArray[np.float64] = (self_confidence - others.max(axis=1) + 1) / 2
        return out
    raise ValueError(f'score must be "self_confidence" or "normalized_margin", got {score!r}')


def _round_preserving_row_totals(matrix: NDArray[np.float64]) -> NDArray[np.int64]:
    """Round to ints, then fix each row's total by moving the entries with the largest
    rounding loss (cleanlab's rule, vectorised over rows)."""
    ints = matrix.round()
    missing = (matrix.sum(axis=1).round() - ints.sum(axis=1)).astype(np.int64)
    order = np.argsort(matrix - ints, axis=1)
    position = np.arange(matrix.shape[1])[None, :]
    up = np.take_along_axis(position < missing[:, None], np.argsort(order[:, ::-1], axis=1), 1)
    down = np.take_along_axis(position < -missing[:, None], np.argsort(order, axis=1), 1)
    return np.asarray(ints + up - down, dtype=np.int64)


def _confident_joint(labels: np.ndarray, probs: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    k = probs.shape[1]
    confident = probs >= thresholds - FLOAT_SLACK
    n_confident = confident.sum(axis=1)
    guess = np.where(n_confident > 1, probs.argmax(axis=1), confident.argmax(axis=1))
    counted = n_confident > 0
    joint = np.bincount(labels[counted] * k + guess[counted], minlength=k * k).reshape(k, k)
    np.fill_diagonal(joint, np.maximum(joint.diagonal(), 1))
    given = np.bincount(labels, minlength=k)
    calibrated = joint / np.maximum(joint.sum(axis=1, keepdims=True), 1e-100) * given[:, None]
    calibrated *= given.sum() / max(calibrated.sum(), 1e-100)
    return _round_preserving_row_totals(calibrated)


def _prune_counts(joint: np.ndarray, min_per_class: int) -> np.ndarray:
    """(true, given) counts to flag, leaving ``min_per_class`` kept items per given class."""
    counts = joint.T.astype(np.float64)
    diagonal = counts.diagonal().copy()
    raised = np.maximum(diagonal, min_per_class)
    noise_cells = np.maximum(np.count_nonzero(counts, axis=0) - 1.0, 1.0)
    counts -= (raised - diagonal) / noise_cells
    counts[counts < 0] = 0
    np.fill_diagonal(counts, raised)
    return counts.astype(np.int64)


def find_label_issues(
    given_labels: np.ndarray,
    pred_probs: np.ndarray,
    *,
    score: Score = "self_confidence",
    min_examples_per_class: int = 1,
) -> LabelIssues:
    """Flag items whose given label is likely wrong.

    Args:
        given_labels: (n,) integer class codes in ``0..K-1``.
        pred_probs: (n, K) out-of-sample predicted probabilities (e.g. cross-validated);
            in-sample predictions memorise the noise and hide the errors.
        score: how ``label_quality`` (and so ``ranked``) is computed, see
            :func:`label_quality_scores`.
        min_examples_per_class: never flag so many items of a class that fewer than this
            remain.
    """
    labels, probs = _validate(given_labels, pred_probs)
    if min_examples_per_class < 0:
        raise ValueError("min_examples_per_class must be >= 0")
    k = probs.shape[1]
    given = np.bincount(labels, minlength=k)
    self_confidence = np.bincount(labels, weights=probs[np.arange(len(labels)), labels], minlength=k)
    thresholds = np.where(given > 0, self_confidence / np.maximum(given, 1), MISSING_CLASS_THRESHOLD)
    thresholds = np.maximum(thresholds, 2 * FLOAT_SLACK)
    joint = _confident_joint(labels, probs, thresholds)
    prune = _prune_counts(joint, min_examples_per_class)

    is_issue = np.zeros(len(labels), dtype=bool)
    for given_class in np.flatnonzero(given > max(min_examples_per_class, 1)):
        members = np.flatnonzero(labels == given_class)
        for true_class in np.flatnonzero(prune[:, given_class]):
            if true_class == given_class:
                continue
            margin = probs[members, true_class] - probs[members, given_class]
            is_issue[members[np.argsort(-margin)[: prune[true_class, given_class]]]] = True
    boosted = probs.copy()
    boosted[np.arange(len(labels)), labels] += FLOAT_SLACK
    is_issue &= boosted.argmax(axis=1) != labels

    quality = _scores(labels, probs, score)
    flagged = np.flatnonzero(is_issue)
    return LabelIssues(
        is_issue=is_issue,
        ranked=flagged[np.argsort(quality[flagged], kind="stable")],
        label_quality=quality,
        thresholds=thresholds,
        confident_joint=joint,
    )
