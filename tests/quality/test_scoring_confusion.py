"""Confusion against a reference: known answers, sklearn's matrix, the pairs most confused."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix as sk_confusion_matrix

from goldlabel.quality.scoring import confusion_matrix, most_confused

LABELS = ["cat", "dog", "bird"]


def test_known_answer() -> None:
    ref = ["cat", "cat", "cat", "dog", "dog", "bird"]
    ans = ["cat", "dog", "dog", "dog", "cat", "bird"]
    c = confusion_matrix(ref, ans, labels=LABELS)
    assert c.matrix.tolist() == [[1, 2, 0], [1, 1, 0], [0, 0, 1]]
    assert c.n == 6 and c.accuracy == pytest.approx(3 / 6)
    pairs = most_confused(c)
    assert [(p.reference, p.answer, p.count) for p in pairs] == [("cat", "dog", 2), ("dog", "cat", 1)]
    assert pairs[0].rate == pytest.approx(2 / 3) and pairs[1].rate == pytest.approx(1 / 2)
    assert most_confused(c, top=1) == pairs[:1]


def test_unknown_labels_are_left_out_and_empty_has_no_accuracy() -> None:
    c = confusion_matrix(["cat", "fish"], ["cat", "cat"], labels=LABELS)
    assert c.n == 1 and c.accuracy == 1.0
    empty = confusion_matrix([], [], labels=LABELS)
    assert empty.n == 0 and empty.accuracy is None and most_confused(empty) == []


def test_refusals() -> None:
    with pytest.raises(ValueError, match="length"):
        confusion_matrix(["cat"], [], labels=LABELS)
    with pytest.raises(ValueError, match="unique"):
        confusion_matrix([], [], labels=["cat", "cat"])


@given(st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(LABELS)), max_size=60))
def test_matches_sklearn(pairs: list[tuple[str, str]]) -> None:
    ref = [r for r, _ in pairs]
    ans = [a for _, a in pairs]
    c = confusion_matrix(ref, ans, labels=LABELS)
    if pairs:
        assert np.array_equal(c.matrix, sk_confusion_matrix(ref, ans, labels=LABELS))
        assert c.accuracy == pytest.approx(sum(r == a for r, a in pairs) / len(pairs))
    assert c.n == len(pairs) == int(c.matrix.sum())
    assert sum(p.count for p in most_confused(c)) == c.n - int(np.trace(c.matrix))
