"""Binary masks: IoU and Dice straight from run lengths, scoring and agreement distance.

Masks are compared in their COCO RLE form without decoding: the overlap of two masks is
computed from the cumulative "on" count of one at the run boundaries of the other, so cost
grows with the number of runs, not pixels. Results equal pycocotools' ``maskUtils.iou``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from goldlabel.quality.geometry.rle import Rle, as_rle
from goldlabel.quality.geometry.scoring import MatchScore, score_many

MaskLike = ArrayLike | Mapping[str, Any] | Rle


class Masks(NamedTuple):
    """A set of masks (2-D binary arrays or COCO RLE dicts, one size) and their labels."""

    masks: Sequence[MaskLike]
    labels: ArrayLike | None = None


class _Runs:
    """One mask's run boundaries and the cumulative 'on' pixel count at each boundary."""

    __slots__ = ("area", "bounds", "cum_on", "ends", "is_on", "starts")

    def __init__(self, rle: Rle) -> None:
        counts = rle.counts if len(rle.counts) else np.zeros(1, dtype=np.int64)
        self.bounds = np.concatenate(([0], np.cumsum(counts)))
        self.is_on = (np.arange(len(counts)) % 2).astype(bool)
        self.cum_on = np.concatenate(([0], np.cumsum(counts * self.is_on)))
        self.starts, self.ends = self.bounds[1:-1:2], self.bounds[2::2]
        self.area = int(self.cum_on[-1])

    def on_before(self, x: np.ndarray) -> np.ndarray:
        """Number of 'on' pixels at positions < x (vectorised over x)."""
        j = np.clip(np.searchsorted(self.bounds, x, side="right") - 1, 0, len(self.is_on) - 1)
        return self.cum_on[j] + (x - self.bounds[j]) * self.is_on[j]


def _intersection(a: _Runs, b: _Runs) -> int:
    return int((b.on_before(a.ends) - b.on_before(a.starts)).sum())


def _as_runs(masks: Sequence[MaskLike], *, name: str) -> tuple[list[_Runs], tuple[int, int]]:
    if isinstance(masks, np.ndarray) and masks.ndim == 3:
        masks = list(masks)
    rles = [as_rle(m, name=f"{name}[{i}]") for i, m in enumerate(masks)]
    sizes = {(r.height, r.width) for r in rles}
    if len(sizes) > 1:
        raise ValueError(f"{name} masks must share one size, got {sorted(sizes)}")
    return [_Runs(r) for r in rles], (sizes.pop() if sizes else (-1, -1))


def _overlaps(a: Sequence[MaskLike], b: Sequence[MaskLike]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(n, m) intersections and the two area vectors, checking the masks share a size."""
    ra, size_a = _as_runs(a, name="a")
    rb, size_b = _as_runs(b, name="b")
    if ra and rb and size_a != size_b:
        raise ValueError(f"masks must share one size, got {size_a} and {size_b}")
    inter = np.array([[_intersection(x, y) for y in rb] for x in ra], dtype=np.float64)
    area_a = np.array([x.area for x in ra], dtype=np.float64)
    area_b = np.array([y.area for y in rb], dtype=np.float64)
    return inter.reshape(len(ra), len(rb)), area_a, area_b


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den > 0)  # empty masks overlap nothing, as pycocotools
    return out


def mask_iou_matrix(a: Sequence[MaskLike], b: Sequence[MaskLike]) -> np.ndarray:
    """(n, m) IoU of masks (binary arrays or COCO RLE dicts, same size)."""
    inter, area_a, area_b = _overlaps(a, b)
    return _ratio(inter, area_a[:, None] + area_b[None, :] - inter)


def mask_dice_matrix(a: Sequence[MaskLike], b: Sequence[MaskLike]) -> np.ndarray:
    """(n, m) Dice coefficient 2|A∩B| / (|A| + |B|) of masks."""
    inter, area_a, area_b = _overlaps(a, b)
    return _ratio(2.0 * inter, area_a[:, None] + area_b[None, :])


def mask_iou(a: MaskLike, b: MaskLike) -> float:
    """IoU of two masks."""
    return float(mask_iou_matrix([a], [b])[0, 0])


def mask_dice(a: MaskLike, b: MaskLike) -> float:
    """Dice coefficient of two masks."""
    return float(mask_dice_matrix([a], [b])[0, 0])


def _unpack(masks: Masks | tuple, *, name: str) -> tuple[Sequence[MaskLike], ArrayLike | None]:
    if not isinstance(masks, tuple) or len(masks) != 2:
        raise ValueError(f"{name} must be Masks(masks, labels) or a (masks, labels) pair")
    return masks[0], masks[1]


def score_masks(
    pred: Masks | tuple,
    ref: Masks | tuple,
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> MatchScore:
    """Score predicted masks against reference masks by one-to-one mask-IoU matching.

    Same contract as ``score_boxes`` (see ``MatchScore``), with mask IoU as similarity.
    Dice of a matched pair is 2 IoU / (1 + IoU) if the UI wants it.
    """
    p_masks, p_labels = _unpack(pred, name="pred")
    r_masks, r_labels = _unpack(ref, name="ref")
    iou = mask_iou_matrix(p_masks, r_masks)
    return score_many(
        [p_labels],
        [r_labels],
        [iou.shape[0]],
        [iou.shape[1]],
        lambda _: iou.ravel(),
        threshold=iou_threshold,
        label_aware=label_aware,
    )[0]


def masks_distance(
    a: Masks | tuple,
    b: Masks | tuple,
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> float:
    """1 - ``score_masks(a, b).score``: 0 for identical sets, symmetric, in [0, 1]."""
    return 1.0 - score_masks(a, b, iou_threshold=iou_threshold, label_aware=label_aware).score
