"""Axis-aligned boxes (x, y, w, h): IoU, scoring against a reference, agreement distance.

Boxes follow COCO's convention (top-left corner, width, height, no +1 pixel), so our IoU
equals pycocotools' ``maskUtils.iou`` on boxes with ``iscrowd=0``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from goldlabel.quality.geometry.matching import as_labels, check_threshold
from goldlabel.quality.geometry.scoring import MatchScore, PairBlocks, score_many


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
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite")
    if (arr[:, 2:] < 0).any():
        raise ValueError(f"{name} has a negative width or height")
    return arr


def unpack_boxes(boxes: Boxes | tuple[Any, ...], *, name: str) -> tuple[np.ndarray, ArrayLike | None]:
    """(validated xywh, raw labels) from a ``Boxes`` or a plain ``(xywh, labels)`` pair."""
    if not isinstance(boxes, tuple) or len(boxes) != 2:
        raise ValueError(f"{name} must be Boxes(xywh, labels) or an (xywh, labels) pair")
    return as_xywh(boxes[0], name=f"{name}.xywh"), boxes[1]


def box_iou_matrix(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """(n, m) IoU of every box in ``a`` with every box in ``b``; zero-area unions give 0."""
    a, b = as_xywh(a, name="a"), as_xywh(b, name="b")
    return corner_iou(to_corners(a)[:, None, :], to_corners(b)[None, :, :])


def to_corners(xywh: np.ndarray) -> np.ndarray:
    """(n, 4) x1, y1, x2, y2 from validated xywh."""
    return np.concatenate([xywh[:, :2], xywh[:, :2] + xywh[:, 2:]], axis=1)


def corner_area(corners: np.ndarray) -> np.ndarray:
    """Areas of (..., 4) corner boxes."""
    out: np.ndarray = (corners[..., 2] - corners[..., 0]) * (corners[..., 3] - corners[..., 1])
    return out


def corner_iou(
    a: np.ndarray,
    b: np.ndarray,
    area_a: np.ndarray | None = None,
    area_b: np.ndarray | None = None,
) -> np.ndarray:
    """IoU of broadcastable (..., 4) corner arrays, in as few numpy calls as we can.

    Bulk callers pass areas computed once per box rather than once per pair.
    """
    wh = np.minimum(a[..., 2:], b[..., 2:])
    wh -= np.maximum(a[..., :2], b[..., :2])
    np.maximum(wh, 0.0, out=wh)
    inter = wh[..., 0] * wh[..., 1]
    union = corner_area(a) if area_a is None else area_a
    union = union + (corner_area(b) if area_b is None else area_b) - inter
    out: np.ndarray = np.zeros_like(inter)  # zero-area unions give 0, as in pycocotools
    np.divide(inter, union, out=out, where=union > 0)
    return out


def score_boxes(
    pred: Boxes | tuple[Any, ...],
    ref: Boxes | tuple[Any, ...],
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> MatchScore:
    """Score predicted boxes against reference boxes by one-to-one IoU matching.

    Pairs with IoU >= ``iou_threshold`` are matched optimally (``match_one_to_one``: most
    same-label pairs, then most pairs, then highest IoU). With ``label_aware`` a matched
    pair with the wrong label is not a hit for f1 and score; it shows in
    ``diff.wrong_label``. Without it labels only feed ``label_accuracy``.
    """
    return score_boxes_many([pred], [ref], iou_threshold=iou_threshold, label_aware=label_aware)[0]


#: Problems per vectorised pass: keeps the flat per-pair arrays cache-sized (on 10,000
#: annotations, chunks of ~1,000 measured about 25% faster than one pass).
_CHUNK = 1024


def score_boxes_many(
    preds: Sequence[Boxes | tuple[Any, ...]],
    refs: Sequence[Boxes | tuple[Any, ...]],
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> list[MatchScore]:
    """``score_boxes`` for many (pred, ref) pairs, e.g. every annotation of a gold project.

    Same results as calling ``score_boxes`` on each pair, but validation and the IoU of
    every candidate pair run as vectorised passes over many pairs at once.
    """
    check_threshold(iou_threshold, name="iou_threshold")
    if len(preds) != len(refs):
        raise ValueError(f"preds and refs must pair up, got {len(preds)} and {len(refs)}")
    results: list[MatchScore] = []
    for start in range(0, len(preds), _CHUNK):
        stop = start + _CHUNK
        results += _score_chunk(preds[start:stop], refs[start:stop], start, iou_threshold, label_aware)
    return results


def _score_chunk(
    preds: Sequence[Boxes | tuple[Any, ...]],
    refs: Sequence[Boxes | tuple[Any, ...]],
    start: int,
    iou_threshold: float,
    label_aware: bool,
) -> list[MatchScore]:
    p_xywh, p_labels, p_sizes = _stack(preds, name="preds", start=start)
    r_xywh, r_labels, r_sizes = _stack(refs, name="refs", start=start)
    p_corners, r_corners = to_corners(p_xywh), to_corners(r_xywh)
    p_area, r_area = corner_area(p_corners), corner_area(r_corners)

    def similarity(blocks: PairBlocks) -> np.ndarray:
        p, r = blocks.pred, blocks.ref
        return corner_iou(p_corners[p], r_corners[r], p_area[p], r_area[r])

    return score_many(
        p_labels,
        r_labels,
        p_sizes,
        r_sizes,
        similarity,
        threshold=iou_threshold,
        label_aware=label_aware,
    )


def _stack(
    sets: Sequence[Boxes | tuple[Any, ...]], *, name: str, start: int
) -> tuple[np.ndarray, list[np.ndarray], list[int]]:
    """One validated (N, 4) array of all sets' boxes, their labels and set sizes.

    ``start`` is the index of ``sets[0]`` in the caller's list, for error messages.
    """
    arrays, labels = [], []
    for i, item in enumerate(sets, start=start):
        if not isinstance(item, tuple) or len(item) != 2:
            raise ValueError(f"{name}[{i}] must be Boxes(xywh, labels) or an (xywh, labels) pair")
        arr = np.asarray(item[0], dtype=np.float64)
        if arr.size == 0:
            arr = np.zeros((0, 4))
        elif arr.ndim != 2 or arr.shape[1] != 4:
            raise ValueError(f"{name}[{i}].xywh must have shape (n, 4), got {arr.shape}")
        arrays.append(arr)
        labels.append(as_labels(item[1], len(arr), name=f"{name}[{i}].labels"))
    sizes = [len(a) for a in arrays]
    flat = np.concatenate([np.zeros((0, 4)), *arrays])
    bad = ~np.isfinite(flat).all(axis=1) | (flat[:, 2:] < 0).any(axis=1)
    if bad.any():  # validate all sets in one pass; re-check the culprit for its message
        culprit = int(np.searchsorted(np.cumsum(sizes), np.argmax(bad), side="right"))
        as_xywh(arrays[culprit], name=f"{name}[{start + culprit}].xywh")
    return flat, labels, sizes


def boxes_distance(
    a: Boxes | tuple[Any, ...],
    b: Boxes | tuple[Any, ...],
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> float:
    """1 - ``score_boxes(a, b).score``: 0 for identical sets, symmetric, in [0, 1].

    Suitable as the distance of Krippendorff's alpha for box annotations.
    """
    return 1.0 - score_boxes(a, b, iou_threshold=iou_threshold, label_aware=label_aware).score
