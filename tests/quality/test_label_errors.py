"""Confident learning: cross-checked against cleanlab, plus properties and a known answer."""

from __future__ import annotations

import numpy as np
import pytest
from cleanlab.count import compute_confident_joint
from cleanlab.filter import find_label_issues as cleanlab_find_label_issues
from cleanlab.rank import get_label_quality_scores
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.label_errors import find_label_issues, label_quality_scores


def noisy_problem(seed: int, n: int, k: int, noise: float = 0.2):
    """Softmax predictions favouring the truth, and labels with ``noise`` flipped at random."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), truth] += rng.uniform(0.5, 3)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    given_labels = np.where(rng.random(n) < noise, rng.integers(0, k, n), truth)
    return given_labels, probs, truth


@pytest.mark.parametrize("seed", range(12))
def test_matches_cleanlab_prune_by_noise_rate(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    labels, probs, _ = noisy_problem(seed, int(rng.integers(30, 1500)), int(rng.integers(2, 7)))
    ours = find_label_issues(labels, probs)
    mask = cleanlab_find_label_issues(labels, probs, n_jobs=1)
    ranked = cleanlab_find_label_issues(labels, probs, n_jobs=1, return_indices_ranked_by="self_confidence")
    np.testing.assert_array_equal(ours.is_issue, mask)
    np.testing.assert_array_equal(ours.ranked, ranked)
    np.testing.assert_array_equal(ours.confident_joint, compute_confident_joint(labels, probs))


@pytest.mark.parametrize("score", ["self_confidence", "normalized_margin"])
def test_scores_match_cleanlab(score: str) -> None:
    labels, probs, _ = noisy_problem(7, 400, 4)
    np.testing.assert_allclose(
        label_quality_scores(labels, probs, score=score),
        get_label_quality_scores(labels, probs, method=score),
    )


def test_flags_an_obvious_mislabel_first() -> None:
    # 30 items per class predicted confidently and correctly, one item labeled 0 that the
    # model is sure is class 2.
    k = 3
    labels = np.repeat(np.arange(k), 30)
    probs = np.full((len(labels), k), 0.05)
    probs[np.arange(len(labels)), labels] = 0.9
    labels[5] = 0
    probs[5] = [0.02, 0.03, 0.95]
    result = find_label_issues(labels, probs)
    assert result.is_issue.sum() == 1 and result.is_issue[5]
    assert result.ranked.tolist() == [5]
    assert result.label_quality[5] == pytest.approx(0.02)


def test_finds_most_injected_errors() -> None:
    labels, probs, truth = noisy_problem(3, 3000, 5, noise=0.15)
    result = find_label_issues(labels, probs)
    wrong = labels != truth
    precision = (result.is_issue & wrong).sum() / result.is_issue.sum()
    assert precision > 0.5
    assert (result.is_issue & wrong).sum() / wrong.sum() > 0.5


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(5, 300),
    k=st.integers(2, 6),
    noise=st.floats(0, 0.5),
)
def test_properties(seed: int, n: int, k: int, noise: float) -> None:
    labels, probs, _ = noisy_problem(seed, n, k, noise)
    result = find_label_issues(labels, probs)
    assert result.is_issue.shape == labels.shape and result.is_issue.dtype == bool
    assert ((result.label_quality >= 0) & (result.label_quality <= 1)).all()
    assert sorted(result.ranked.tolist()) == np.flatnonzero(result.is_issue).tolist()
    assert (np.diff(result.label_quality[result.ranked]) >= 0).all()
    np.testing.assert_array_equal(result.confident_joint.sum(axis=1), np.bincount(labels, minlength=k))
    # An item whose given label is the model's top prediction is never flagged.
    assert not (result.is_issue & (probs.argmax(axis=1) == labels)).any()


def test_perfect_predictions_flag_nothing() -> None:
    labels = np.array([0, 1, 2, 1, 0, 2, 2])
    probs = np.eye(3)[labels]
    result = find_label_issues(labels, probs)
    assert not result.is_issue.any() and result.ranked.size == 0
    assert (result.label_quality == 1).all()


@pytest.mark.parametrize(
    ("labels", "probs", "message"),
    [
        (np.array([0, 1]), np.array([0.5, 0.5]), "shape"),
        (np.array([0, 1, 0]), np.full((2, 2), 0.5), "match"),
        (np.array([0, 2]), np.full((2, 2), 0.5), "lie in"),
        (np.array([0.0, 1.0]), np.full((2, 2), 0.5), "integer"),
        (np.array([0, 1]), np.array([[0.7, 0.7], [0.5, 0.5]]), "sum to 1"),
        (np.array([0, 1]), np.array([[np.nan, 1.0], [0.5, 0.5]]), "finite"),
    ],
)
def test_rejects_bad_input(labels, probs, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_label_issues(labels, probs)
