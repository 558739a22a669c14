"""Consensus boxes: clustering by IoU, fusion, label vote and quorum."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.geometry import Boxes, cluster_boxes, score_boxes


def test_three_annotators_hand_checked() -> None:
    a = Boxes([[0, 0, 10, 10], [50, 50, 10, 10]], ["cat", "dog"])
    b = Boxes([[1, 1, 10, 10], [100, 100, 5, 5]], ["cat", "dog"])
    c = Boxes([[0, 1, 10, 10], [51, 50, 10, 10]], ["dog", "dog"])
    result = cluster_boxes([a, b, c])  # quorum: majority of 3 = 2
    first, second = result.boxes
    # corners averaged: x1 (0+1+0)/3, y1 (0+1+1)/3, x2 (10+11+10)/3, y2 (10+11+11)/3
    assert first.xywh == pytest.approx((1 / 3, 2 / 3, 10.0, 10.0))
    assert first.label == "cat" and first.label_agreement == pytest.approx(2 / 3)
    assert first.support == 3 and first.members == ((0, 0), (1, 0), (2, 0))
    assert second.xywh == pytest.approx((50.5, 50.0, 10.0, 10.0))
    assert (second.label, second.support) == ("dog", 2)
    # member IoUs with the fused box: both 95/105
    assert second.mean_iou == pytest.approx(95 / 105)
    (lonely,) = result.rejected
    assert lonely.members == ((1, 1),) and lonely.support == 1
    assert len(cluster_boxes([a, b, c], quorum=1).boxes) == 3


def test_weights_move_the_box_and_the_vote() -> None:
    a = Boxes([[0, 0, 10, 10]], ["cat"])
    b = Boxes([[2, 0, 10, 10]], ["dog"])
    result = cluster_boxes([a, b], weights=[1.0, 3.0], quorum=2)
    (box,) = result.boxes
    assert box.xywh == pytest.approx((1.5, 0.0, 10.0, 10.0))
    assert box.label == "dog" and box.label_agreement == pytest.approx(0.75)


def test_one_box_per_annotator_per_cluster() -> None:
    # Annotator 0 drew the same object twice; they cannot both support one cluster.
    a = Boxes([[0, 0, 10, 10], [0.5, 0, 10, 10]], ["x", "x"])
    b = Boxes([[0, 0, 10, 10]], ["x"])
    result = cluster_boxes([a, b], quorum=2)
    assert [box.support for box in result.boxes] == [2]
    assert [box.support for box in result.rejected] == [1]


def test_validation() -> None:
    ok = Boxes([[0, 0, 1, 1]])
    with pytest.raises(ValueError, match="at least one"):
        cluster_boxes([])
    with pytest.raises(ValueError, match="quorum"):
        cluster_boxes([ok, ok], quorum=3)
    with pytest.raises(ValueError, match="weights"):
        cluster_boxes([ok, ok], weights=[1.0, 0.0])
    with pytest.raises(ValueError, match=r"annotations\[1\]"):
        cluster_boxes([ok, Boxes([[0, 0, -1, 1]])])


box = st.tuples(st.floats(0, 100), st.floats(0, 100), st.floats(5, 30), st.floats(5, 30))
annotator = st.lists(box, max_size=5).map(
    lambda bs: Boxes(np.array(bs, dtype=np.float64).reshape(-1, 4), ["x"] * len(bs))
)


@settings(max_examples=40, deadline=None)
@given(st.lists(annotator, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_consensus_properties(annotations: list[Boxes], rnd) -> None:
    result = cluster_boxes(annotations, quorum=1)
    total = sum(len(a.xywh) for a in annotations)
    members = [m for b in result.boxes for m in b.members]
    assert len(members) == len(set(members)) == total  # every box in exactly one cluster
    for b in result.boxes:
        assert len({m[0] for m in b.members}) == b.support  # one box per annotator
        assert 0.0 <= b.mean_iou <= 1.0 and 0.0 < b.label_agreement <= 1.0
    # identical annotators agree with their consensus perfectly
    same = cluster_boxes([annotations[0]] * 3)
    assert score_boxes(same.as_boxes(), annotations[0]).score == pytest.approx(1.0)
    # listing annotators in another order gives the same consensus boxes
    order = list(range(len(annotations)))
    rnd.shuffle(order)
    moved = cluster_boxes([annotations[i] for i in order], quorum=1)
    np.testing.assert_allclose(
        sorted(b.xywh for b in moved.boxes), sorted(b.xywh for b in result.boxes), atol=1e-9
    )
