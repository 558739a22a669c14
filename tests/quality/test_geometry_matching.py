"""Shared one-to-one matching and the generic similarity-matrix scorer."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from goldlabel.quality.geometry import match_one_to_one, score_matches


def _brute_force(sim: np.ndarray, thr: float) -> tuple[int, float]:
    """Best (number of matches, total similarity) over every one-to-one matching."""
    n, m = sim.shape
    best = (0, 0.0)
    for k in range(min(n, m), 0, -1):
        for rows in itertools.combinations(range(n), k):
            for cols in itertools.permutations(range(m), k):
                values = sim[list(rows), list(cols)]
                if (values >= thr).all():
                    best = max(best, (k, float(values.sum())))
        if best[0]:
            return best
    return best


@settings(max_examples=120, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(0, 4)), elements=st.floats(0, 1)),
    st.floats(0.1, 1.0),
)
def test_matching_is_optimal_against_brute_force(sim: np.ndarray, thr: float) -> None:
    rows, cols = match_one_to_one(sim, threshold=thr)
    assert len(set(rows.tolist())) == len(rows) and len(set(cols.tolist())) == len(cols)
    assert (sim[rows, cols] >= thr).all()
    count, total = _brute_force(sim, thr)
    assert len(rows) == count
    assert sim[rows, cols].sum() == pytest.approx(total)


def test_preferred_pairs_come_first() -> None:
    # Row 0 could match col 0 (0.9) or col 1 (0.6); row 1 only col 0 (0.7).
    sim = np.array([[0.9, 0.6], [0.7, 0.0]])
    rows, cols = match_one_to_one(sim, threshold=0.5)
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 1), (1, 0)]
    # Preferring (0, 0) (say, same label) beats the extra match.
    rows, cols = match_one_to_one(sim, threshold=0.5, preferred=[[True, False], [False, False]])
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0)]


def test_nan_never_matches_and_validation() -> None:
    rows, _ = match_one_to_one([[np.nan, 0.2]], threshold=0.1)
    assert rows.tolist() == [0]
    with pytest.raises(ValueError, match="2-D"):
        match_one_to_one([0.5], threshold=0.5)
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        match_one_to_one([[0.5]], threshold=1.5)
    with pytest.raises(ValueError, match="preferred"):
        match_one_to_one([[0.5]], threshold=0.5, preferred=[[True, False]])


def test_score_matches_on_a_similarity_matrix() -> None:
    # 2 refs, 3 preds; pred 0 - ref 1 at 0.8 (same label), pred 2 - ref 0 at 0.6 (not).
    sim = np.array([[0.1, 0.8], [0.0, 0.3], [0.6, 0.0]])
    result = score_matches(sim, ["b", "b", "a"], ["b", "b"], threshold=0.5)
    assert [(p.ref, p.pred, p.label_ok) for p in result.diff.matched] == [
        (0, 2, False),
        (1, 0, True),
    ]
    assert result.diff.extra == (1,)
    assert result.f1 == pytest.approx(2 * 1 / 5)
    assert result.score == pytest.approx(2 * 0.8 / 5)
    assert result.mean_iou == pytest.approx(0.7)
    with pytest.raises(ValueError, match="labels"):
        score_matches(sim, ["a"], ["b", "b"], threshold=0.5)


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(0, 4)), elements=st.floats(0, 1)),
    st.floats(0.1, 1.0),
)
def test_score_matches_counts_the_optimal_matching(sim: np.ndarray, thr: float) -> None:
    # score_matches skips the Hungarian step when no object has two candidates; both
    # paths must find the brute-force optimum.
    count, total = _brute_force(sim, thr)
    result = score_matches(sim, threshold=thr, label_aware=False)
    n = sum(sim.shape)
    assert result.f1 == pytest.approx(2 * count / n if n else 1.0)
    assert result.score == pytest.approx(min(2 * total / n, 1.0) if n else 1.0)
