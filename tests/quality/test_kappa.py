"""Cohen's and Fleiss' kappa: sklearn cross-checks, Fleiss (1971) example, properties, CIs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from goldlabel.quality.agreement import (
    bootstrap_ci,
    cohen_kappa,
    cohen_kappa_statistic,
    fleiss_counts_from_long,
    fleiss_kappa,
    fleiss_kappa_from_long,
    fleiss_kappa_statistic,
)

# Fleiss (1971) as tabulated on Wikipedia: 10 subjects, 14 raters, 5 categories → κ = 0.210.
FLEISS_1971 = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


def noisy_pair(rng: np.random.Generator, n: int, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    a = rng.integers(0, n_labels, n)
    b = np.where(rng.random(n) < 0.6, a, rng.integers(0, n_labels, n))
    return a, b


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_matches_sklearn_on_random_data(weights: str | None) -> None:
    rng = np.random.default_rng(0)
    for n, n_labels in [(10, 2), (200, 4), (1000, 7)]:
        a, b = noisy_pair(rng, n, n_labels)
        expected = cohen_kappa_score(a, b, weights=weights)
        assert cohen_kappa(a, b, weights=weights) == pytest.approx(expected)


def test_cohen_labels_argument_matches_sklearn() -> None:
    rng = np.random.default_rng(1)
    a, b = noisy_pair(rng, 300, 5)
    names = np.array(["e", "b", "d", "a", "c"])
    for labels in (["a", "b", "c"], ["c", "a", "e", "b", "d", "z"]):
        for weights in (None, "linear", "quadratic"):
            expected = cohen_kappa_score(names[a], names[b], labels=labels, weights=weights)
            ours = cohen_kappa(names[a], names[b], labels=labels, weights=weights)
            assert ours == pytest.approx(expected)


def test_cohen_undefined_and_invalid_inputs() -> None:
    assert math.isnan(cohen_kappa(["x", "x"], ["x", "x"]))
    with pytest.raises(ValueError, match="1-D"):
        cohen_kappa([1, 2], [1])
    with pytest.raises(ValueError, match="weights"):
        cohen_kappa([1, 2], [1, 2], weights="cubic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no item"):
        cohen_kappa([1, 2], [1, 2], labels=[3])


label_pairs = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
    )
)


@settings(max_examples=80, deadline=None)
@given(pair=label_pairs, weights=st.sampled_from([None, "linear", "quadratic"]))
def test_cohen_symmetric_and_bounded(pair: tuple[list[int], list[int]], weights: str | None) -> None:
    a, b = pair
    forward, backward = cohen_kappa(a, b, weights=weights), cohen_kappa(b, a, weights=weights)
    if math.isnan(forward):
        assert math.isnan(backward)
        return
    assert forward == pytest.approx(backward)
    if weights != "linear":  # unweighted and quadratic kappa are ≥ −1; linear need not be
        assert forward >= -1 - 1e-9
    assert forward <= 1 + 1e-9


@settings(max_examples=40, deadline=None)
@given(labels=st.lists(st.integers(0, 4), min_size=2, max_size=40))
def test_cohen_perfect_agreement_is_one(labels: list[int]) -> None:
    if len(set(labels)) < 2:
        labels = [*labels, labels[0] + 1]
    assert cohen_kappa(labels, labels) == pytest.approx(1.0)


def test_fleiss_published_example() -> None:
    assert round(fleiss_kappa(FLEISS_1971), 3) == 0.210


def naive_fleiss(counts: np.ndarray) -> float:
    """Fleiss (1971) eqs., item by item."""
    n_items, raters = counts.shape[0], counts[0].sum()
    p = [sum(counts[i, j] for i in range(n_items)) / (n_items * raters) for j in range(counts.shape[1])]
    agreement = [(sum(c * c for c in counts[i]) - raters) / (raters * (raters - 1)) for i in range(n_items)]
    chance = sum(pj * pj for pj in p)
    return (sum(agreement) / n_items - chance) / (1 - chance)


def test_fleiss_matches_definition_and_long_form() -> None:
    rng = np.random.default_rng(4)
    raters, n_items = 5, 60
    labels = np.where(
        rng.random((n_items, raters)) < 0.5,
        rng.integers(0, 4, n_items)[:, None],
        rng.integers(0, 4, (n_items, raters)),
    )
    long = pd.DataFrame(
        {
            "task": np.repeat(np.arange(n_items), raters),
            "worker": rng.permuted(np.tile(np.arange(12), (n_items, 1)), axis=1)[:, :raters].ravel(),
            "label": labels.ravel(),
        }
    )
    counts = fleiss_counts_from_long(long)
    assert counts.sum(axis=1).tolist() == [raters] * n_items
    assert fleiss_kappa(counts) == pytest.approx(naive_fleiss(counts))
    assert fleiss_kappa_from_long(long) == pytest.approx(naive_fleiss(counts))


def test_fleiss_rejects_bad_counts() -> None:
    with pytest.raises(ValueError, match="same number of raters"):
        fleiss_kappa([[1, 2], [2, 2]])
    with pytest.raises(ValueError, match="two raters"):
        fleiss_kappa([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="whole numbers"):
        fleiss_kappa([[1.5, 0.5], [1, 1]])


def test_weighted_evaluation_equals_repeated_items() -> None:
    rng = np.random.default_rng(6)
    a, b = noisy_pair(rng, 50, 4)
    repeat = rng.integers(0, 3, 50)
    for weights in (None, "linear", "quadratic"):
        statistic = cohen_kappa_statistic(a, b, weights=weights)
        expected = cohen_kappa_score(np.repeat(a, repeat), np.repeat(b, repeat), weights=weights)
        assert statistic.evaluate(repeat[None, :].astype(float))[0] == pytest.approx(expected)
    fleiss = fleiss_kappa_statistic(FLEISS_1971)
    repeat = rng.integers(1, 3, len(FLEISS_1971))
    expected = fleiss_kappa(np.repeat(FLEISS_1971, repeat, axis=0))
    assert fleiss.evaluate(repeat[None, :].astype(float))[0] == pytest.approx(expected)


def test_bootstrap_for_kappas() -> None:
    rng = np.random.default_rng(8)
    a, b = noisy_pair(rng, 500, 3)
    result = bootstrap_ci(cohen_kappa_statistic(a, b), n_resamples=400, seed=1)
    assert result.estimate == pytest.approx(cohen_kappa_score(a, b))
    assert result.low < result.estimate < result.high
    assert result.high - result.low < 0.2
    fleiss = bootstrap_ci(fleiss_kappa_statistic(FLEISS_1971), n_resamples=400, seed=1)
    assert fleiss.low < fleiss.estimate < fleiss.high
