import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.scoring import kendall_distance, score_ranking

ITEMS = list("abcdefg")


def test_one_swap_known_answer():
    # 3 pairs, one reversed: tau = (2 - 1) / 3, score = 2 / 3.
    result = score_ranking(["b", "a", "c"], ["a", "b", "c"])
    assert result.tau == pytest.approx(1 / 3)
    assert result.score == pytest.approx(2 / 3)
    assert result.discordant == (("a", "b"),)
    assert dict(result.displacement) == {"a": 1, "b": -1, "c": 0}


def test_reversed_and_trivial_rankings():
    assert score_ranking(["c", "b", "a"], ["a", "b", "c"]).score == 0.0
    assert kendall_distance(["c", "b", "a"], ["a", "b", "c"]) == 1.0
    assert score_ranking(["x"], ["x"]).score == 1.0
    assert score_ranking([], []).score == 1.0


@pytest.mark.parametrize(
    ("pred", "ref"),
    [(["a", "b"], ["a", "c"]), (["a"], ["a", "b"]), (["a", "a"], ["a", "b"]), (["a", "b"], ["a", "a"])],
)
def test_rejects_different_items(pred, ref):
    with pytest.raises(ValueError):
        score_ranking(pred, ref)


def test_distance_counts_discordant_pairs():
    rng = np.random.default_rng(2)
    for _ in range(100):
        n = int(rng.integers(2, 9))
        a = list(rng.permutation(n))
        b = list(rng.permutation(n))
        pos_a = {x: i for i, x in enumerate(a)}
        pos_b = {x: i for i, x in enumerate(b)}
        discordant = sum(
            (pos_a[x] - pos_a[y]) * (pos_b[x] - pos_b[y]) < 0 for x, y in itertools.combinations(range(n), 2)
        )
        assert kendall_distance(a, b) == pytest.approx(discordant / (n * (n - 1) / 2))
        assert len(score_ranking(a, b).discordant) == discordant


@settings(max_examples=60, deadline=None)
@given(st.permutations(ITEMS), st.permutations(ITEMS), st.permutations(ITEMS))
def test_ranking_properties(a, b, c):
    result = score_ranking(a, b)
    assert 0.0 <= result.score <= 1.0
    assert score_ranking(b, b).score == 1.0
    assert kendall_distance(a, b) == pytest.approx(kendall_distance(b, a))
    assert kendall_distance(a, b) == pytest.approx(1.0 - result.score)
    assert kendall_distance(a, c) <= kendall_distance(a, b) + kendall_distance(b, c) + 1e-12
