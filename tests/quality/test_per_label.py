"""Per-label precision, recall and accuracy (the exam report's per-label section)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from goldlabel.quality.scoring import label_metrics, span_label_metrics


def test_known_counts() -> None:
    pairs = [(["a"], ["a"]), (["a"], ["b"]), (["b"], ["b"]), (["c"], ["b"])]
    m = label_metrics(pairs, labels=["a", "b", "c", "d"])
    assert (m["a"].support, m["a"].predicted, m["a"].correct) == (1, 2, 1.0)
    assert m["a"].precision == 0.5 and m["a"].recall == 1.0 and m["a"].accuracy == 0.75
    assert (m["b"].support, m["b"].predicted, m["b"].recall, m["b"].precision) == (3, 1, 1 / 3, 1.0)
    assert m["c"].precision == 0.0 and m["c"].recall is None
    assert m["d"].precision is None and m["d"].recall is None and m["d"].accuracy == 1.0


def test_spans_earn_partial_credit_per_label() -> None:
    pairs = [
        ([(0, 4, "PER"), (10, 12, "ORG")], [(0, 8, "PER")]),
        ([], [(3, 5, "ORG")]),
    ]
    m = span_label_metrics(pairs)
    assert m["PER"].support == 1 and m["PER"].predicted == 1 and m["PER"].correct == 0.5
    assert m["PER"].precision == 0.5 and m["PER"].recall == 0.5 and m["PER"].accuracy is None
    assert m["ORG"].support == 1 and m["ORG"].predicted == 1 and m["ORG"].correct == 0.0


labels = st.sampled_from(["x", "y", "z"])


@given(st.lists(st.tuples(st.sets(labels), st.sets(labels)), max_size=20))
def test_counts_add_up(pairs: list[tuple[set[str], set[str]]]) -> None:
    m = label_metrics(pairs)
    for label, row in m.items():
        assert row.support == sum(label in r for _, r in pairs)
        assert row.predicted == sum(label in p for p, _ in pairs)
        assert 0 <= row.correct <= min(row.support, row.predicted)
        for rate in (row.precision, row.recall, row.accuracy):
            assert rate is None or 0.0 <= rate <= 1.0
    if all(p == r for p, r in pairs):
        assert all(row.precision in (None, 1.0) and row.recall in (None, 1.0) for row in m.values())
