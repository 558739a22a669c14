"""Box IoU and box scoring: hand-checked cases, properties, pycocotools cross-checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycocotools import mask as mask_utils

from goldlabel.quality.geometry import (
    Boxes,
    box_iou_matrix,
    boxes_distance,
    score_boxes,
    score_boxes_many,
)

# ---------------------------------------------------------------- hand-checked IoU


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # identical boxes
        ([0, 0, 10, 10], [0, 0, 10, 10], 1.0),
        # half overlap: inter 5x10=50, union 100+100-50=150
        ([0, 0, 10, 10], [5, 0, 10, 10], 50 / 150),
        # quarter corner overlap: inter 5x5=25, union 200-25=175
        ([0, 0, 10, 10], [5, 5, 10, 10], 25 / 175),
        # containment: inner 2x2=4 of outer 100
        ([0, 0, 10, 10], [4, 4, 2, 2], 4 / 100),
        # touching edges share no area
        ([0, 0, 10, 10], [10, 0, 10, 10], 0.0),
        # disjoint
        ([0, 0, 1, 1], [5, 5, 1, 1], 0.0),
        # zero-area boxes: union 0, IoU defined as 0 (as pycocotools)
        ([3, 3, 0, 0], [3, 3, 0, 0], 0.0),
    ],
)
def test_box_iou_known_answers(a: list[float], b: list[float], expected: float) -> None:
    assert box_iou_matrix([a], [b])[0, 0] == pytest.approx(expected)


def test_box_iou_matrix_shape_and_empty() -> None:
    assert box_iou_matrix(np.tile([0.0, 0.0, 1.0, 1.0], (3, 1)), []).shape == (3, 0)
    assert box_iou_matrix([], []).shape == (0, 0)


@pytest.mark.parametrize(
    "bad",
    [[[0, 0, -1, 2]], [[0, 0, 1]], [[np.nan, 0, 1, 1]], [[0, np.inf, 1, 1]]],
)
def test_box_validation_rejects_bad_boxes(bad: list[list[float]]) -> None:
    with pytest.raises(ValueError, match=r"^a "):
        box_iou_matrix(bad, [[0, 0, 1, 1]])


def test_box_iou_matches_pycocotools_on_random_boxes() -> None:
    rng = np.random.default_rng(7)
    for _ in range(50):
        a = np.c_[rng.uniform(0, 50, (6, 2)), rng.uniform(0, 30, (6, 2))]
        b = np.c_[rng.uniform(0, 50, (9, 2)), rng.uniform(0, 30, (9, 2))]
        expected = mask_utils.iou(a, b, [0] * len(b))
        np.testing.assert_allclose(box_iou_matrix(a, b), expected, rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- scoring, hand-checked


def test_score_boxes_hand_checked_diff() -> None:
    ref = Boxes([[0, 0, 10, 10], [20, 0, 10, 10], [40, 0, 10, 10]], ["cat", "dog", "cat"])
    pred = Boxes(
        [
            [0, 0, 10, 10],  # ref 0, IoU 1, right label
            [25, 0, 10, 10],  # ref 1, IoU 50/150, below 0.5: not matched
            [40, 0, 10, 8],  # ref 2, IoU 80/100 = 0.8, wrong label
            [90, 90, 5, 5],  # nothing
        ],
        ["cat", "dog", "dog", "cat"],
    )
    result = score_boxes(pred, ref, iou_threshold=0.5)
    pairs = [(p.ref, p.pred, round(p.iou, 6), p.label_ok) for p in result.diff.matched]
    assert pairs == [(0, 0, 1.0, True), (2, 2, 0.8, False)]
    assert result.diff.missed == (1,)
    assert result.diff.extra == (1, 3)
    assert [(p.ref, p.pred) for p in result.diff.wrong_label] == [(2, 2)]
    # label-aware: one hit out of 4 predictions and 3 references
    assert result.precision == pytest.approx(1 / 4)
    assert result.recall == pytest.approx(1 / 3)
    assert result.f1 == pytest.approx(2 * 1 / 7)
    assert result.mean_iou == pytest.approx((1.0 + 0.8) / 2)
    assert result.label_accuracy == pytest.approx(0.5)
    assert result.score == pytest.approx(2 * 1.0 / 7)
    # geometry only: two hits
    loose = score_boxes(pred, ref, label_aware=False)
    assert loose.f1 == pytest.approx(2 * 2 / 7)
    assert loose.score == pytest.approx(2 * 1.8 / 7)
    assert loose.label_accuracy == pytest.approx(0.5)


def test_matching_prefers_more_matches_over_one_tighter_match() -> None:
    # Pred 0 overlaps ref 0 (IoU 0.9) and ref 1 (0.6); pred 1 overlaps only ref 0 (0.6).
    # Max total IoU alone would take pred0-ref0 (0.9) and leave two objects unmatched;
    # the cardinality-first objective takes pred0-ref1 + pred1-ref0 (two matches).
    ref = Boxes([[0, 0, 10, 10], [1, 0, 10, 10]])
    sim = box_iou_matrix([[0.5, 0, 10, 10], [-3, 0, 10, 10]], ref.xywh)
    assert sim[0, 0] > sim[1, 0] and sim[0, 1] >= 0.5 and sim[1, 1] < 0.5
    result = score_boxes(Boxes([[0.5, 0, 10, 10], [-3, 0, 10, 10]]), ref)
    assert {(p.ref, p.pred) for p in result.diff.matched} == {(0, 1), (1, 0)}


def test_label_aware_matching_prefers_same_label_pairs() -> None:
    # Pred "cat" overlaps ref "cat" and ref "dog" better; label-aware takes the cat.
    ref = Boxes([[0, 0, 10, 10], [2, 0, 10, 10]], ["cat", "dog"])
    pred = Boxes([[1.6, 0, 10, 10]], ["cat"])
    assert box_iou_matrix(pred.xywh, ref.xywh)[0].argmax() == 1
    aware = score_boxes(pred, ref)
    assert [(p.ref, p.label_ok) for p in aware.diff.matched] == [(0, True)]
    assert aware.f1 == pytest.approx(2 / 3)


def test_empty_sets() -> None:
    both = score_boxes(Boxes([]), Boxes([]))
    assert (both.score, both.f1, both.precision, both.recall) == (1.0, 1.0, 1.0, 1.0)
    miss = score_boxes(Boxes([]), Boxes([[0, 0, 1, 1]], ["a"]))
    assert (miss.score, miss.f1, miss.recall, miss.mean_iou) == (0.0, 0.0, 0.0, 0.0)
    assert miss.diff.missed == (0,)


def test_mixed_label_types_never_agree() -> None:
    result = score_boxes(Boxes([[0, 0, 1, 1]], ["1"]), Boxes([[0, 0, 1, 1]], [1]))
    assert result.label_accuracy == 0.0
    same = score_boxes(Boxes([[0, 0, 1, 1]], [1.0]), Boxes([[0, 0, 1, 1]], [1]))
    assert same.label_accuracy == 1.0


def test_validation_errors() -> None:
    ok = Boxes([[0, 0, 1, 1]], ["a"])
    with pytest.raises(ValueError, match="threshold"):
        score_boxes(ok, ok, iou_threshold=0)
    with pytest.raises(ValueError, match="labels"):
        score_boxes(Boxes([[0, 0, 1, 1]], ["a", "b"]), ok)
    with pytest.raises(ValueError, match=r"preds\[1\]\.xywh"):
        score_boxes_many([ok, Boxes([[0, 0, -1, 1]])], [ok, ok])
    with pytest.raises(ValueError, match="pair up"):
        score_boxes_many([ok], [])


# ---------------------------------------------------------------- properties

coord = st.floats(0, 100, allow_nan=False, allow_infinity=False)
size = st.floats(0.5, 50, allow_nan=False, allow_infinity=False)
box = st.tuples(coord, coord, size, size)
box_sets = st.lists(st.tuples(box, st.sampled_from("abc")), max_size=8).map(
    lambda items: Boxes(
        np.array([b for b, _ in items], dtype=np.float64).reshape(-1, 4),
        np.array([label for _, label in items], dtype=object),
    )
)


@settings(max_examples=80, deadline=None)
@given(box_sets, box_sets, st.floats(0.05, 1.0), st.booleans())
def test_score_is_bounded_and_symmetric(a: Boxes, b: Boxes, thr: float, aware: bool) -> None:
    ab = score_boxes(a, b, iou_threshold=thr, label_aware=aware)
    ba = score_boxes(b, a, iou_threshold=thr, label_aware=aware)
    for value in (ab.score, ab.f1, ab.precision, ab.recall, ab.mean_iou, ab.label_accuracy):
        assert 0.0 <= value <= 1.0
    assert ab.score <= ab.f1 + 1e-12
    assert ab.f1 == pytest.approx(ba.f1)
    assert ab.precision == pytest.approx(ba.recall)
    d = boxes_distance(a, b, iou_threshold=thr, label_aware=aware)
    assert 0.0 <= d <= 1.0
    assert d == pytest.approx(boxes_distance(b, a, iou_threshold=thr, label_aware=aware))
    np.testing.assert_allclose(box_iou_matrix(a.xywh, b.xywh), box_iou_matrix(b.xywh, a.xywh).T)


@settings(max_examples=50, deadline=None)
@given(box_sets)
def test_perfect_answer_scores_one(a: Boxes) -> None:
    result = score_boxes(a, a)
    assert result.score == pytest.approx(1.0)
    assert result.f1 == 1.0 and result.label_accuracy == 1.0
    assert boxes_distance(a, a) == pytest.approx(0.0)
    assert not result.diff.missed and not result.diff.extra


@settings(max_examples=50, deadline=None)
@given(box_sets, box_sets, st.randoms(use_true_random=False))
def test_invariant_to_box_order(a: Boxes, b: Boxes, rnd) -> None:
    perm = list(range(len(a.xywh)))
    rnd.shuffle(perm)
    shuffled = Boxes(a.xywh[perm], a.labels[perm])
    base, moved = score_boxes(a, b), score_boxes(shuffled, b)
    assert moved.score == pytest.approx(base.score)
    assert moved.f1 == pytest.approx(base.f1)
    assert len(moved.diff.extra) == len(base.diff.extra)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(box_sets, box_sets), max_size=6), st.booleans())
def test_batch_equals_one_by_one(pairs: list[tuple[Boxes, Boxes]], aware: bool) -> None:
    batch = score_boxes_many([p for p, _ in pairs], [r for _, r in pairs], label_aware=aware)
    assert batch == [score_boxes(p, r, label_aware=aware) for p, r in pairs]


def test_batch_across_chunks_keeps_order_and_error_indices() -> None:
    rng = np.random.default_rng(2)
    golds = [Boxes(np.c_[rng.uniform(0, 50, (3, 2)), rng.uniform(5, 20, (3, 2))], [0, 1, 2])]
    golds *= 1100
    preds = [Boxes(g.xywh + rng.normal(0, 2, (3, 4)).clip(-1, 1), g.labels) for g in golds]
    batch = score_boxes_many(preds, golds)
    assert len(batch) == 1100
    for i in (0, 1023, 1024, 1099):
        assert batch[i] == score_boxes(preds[i], golds[i])
    bad = [*preds[:1050], Boxes([[0, 0, 1, 1]], ["a", "b"])]
    with pytest.raises(ValueError, match=r"preds\[1050\]\.labels"):
        score_boxes_many(bad, golds[:1051])
    assert score_boxes_many([], []) == []
