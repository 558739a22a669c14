import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score, jaccard_score
from sklearn.preprocessing import MultiLabelBinarizer

from goldlabel.quality.scoring import (
    jaccard_distance,
    nominal_distance,
    score_choice,
    score_multi_choice,
    score_rating,
)

LABELS = ["cat", "dog", "truck"]
COST = [[0.0, 0.2, 1.0], [0.2, 0.0, 1.0], [0.9, 1.0, 0.0]]
label_sets = st.sets(st.sampled_from("abcdefg"), max_size=7)


def test_choice_exact_match():
    assert score_choice("cat", "cat").score == 1.0
    wrong = score_choice("dog", "cat")
    assert (wrong.score, wrong.correct, wrong.pred, wrong.ref) == (0.0, False, "dog", "cat")


def test_choice_cost_matrix_rows_are_reference():
    # Confusing cat with dog is cheap, cat with truck costs everything.
    assert score_choice("dog", "cat", cost_matrix=COST, labels=LABELS).score == pytest.approx(0.8)
    assert score_choice("truck", "cat", cost_matrix=COST, labels=LABELS).score == 0.0
    # Asymmetric: reference truck answered cat costs 0.9, not 1.0.
    assert score_choice("cat", "truck", cost_matrix=COST, labels=LABELS).score == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cost_matrix": COST}, "together"),
        ({"cost_matrix": [[0, 1], [1, 0]], "labels": LABELS}, "3x3"),
        ({"cost_matrix": [[0, 2, 0], [0, 0, 0], [0, 0, 0]], "labels": LABELS}, r"\[0, 1\]"),
        ({"cost_matrix": np.ones((3, 3)), "labels": LABELS}, "diagonal"),
        ({"cost_matrix": COST, "labels": ["cat", "cat", "dog"]}, "unique"),
    ],
)
def test_choice_rejects_bad_cost_matrix(kwargs, message):
    with pytest.raises(ValueError, match=message):
        score_choice("cat", "dog", **kwargs)


def test_choice_rejects_unknown_label_with_cost_matrix():
    with pytest.raises(ValueError, match="bird"):
        score_choice("bird", "cat", cost_matrix=COST, labels=LABELS)


def test_multi_choice_known_answer():
    result = score_multi_choice({"a", "b", "c"}, {"b", "c", "d", "e"})
    assert result.f1 == pytest.approx(2 * 2 / 7)
    assert result.jaccard == pytest.approx(2 / 5)
    assert result.score == result.f1
    assert (result.matched, result.missed, result.extra) == (("b", "c"), ("d", "e"), ("a",))


def test_multi_choice_both_empty_is_perfect():
    assert score_multi_choice([], []).score == 1.0
    assert score_multi_choice([], ["a"]).score == 0.0


def test_multi_choice_matches_sklearn_on_random_sets():
    rng = np.random.default_rng(1)
    labels = list("abcdefgh")
    pred, ref = [], []
    for _ in range(200):
        p = set(rng.choice(labels, size=rng.integers(1, 5), replace=False))
        r = set(rng.choice(labels, size=rng.integers(1, 5), replace=False))
        pred.append(p)
        ref.append(r)
    mlb = MultiLabelBinarizer(classes=labels).fit([labels])
    yp, yr = mlb.transform(pred), mlb.transform(ref)
    ours = [score_multi_choice(p, r) for p, r in zip(pred, ref, strict=True)]
    assert np.mean([o.f1 for o in ours]) == pytest.approx(f1_score(yr, yp, average="samples"))
    assert np.mean([o.jaccard for o in ours]) == pytest.approx(jaccard_score(yr, yp, average="samples"))


def test_rating_linear_credit():
    assert score_rating(4, 2, low=1, high=5).score == pytest.approx(0.5)
    assert score_rating(2, 4, low=1, high=5).difference == -2.0
    assert score_rating(5, 1, low=1, high=5).score == 0.0


@pytest.mark.parametrize(("low", "high", "pred"), [(5, 1, 3), (1, 5, 6), (1, 5, 0)])
def test_rating_rejects_bad_scale(low, high, pred):
    with pytest.raises(ValueError):
        score_rating(pred, 3, low=low, high=high)


@settings(max_examples=100, deadline=None)
@given(label_sets, label_sets)
def test_multi_choice_properties(a, b):
    result = score_multi_choice(a, b)
    assert 0.0 <= result.jaccard <= result.f1 <= 1.0  # F1 = 2J / (1 + J) >= J
    assert set(result.matched) | set(result.missed) == b
    assert set(result.matched) | set(result.extra) == a
    assert score_multi_choice(a, a).score == 1.0
    assert jaccard_distance(a, b) == pytest.approx(jaccard_distance(b, a))
    assert jaccard_distance(a, a) == 0.0


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 10), st.floats(0, 10))
def test_rating_properties(a, b):
    score = score_rating(a, b, low=0, high=10).score
    assert 0.0 <= score <= 1.0
    assert score == score_rating(b, a, low=0, high=10).score
    assert score_rating(a, a, low=0, high=10).score == 1.0


@given(st.sampled_from(LABELS), st.sampled_from(LABELS))
def test_choice_properties(a, b):
    score = score_choice(a, b, cost_matrix=COST, labels=LABELS).score
    assert 0.0 <= score <= 1.0
    assert (score == 1.0) == (a == b)
    assert nominal_distance(a, b) == nominal_distance(b, a) == float(a != b)
