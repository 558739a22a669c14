"""Properties of the final-label math: the adaptive-overlap rule, weighted votes, and the
priority folded into the queue rank (evaluated by SQLite as the queue reads it)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, literal, select

from goldlabel.services.adaptive_overlap import decide
from goldlabel.services.consensus_settings import OverlapPolicy
from goldlabel.services.final_inference import infer
from goldlabel.services.priorities import MAX_PRIORITY, folded_rank

policies = st.builds(
    lambda lo, extra, c: OverlapPolicy(min=lo, max=lo + extra, confidence=c),
    st.integers(1, 6),
    st.integers(0, 4),
    st.floats(0, 1),
)


@given(policies, st.integers(0, 12), st.one_of(st.none(), st.integers(1, 12)), st.floats(0, 1))
def test_more_is_asked_only_below_the_threshold_and_never_past_max(
    policy: OverlapPolicy, answers: int, own: int | None, confidence: float
) -> None:
    d = decide(policy, 1, answers, own, policy.min, confidence)
    target = own if own is not None else policy.min
    if answers < target or confidence >= policy.confidence:
        assert d.ask_for is None and not d.needs_adjudication
    elif answers < policy.max:
        assert d.ask_for == answers + 1 and d.ask_for <= policy.max and not d.needs_adjudication
    else:
        assert d.ask_for is None and d.needs_adjudication
    assert not (d.ask_for is not None and d.needs_adjudication)


answers_per_item = st.dictionaries(
    st.integers(1, 30),
    st.dictionaries(st.integers(1, 6), st.sampled_from(["a", "b", "c"]), min_size=1, max_size=6),
    min_size=1,
    max_size=10,
)


@settings(deadline=None)
@given(answers_per_item)
def test_majority_vote_is_the_most_common_answer_with_its_share(per_item: dict[int, dict[int, str]]) -> None:
    got = infer("majority_vote", per_item)
    assert set(got) == set(per_item)
    for item, by_author in per_item.items():
        counts = Counter(by_author.values())
        top = max(counts.values())
        assert got[item].label == min(label for label, n in counts.items() if n == top)  # ties: first label
        assert got[item].confidence == pytest.approx(top / len(by_author))


@settings(deadline=None)
@given(answers_per_item, st.dictionaries(st.integers(1, 6), st.floats(0, 1)))
def test_equal_weights_vote_like_no_weights(
    per_item: dict[int, dict[int, str]], accuracy: dict[int, float]
) -> None:
    same = dict.fromkeys(range(1, 7), 0.7)
    plain = infer("majority_vote", per_item)
    equal = infer("majority_vote", per_item, accuracy=same)
    assert {i: v.label for i, v in equal.items()} == {i: v.label for i, v in plain.items()}
    assert all(equal[i].confidence == pytest.approx(plain[i].confidence) for i in plain)
    weighted = infer("majority_vote", per_item, accuracy=accuracy)
    assert set(weighted) == set(plain)
    assert all(0 < w.confidence <= 1 for w in weighted.values())


_engine = create_engine("sqlite://")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, (1 << 62) - 1), st.integers(-MAX_PRIORITY, MAX_PRIORITY)),
        min_size=2,
        max_size=8,
    )
)
def test_a_higher_priority_always_ranks_first(items: list[tuple[int, int]]) -> None:
    with _engine.connect() as conn:
        ranks = [
            conn.execute(select(folded_rank(literal(base), literal(priority)))).scalar_one()
            for base, priority in items
        ]
    for (_, p1), r1 in zip(items, ranks, strict=True):
        assert -(1 << 63) <= r1 < (1 << 63)
        for (_, p2), r2 in zip(items, ranks, strict=True):
            if p1 > p2:
                assert r1 < r2
