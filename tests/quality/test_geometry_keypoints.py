"""OKS (cross-checked with pycocotools' COCOeval.computeOks), PCK and pose scoring."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycocotools.cocoeval import COCOeval, Params

from goldlabel.quality.geometry import (
    COCO_PERSON_SIGMAS,
    Poses,
    keypoints_distance,
    oks,
    oks_matrix,
    pck,
    score_keypoints,
)


class _OksOnly(COCOeval):
    """COCOeval with hand-fed ground truth and detections, to call computeOks directly."""

    def __init__(self, gts: list[dict], dts: list[dict]) -> None:
        self.params = Params(iouType="keypoints")
        self._gts = {(1, 1): gts}
        self._dts = {(1, 1): dts}


def test_oks_hand_checked() -> None:
    # One keypoint, sigma 0.025 (COCO eye): variance (2 sigma)^2 = 0.0025; area 1000.
    # d = 2 px: e = 4 / 0.0025 / 1000 / 2 = 0.8, OKS = exp(-0.8).
    got = oks([[2, 0]], [[0, 0, 2]], sigmas=[0.025], area=1000)
    assert got == pytest.approx(math.exp(-0.8), rel=1e-9)
    # Two keypoints, the second not labelled in the reference: it is ignored.
    got = oks([[2, 0], [99, 99]], [[0, 0, 2], [5, 5, 0]], sigmas=[0.025, 0.1], area=1000)
    assert got == pytest.approx(math.exp(-0.8), rel=1e-9)
    # v = 1 (labelled, hidden) counts like v = 2; a NaN prediction scores 0 on its keypoint.
    got = oks([[0, 0], [np.nan, np.nan]], [[0, 0, 1], [3, 3, 2]], sigmas=[0.1, 0.1], area=50)
    assert got == pytest.approx(0.5)


def test_oks_matches_pycocotools_compute_oks() -> None:
    rng = np.random.default_rng(11)
    k = len(COCO_PERSON_SIGMAS)
    for _ in range(10):
        ref = np.c_[rng.uniform(0, 200, (k, 2)), rng.integers(0, 3, k)]
        ref[0, 2] = 2
        refs = [ref, np.c_[rng.uniform(0, 200, (k, 2)), np.full(k, 2)]]
        areas = rng.uniform(500, 20000, 2)
        preds = [refs[0][:, :2] + rng.normal(0, s, (k, 2)) for s in (1, 5, 20)]
        preds.append(rng.uniform(0, 200, (k, 2)))
        gts = [
            {"keypoints": r.ravel().tolist(), "area": float(a), "bbox": [0, 0, 200, 200]}
            for r, a in zip(refs, areas, strict=True)
        ]
        dts = [{"keypoints": np.c_[p, np.ones(k)].ravel().tolist(), "score": 1.0} for p in preds]
        expected = _OksOnly(gts, dts).computeOks(1, 1)
        got = oks_matrix(np.array(preds), np.array(refs), sigmas=COCO_PERSON_SIGMAS, areas=areas)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_oks_validation() -> None:
    with pytest.raises(ValueError, match="no labelled"):
        oks([[0, 0]], [[0, 0, 0]], sigmas=[0.1], area=10)
    with pytest.raises(ValueError, match="sigmas"):
        oks([[0, 0]], [[0, 0, 2]], sigmas=[-1], area=10)
    with pytest.raises(ValueError, match="shape"):
        oks([[0, 0], [1, 1]], [[0, 0, 2]], sigmas=[0.1], area=10)


def test_pck_hand_checked() -> None:
    ref = [[0, 0, 2], [10, 0, 2], [20, 0, 2], [30, 0, 0]]
    pred = [[1, 0], [10, 3], [np.nan, np.nan], [0, 0]]
    # limit 0.2 x 10 = 2 px: kp0 at 1 px ok, kp1 at 3 px no, kp2 missing, kp3 unlabelled
    assert pck(pred, ref, threshold=0.2, normaliser=10) == pytest.approx(1 / 3)
    assert pck(pred, ref, threshold=0.3, normaliser=10) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="positive"):
        pck(pred, ref, threshold=0, normaliser=10)


def test_score_keypoints_diff() -> None:
    sig = [0.05, 0.05]
    ref = Poses([[[0, 0, 2], [10, 10, 2]], [[100, 100, 2], [110, 110, 2]]], ["p", "p"], [100, 100])
    pred = Poses([[[100, 100], [110, 111]]], ["p"])
    result = score_keypoints(pred, ref, sigmas=sig)
    # kp1 off by 1 px: e = 1 / 0.01 / 100 / 2 = 0.5 -> OKS = (1 + exp(-0.5)) / 2
    expected = (1 + math.exp(-0.5)) / 2
    assert [(p.ref, p.pred) for p in result.diff.matched] == [(1, 0)]
    assert result.mean_iou == pytest.approx(expected)
    assert result.diff.missed == (0,)


poses = (
    st.integers(1, 3)
    .flatmap(
        lambda n: st.lists(
            st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=3, max_size=3),
            min_size=n,
            max_size=n,
        )
    )
    .map(lambda p: np.c_[np.array(p).reshape(-1, 2), np.full(len(p) * 3, 2.0)].reshape(-1, 3, 3))
)


@settings(max_examples=60, deadline=None)
@given(poses, poses)
def test_keypoint_properties(a: np.ndarray, b: np.ndarray) -> None:
    sig = [0.05, 0.07, 0.09]
    areas_a, areas_b = np.full(len(a), 400.0), np.full(len(b), 400.0)
    sim = oks_matrix(a, b, sigmas=sig, areas=areas_b)
    assert ((sim >= 0) & (sim <= 1)).all()
    pa, pb = Poses(a, None, areas_a), Poses(b, None, areas_b)
    d = keypoints_distance(pa, pb, sigmas=sig)
    assert 0.0 <= d <= 1.0
    assert d == pytest.approx(keypoints_distance(pb, pa, sigmas=sig))
    assert score_keypoints(pa, pa, sigmas=sig).score == pytest.approx(1.0)
    assert pck(a[0], a[0], threshold=0.1, normaliser=1) == 1.0
