"""COCO RLE codec and mask IoU/Dice, cross-checked against pycocotools."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pycocotools import mask as mask_utils

from goldlabel.quality.geometry import (
    Masks,
    mask_dice,
    mask_dice_matrix,
    mask_iou,
    mask_iou_matrix,
    masks_distance,
    rle_area,
    rle_decode,
    rle_encode,
    score_masks,
)


def _random_masks(rng: np.random.Generator, n: int, h: int, w: int) -> list[np.ndarray]:
    masks = []
    for i in range(n):
        if i % 2:  # blobs: long runs, negative deltas in the compressed string
            m = np.zeros((h, w), dtype=np.uint8)
            y, x = rng.integers(0, h), rng.integers(0, w)
            m[y : y + rng.integers(1, h + 1), x : x + rng.integers(1, w + 1)] = 1
        else:  # noise: many short runs
            m = (rng.random((h, w)) < rng.random()).astype(np.uint8)
        masks.append(m)
    return masks


def test_rle_matches_pycocotools_encode_decode_area() -> None:
    rng = np.random.default_rng(3)
    for _ in range(60):
        h, w = (int(v) for v in rng.integers(1, 60, 2))
        for m in _random_masks(rng, 3, h, w):
            theirs = mask_utils.encode(np.asfortranarray(m))
            ours = rle_encode(m)
            assert ours == {"size": [h, w], "counts": theirs["counts"]}
            np.testing.assert_array_equal(rle_decode(theirs), m.astype(bool))
            assert rle_area(theirs) == mask_utils.area(theirs)
            uncompressed = rle_encode(m, compressed=False)
            assert mask_utils.frPyObjects(uncompressed, h, w)["counts"] == theirs["counts"]
            np.testing.assert_array_equal(rle_decode(uncompressed), m.astype(bool))


def test_rle_known_answer() -> None:
    # Column-major: column 0 = [0, 1], column 1 = [1, 1] -> runs 1 zero, 3 ones.
    m = np.array([[0, 1], [1, 1]])
    assert rle_encode(m, compressed=False) == {"size": [2, 2], "counts": [1, 3]}
    assert rle_encode(np.ones((2, 2)), compressed=False)["counts"] == [0, 4]
    assert rle_area({"size": [2, 2], "counts": [1, 3]}) == 3


def test_rle_validation() -> None:
    with pytest.raises(ValueError, match="cover"):
        rle_decode({"size": [2, 2], "counts": [1, 2]})
    with pytest.raises(ValueError, match="size"):
        rle_decode({"counts": [4]})
    with pytest.raises(ValueError, match="2-D"):
        rle_encode(np.zeros(4))


def test_mask_iou_matches_pycocotools() -> None:
    rng = np.random.default_rng(5)
    for _ in range(40):
        h, w = (int(v) for v in rng.integers(1, 50, 2))
        masks = [*_random_masks(rng, 5, h, w), np.zeros((h, w), dtype=np.uint8)]
        rles = [mask_utils.encode(np.asfortranarray(m)) for m in masks]
        expected = mask_utils.iou(rles, rles, [0] * len(rles))
        np.testing.assert_allclose(mask_iou_matrix(masks, rles), expected, atol=1e-12)


def test_mask_iou_and_dice_known_answer() -> None:
    a = np.zeros((4, 4), dtype=bool)
    b = np.zeros((4, 4), dtype=bool)
    a[:, :2] = True  # 8 px
    b[:, 1:3] = True  # 8 px, 4 shared
    assert mask_iou(a, b) == pytest.approx(4 / 12)
    assert mask_dice(a, b) == pytest.approx(2 * 4 / 16)
    iou = mask_iou_matrix([a, b], [a, b])
    np.testing.assert_allclose(mask_dice_matrix([a, b], [a, b]), 2 * iou / (1 + iou))


def test_mask_size_mismatch() -> None:
    with pytest.raises(ValueError, match="size"):
        mask_iou(np.ones((2, 2)), np.ones((2, 3)))


mask_pairs = st.integers(1, 12).flatmap(
    lambda h: st.integers(1, 12).flatmap(
        lambda w: st.tuples(arrays(np.bool_, (h, w)), arrays(np.bool_, (h, w)))
    )
)


@settings(max_examples=100, deadline=None)
@given(mask_pairs)
def test_mask_iou_dice_properties(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    iou, dice = mask_iou(a, b), mask_dice(a, b)
    assert 0.0 <= iou <= dice <= 1.0
    assert iou == pytest.approx(mask_iou(b, a))
    assert dice == pytest.approx(mask_dice(b, a))
    inter, union = (a & b).sum(), (a | b).sum()
    assert iou == pytest.approx(inter / union if union else 0.0)
    if a.any():
        assert mask_iou(a, a) == 1.0


@settings(max_examples=50, deadline=None)
@given(mask_pairs, st.booleans())
def test_score_masks_properties(pair: tuple[np.ndarray, np.ndarray], aware: bool) -> None:
    a, b = pair
    sets_a = Masks([a, ~a], ["x", "y"])
    sets_b = Masks([b], ["x"])
    result = score_masks(sets_a, sets_b, label_aware=aware)
    assert 0.0 <= result.score <= 1.0
    d = masks_distance(sets_a, sets_b, label_aware=aware)
    assert d == pytest.approx(masks_distance(sets_b, sets_a, label_aware=aware))
    if a.any() and (~a).any():
        assert score_masks(sets_a, sets_a).score == 1.0


def test_score_masks_diff() -> None:
    a = np.zeros((6, 6), dtype=bool)
    a[:3, :3] = True
    b = np.zeros((6, 6), dtype=bool)
    b[3:, 3:] = True
    ref = Masks([rle_encode(a), rle_encode(b)], ["cat", "dog"])
    pred = Masks(np.stack([b]), ["cat"])
    result = score_masks(pred, ref)
    assert [(p.ref, p.pred, p.label_ok) for p in result.diff.matched] == [(1, 0, False)]
    assert result.diff.missed == (0,) and result.f1 == 0.0
