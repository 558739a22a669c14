"""Axis-aligned boxes (x, y, w, h): IoU, scoring against a reference, agreement distance.

Boxes follow COCO's convention (top-left corner, width, height, no +1 pixel), so our IoU
equals pycocotools' ``maskUtils.iou`` on boxes with ``iscrowd=0``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from goldlabel.quality.geometry.matching import (
    MatchScore,
    as_labels,
    check_threshold,
    label_agreement,
    score_validated,
)


class Boxes(NamedTuple):
    """A set of boxes: ``xywh`` (n, 4) and one label each (``None``: all the same label)."""

    xywh: ArrayLike
    labels: ArrayLike | None = None


def as_xywh(xywh: ArrayLike, *, name: str = "xywh") -> np.ndarray:
    """Validate boxes as a float (n, 4) array with finite values and w, h >= 0."""
    arr = np.asarray(xywh, dtype=np.float64)
    if arr.size == 0:
        return np.zeros((0, 4), dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise ValueError(f"{name} must have shape (n, 4) as x, y, w, h; got {arr.shape}")
    if not math.isfinite(arr.sum()):  # one reduction instead of an isfinite pass
        raise ValueError(f"{name} must be finite")
    if arr[:, 2:].min() < 0:
        raise ValueError(f"{name} has a negative width or height")
    return arr


def unpack_boxes(boxes: Boxes | tuple, *, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(xywh, labels) validated from a ``Boxes`` or a plain ``(xywh, labels)`` pair."""
    if not isinstance(boxes, tuple) or len(boxes) != 2:
        raise ValueError(f"{name} must be Boxes(xywh, labels) or an (xywh, labels) pair")
    xywh = as_xywh(boxes[0], name=f"{name}.xywh")
    return xywh, as_labels(boxes[1], len(xywh), name=f"{name}.labels")


def box_iou_matrix(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """(n, m) IoU of every box in ``a`` with every box in ``b``; zero-area unions give 0."""
    a, b = as_xywh(a, name="a"), as_xywh(b, name="b")
    return _iou(a[:, None, :], b[None, :, :])


def _iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of broadcastable (..., 4) xywh arrays, in as few numpy calls as possible."""
    lo = np.maximum(a[..., :2], b[..., :2])
    hi = np.minimum(a[..., :2] + a[..., 2:], b[..., :2] + b[..., 2:])
    wh = np.maximum(hi - lo, 0.0)
    inter = wh[..., 0] * wh[..., 1]
    union = a[..., 2] * a[..., 3] + b[..., 2] * b[..., 3] - inter
    out = np.zeros_like(inter)  # zero-area unions give 0, as in pycocotools
    np.divide(inter, union, out=out, where=union > 0)
    return out


def score_boxes(
    pred: Boxes | tuple,
    ref: Boxes | tuple,
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> MatchScore:
    """Score predicted boxes against reference boxes by one-to-one IoU matching.

    Pairs with IoU >= ``iou_threshold`` are matched by the Hungarian algorithm (see
    ``match_one_to_one``). With ``label_aware`` a matched pair with the wrong label counts
    as a miss for F1 and score (it still shows in ``diff.wrong_label``).
    """
    thr = check_threshold(iou_threshold, name="iou_threshold")
    p_xywh, p_labels = unpack_boxes(pred, name="pred")
    r_xywh, r_labels = unpack_boxes(ref, name="ref")
    return score_validated(
        _iou(p_xywh[:, None, :], r_xywh[None, :, :]), label_agreement(p_labels, r_labels), thr, label_aware
    )


def score_boxes_many(
    preds: Sequence[Boxes | tuple],
    refs: Sequence[Boxes | tuple],
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> list[MatchScore]:
    """``score_boxes`` for many (pred, ref) pairs, e.g. every annotation of a gold project.

    Same results as calling ``score_boxes`` on each pair, but the boxes are validated and
    the IoU of every candidate pair computed in one vectorised pass, so bulk scoring pays
    numpy's per-call overhead once rather than per annotation.
    """
    thr = check_threshold(iou_threshold, name="iou_threshold")
    if len(preds) != len(refs):
        raise ValueError(f"preds and refs must pair up, got {len(preds)} and {len(refs)}")
    p_xywh, p_labels, p_off = _stack(preds, name="preds")
    r_xywh, r_labels, r_off = _stack(refs, name="refs")
    n, m = np.diff(p_off), np.diff(r_off)
    # Flat index of every (pred, ref) candidate pair, annotation by annotation, row-major.
    pair_off = np.concatenate(([0], np.cumsum(n * m)))
    owner = np.repeat(np.arange(len(n)), n * m)
    local = np.arange(pair_off[-1]) - pair_off[owner]
    rows = p_off[owner] + local // np.maximum(m[owner], 1)
    cols = r_off[owner] + local % np.maximum(m[owner], 1)
    flat = _iou(p_xywh[rows], r_xywh[cols])
    return [
        score_validated(
            flat[pair_off[k] : pair_off[k + 1]].reshape(n[k], m[k]),
            label_agreement(p_labels[k], r_labels[k]),
            thr,
            label_aware,
        )
        for k in range(len(n))
    ]


def _stack(sets: Sequence[Boxes | tuple], *, name: str) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Concatenate box sets into one validated (N, 4) array, their labels and offsets."""
    arrays, labels = [], []
    for i, item in enumerate(sets):
        if not isinstance(item, tuple) or len(item) != 2:
            raise ValueError(f"{name}[{i}] must be Boxes(xywh, labels) or an (xywh, labels) pair")
        arr = np.asarray(item[0], dtype=np.float64)
        if arr.size == 0:
            arr = np.zeros((0, 4))
        elif arr.ndim != 2 or arr.shape[1] != 4:
            raise ValueError(f"{name}[{i}].xywh must have shape (n, 4), got {arr.shape}")
        arrays.append(arr)
        labels.append(as_labels(item[1], len(arr), name=f"{name}[{i}].labels"))
    offsets = np.concatenate(([0], np.cumsum([len(a) for a in arrays], dtype=np.int64)))
    flat = np.concatenate(arrays) if arrays else np.zeros((0, 4))
    bad = ~np.isfinite(flat).all(axis=1) | (flat[:, 2:] < 0).any(axis=1)
    if bad.any():
        i = int(np.searchsorted(offsets, np.argmax(bad), side="right")) - 1
        as_xywh(arrays[i], name=f"{name}[{i}].xywh")  # raises the precise error
    return flat, labels, offsets


def boxes_distance(
    a: Boxes | tuple,
    b: Boxes | tuple,
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> float:
    """1 - ``score_boxes(a, b).score``: 0 for identical sets, symmetric, in [0, 1].

    Suitable as the distance of Krippendorff's alpha for box annotations.
    """
    return 1.0 - score_boxes(a, b, iou_threshold=iou_threshold, label_aware=label_aware).score
