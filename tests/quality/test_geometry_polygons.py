"""Polygon IoU/Dice (shapely) and polygon scoring."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.geometry import (
    Polygons,
    box_iou_matrix,
    polygon_dice,
    polygon_iou,
    polygon_iou_matrix,
    polygons_distance,
    score_polygons,
)

SQUARE = [[0, 0], [2, 0], [2, 2], [0, 2]]


def _rect(x: float, y: float, w: float, h: float) -> list[list[float]]:
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]


def test_known_answers() -> None:
    # shifted by 1: inter 2, union 6
    assert polygon_iou(SQUARE, [1, 0, 3, 0, 3, 2, 1, 2]) == pytest.approx(2 / 6)
    assert polygon_dice(SQUARE, [1, 0, 3, 0, 3, 2, 1, 2]) == pytest.approx(2 * 2 / 8)
    # right triangle (area 2) inside the square (area 4)
    assert polygon_iou(SQUARE, [[0, 0], [2, 0], [0, 2]]) == pytest.approx(0.5)
    assert polygon_iou(SQUARE, _rect(5, 5, 1, 1)) == 0.0
    # a self-intersecting bow-tie is repaired, not rejected: two triangles of area 1
    bow_tie = [[0, 0], [2, 2], [2, 0], [0, 2]]
    assert polygon_iou(bow_tie, SQUARE) == pytest.approx(2 / 4)


def test_validation() -> None:
    with pytest.raises(ValueError, match="3"):
        polygon_iou([[0, 0], [1, 1]], SQUARE)
    with pytest.raises(ValueError, match="pairs"):
        polygon_iou([0, 0, 1, 1, 2], SQUARE)
    with pytest.raises(ValueError, match="finite"):
        polygon_iou([[0, 0], [1, np.nan], [1, 0]], SQUARE)


rect = st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(1, 10), st.integers(1, 10)).map(
    lambda t: tuple(float(v) for v in t)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(rect, min_size=1, max_size=5), st.lists(rect, min_size=1, max_size=5))
def test_rectangles_agree_with_box_iou(a: list, b: list) -> None:
    expected = box_iou_matrix(a, b)
    got = polygon_iou_matrix([_rect(*r) for r in a], [_rect(*r) for r in b])
    np.testing.assert_allclose(got, expected, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(rect, max_size=4), st.lists(rect, max_size=4), st.booleans())
def test_score_properties(a: list, b: list, aware: bool) -> None:
    pa = Polygons([_rect(*r) for r in a], ["x"] * len(a))
    pb = Polygons([_rect(*r) for r in b], ["x"] * len(b))
    result = score_polygons(pa, pb, label_aware=aware)
    assert 0.0 <= result.score <= result.f1 <= 1.0
    assert polygons_distance(pa, pb) == pytest.approx(polygons_distance(pb, pa))
    assert score_polygons(pa, pa).score == pytest.approx(1.0)


def test_score_polygons_diff() -> None:
    ref = Polygons([SQUARE, _rect(10, 10, 2, 2)], ["a", "b"])
    pred = Polygons([_rect(10, 10, 2, 1.5)], ["b"])
    result = score_polygons(pred, ref)
    assert [(p.ref, p.pred) for p in result.diff.matched] == [(1, 0)]
    assert result.diff.matched[0].iou == pytest.approx(0.75)
    assert result.diff.missed == (0,)
    assert result.score == pytest.approx(2 * 0.75 / 3)
