"""One-to-one matching on a similarity matrix, shared by every geometric score.

Boxes, polygons, masks, poses and per-frame track boxes are all matched the same way: a
similarity matrix (IoU, or OKS for poses), a threshold and an optimal one-to-one assignment
(``scipy.optimize.linear_sum_assignment``), so "matched" means one thing everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linear_sum_assignment


def check_threshold(threshold: float, *, name: str) -> float:
    """A similarity threshold must lie in (0, 1]: at 0, disjoint objects would match."""
    value = float(threshold)
    if not 0.0 < value <= 1.0:
        raise ValueError(f"{name} must be in (0, 1], got {threshold!r}")
    return value


def as_labels(labels: ArrayLike | None, n: int, *, name: str) -> np.ndarray:
    """Labels as a 1-D array of length ``n``; ``None`` means every object has the same label."""
    if labels is None:
        return np.zeros(n, dtype=np.int64)
    arr = np.asarray(labels)
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(f"{name} must be 1-D with one label per object ({n}), got {arr.shape}")
    return arr


def label_codes(label_sets: Sequence[np.ndarray]) -> np.ndarray:
    """All sets' labels concatenated into one array whose ``==`` means "same label".

    Numbers with numbers and strings with strings compare as numpy does; a mix goes
    through Python values, so ``1`` equals ``1.0`` but never ``"1"`` (numpy would refuse
    or coerce the numbers to strings).
    """
    kinds = {labels.dtype.kind for labels in label_sets}
    if kinds <= set("biuf") or kinds <= {"U"} or kinds <= {"S"}:
        return np.concatenate([np.zeros(0, dtype=np.int64), *label_sets])
    vocab: dict[object, int] = {}
    return np.array(
        [vocab.setdefault(v, len(vocab)) for labels in label_sets for v in labels.tolist()],
        dtype=np.int64,
    )


def match_one_to_one(
    similarity: ArrayLike, *, threshold: float, preferred: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Optimal one-to-one matching of rows to columns among pairs with similarity >= threshold.

    The objective is lexicographic: first the most ``preferred`` pairs (e.g. same label),
    then the most pairs, then the largest total similarity. Counting matches before summing
    similarity is what makes F1 at the threshold well defined (as in CLEAR MOT); a plain
    max-IoU assignment can trade two valid matches for one tighter one. NaN never matches.
    Returns ``(rows, cols)`` index arrays, sorted by row.
    """
    sim = np.asarray(similarity, dtype=np.float64)
    if sim.ndim != 2:
        raise ValueError(f"similarity must be a 2-D matrix, got shape {sim.shape}")
    pref = None if preferred is None else np.asarray(preferred, dtype=bool)
    if pref is not None and pref.shape != sim.shape:
        raise ValueError(f"preferred must have shape {sim.shape}, got {pref.shape}")
    return assign(sim, check_threshold(threshold, name="threshold"), pref)


def assign(sim: np.ndarray, threshold: float, preferred: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """``match_one_to_one`` on validated arrays (hot paths skip re-validation)."""
    valid = sim >= threshold  # NaN compares False
    if not valid.any():
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    # Weights scaled so each tier outweighs everything below it: similarities sum to <= k,
    # one more pair adds (k + 1) > k, one more preferred pair adds (k + 1)^2 > k (k + 1) + k.
    tier = float(min(sim.shape) + 1)
    weight = np.where(valid, sim + tier, 0.0)
    if preferred is not None:
        weight += (tier * tier) * (valid & preferred)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    keep = valid[rows, cols]
    return rows[keep], cols[keep]
