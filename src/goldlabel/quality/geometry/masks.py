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
from goldlabel.quality.geometry.scoring import MatchScore, score_matches

MaskLike = ArrayLike | Mapping[str, Any] | Rle


class Masks(NamedTuple):
    """A set of masks (2-D binary arrays or COCO RLE dicts, one size) and their labels."""

    masks: Sequence[MaskLike]
    labels: ArrayLike | None = None


def _as_rles(masks: Sequence[MaskLike], *, name: str) -> list[Rle]:
    if isinstance(masks, np.ndarray) and masks.ndim == 3:
        masks = list(masks)
    return [as_rle(m, name=f"{name}[{i}]") for i, m in enumerate(masks)]


def _intersections(a: list[Rle], b: list[Rle], n_pixels: int) -> np.ndarray:
    """(n, m) overlap in pixels of every pair, from runs only, in one vectorised pass.

    |A ∩ B| = sum over A's runs of ones [s, e) of on_B(e) - on_B(s), where on_B(x) counts
    B's ones before pixel x: its cumulative count at the last run boundary <= x plus the
    distance past it if that run is ones. All of B's boundaries go in one sorted array,
    mask j shifted by j * (n_pixels + 1), so one ``searchsorted`` serves every pair.
    """
    span = n_pixels + 1
    bounds, cum_on, is_on = [], [], []
    for j, rle in enumerate(b):
        counts = rle.counts
        edges = np.concatenate(([0], np.cumsum(counts)))
        on = np.arange(len(counts) + 1) % 2 == 1  # run starting at each edge; last: none
        on[-1] = False
        bounds.append(edges + j * span)
        cum_on.append(np.concatenate(([0], np.cumsum(counts * on[:-1]))))
        is_on.append(on)
    b_bounds, b_cum, b_on = np.concatenate(bounds), np.concatenate(cum_on), np.concatenate(is_on)

    runs = [r.on_runs() for r in a]
    starts = np.concatenate([np.zeros(0, np.int64), *(s for s, _ in runs)])
    ends = np.concatenate([np.zeros(0, np.int64), *(e for _, e in runs)])
    shift = (np.arange(len(b)) * span)[:, None]

    def on_before(x: np.ndarray) -> np.ndarray:
        j = np.searchsorted(b_bounds, x, side="right") - 1
        out: np.ndarray = b_cum[j] + (x - b_bounds[j]) * b_on[j]
        return out

    per_run = on_before(ends[None, :] + shift) - on_before(starts[None, :] + shift)  # (m, R)
    totals = np.concatenate([np.zeros((len(b), 1), np.int64), np.cumsum(per_run, axis=1)], axis=1)
    run_offsets = np.concatenate(([0], np.cumsum([len(s) for s, _ in runs])))
    out: np.ndarray = (totals[:, run_offsets[1:]] - totals[:, run_offsets[:-1]]).T.astype(np.float64)
    return out


def _overlaps(a: Sequence[MaskLike], b: Sequence[MaskLike]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(n, m) intersections and the two area vectors, checking the masks share a size."""
    ra, rb = _as_rles(a, name="a"), _as_rles(b, name="b")
    sizes = {(r.height, r.width) for r in ra + rb}
    if len(sizes) > 1:
        raise ValueError(f"masks must share one size, got {sorted(sizes)}")
    area_a = np.array([r.area for r in ra], dtype=np.float64)
    area_b = np.array([r.area for r in rb], dtype=np.float64)
    if not ra or not rb:
        return np.zeros((len(ra), len(rb))), area_a, area_b
    height, width = sizes.pop()
    return _intersections(ra, rb, height * width), area_a, area_b


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


def _unpack(masks: Masks | tuple[Any, ...], *, name: str) -> tuple[Sequence[MaskLike], ArrayLike | None]:
    if not isinstance(masks, tuple) or len(masks) != 2:
        raise ValueError(f"{name} must be Masks(masks, labels) or a (masks, labels) pair")
    return masks[0], masks[1]


def score_masks(
    pred: Masks | tuple[Any, ...],
    ref: Masks | tuple[Any, ...],
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
    return score_matches(iou, p_labels, r_labels, threshold=iou_threshold, label_aware=label_aware)


def masks_distance(
    a: Masks | tuple[Any, ...],
    b: Masks | tuple[Any, ...],
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> float:
    """1 - ``score_masks(a, b).score``: 0 for identical sets, symmetric, in [0, 1]."""
    return 1.0 - score_masks(a, b, iou_threshold=iou_threshold, label_aware=label_aware).score
