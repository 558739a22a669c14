"""Polygons: IoU and Dice via shapely, scoring against a reference, agreement distance.

A polygon is a (k, 2) array of vertices or COCO's flat ``[x1, y1, x2, y2, ...]`` list.
Self-intersecting outlines (common from free-hand tools) are repaired with
``shapely.make_valid`` so an annotator's bow-tie is measured by the area it encloses
rather than raising deep inside GEOS.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import shapely
from numpy.typing import ArrayLike

from goldlabel.quality.geometry.scoring import MatchScore, score_matches


class Polygons(NamedTuple):
    """A set of polygons and one label each (``None``: all the same label)."""

    polygons: Sequence[ArrayLike]
    labels: ArrayLike | None = None


def as_polygon(vertices: ArrayLike, *, name: str = "polygon") -> shapely.Geometry:
    """A valid shapely geometry from (k, 2) vertices or a flat [x1, y1, ...] list, k >= 3."""
    arr = np.asarray(vertices, dtype=np.float64)
    if arr.ndim == 1:
        if len(arr) % 2:
            raise ValueError(f"{name} flat coordinates must come in x, y pairs, got {len(arr)}")
        arr = arr.reshape(-1, 2)
    if arr.ndim != 2 or arr.shape[1] != 2 or len(arr) < 3:
        raise ValueError(f"{name} must have at least 3 (x, y) vertices, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must have finite coordinates")
    return shapely.make_valid(shapely.Polygon(arr))


def _geometries(polygons: Sequence[ArrayLike], *, name: str) -> np.ndarray:
    return np.array([as_polygon(p, name=f"{name}[{i}]") for i, p in enumerate(polygons)], dtype=object)


def _overlaps(a: Sequence[ArrayLike], b: Sequence[ArrayLike]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ga, gb = _geometries(a, name="a"), _geometries(b, name="b")
    inter = np.zeros((len(ga), len(gb)))
    if len(ga) and len(gb):
        # Only pairs whose bounding boxes touch need GEOS' (costly) intersection.
        i, j = shapely.STRtree(gb).query(ga, predicate="intersects")
        inter[i, j] = shapely.area(shapely.intersection(ga[i], gb[j]))
    return inter, shapely.area(ga).astype(np.float64), shapely.area(gb).astype(np.float64)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den > 0)  # zero-area polygons overlap nothing
    np.clip(out, 0.0, 1.0, out=out)  # GEOS rounding can land a hair outside [0, 1]
    return out


def polygon_iou_matrix(a: Sequence[ArrayLike], b: Sequence[ArrayLike]) -> np.ndarray:
    """(n, m) area IoU of polygons."""
    inter, area_a, area_b = _overlaps(a, b)
    return _ratio(inter, area_a[:, None] + area_b[None, :] - inter)


def polygon_dice_matrix(a: Sequence[ArrayLike], b: Sequence[ArrayLike]) -> np.ndarray:
    """(n, m) Dice coefficient 2|A∩B| / (|A| + |B|) of polygons."""
    inter, area_a, area_b = _overlaps(a, b)
    return _ratio(2.0 * inter, area_a[:, None] + area_b[None, :])


def polygon_iou(a: ArrayLike, b: ArrayLike) -> float:
    """Area IoU of two polygons."""
    return float(polygon_iou_matrix([a], [b])[0, 0])


def polygon_dice(a: ArrayLike, b: ArrayLike) -> float:
    """Dice coefficient of two polygons."""
    return float(polygon_dice_matrix([a], [b])[0, 0])


def score_polygons(
    pred: Polygons | tuple[Any, ...],
    ref: Polygons | tuple[Any, ...],
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> MatchScore:
    """Score predicted polygons against reference polygons by one-to-one IoU matching.

    Same contract as ``score_boxes`` (see ``MatchScore``), with polygon area IoU.
    """
    for name, value in (("pred", pred), ("ref", ref)):
        if not isinstance(value, tuple) or len(value) != 2:
            raise ValueError(f"{name} must be Polygons(polygons, labels) or a pair")
    iou = polygon_iou_matrix(pred[0], ref[0])
    return score_matches(iou, pred[1], ref[1], threshold=iou_threshold, label_aware=label_aware)


def polygons_distance(
    a: Polygons | tuple[Any, ...],
    b: Polygons | tuple[Any, ...],
    *,
    iou_threshold: float = 0.5,
    label_aware: bool = True,
) -> float:
    """1 - ``score_polygons(a, b).score``: 0 for identical sets, symmetric, in [0, 1]."""
    return 1.0 - score_polygons(a, b, iou_threshold=iou_threshold, label_aware=label_aware).score
