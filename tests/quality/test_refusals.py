"""Refuse instead of guessing: each ambiguous input gets a ValueError (a named subclass) whose
message says what to do, and the same input made unambiguous is accepted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from goldlabel.quality.aggregation import GLAD, MACE, DawidSkene, MajorityVote, OneCoinDawidSkene
from goldlabel.quality.agreement import (
    annotator_agreement,
    annotator_pair_agreement,
    cohen_kappa,
    fleiss_kappa_from_long,
    item_agreement,
    krippendorff_alpha,
    krippendorff_alpha_long,
    project_agreement,
)
from goldlabel.quality.agreement.distances import AsymmetricDistanceError, OrderNeededError
from goldlabel.quality.geometry import mask_iou, rle_encode, score_masks
from goldlabel.quality.geometry.rle import NonBinaryMaskError
from goldlabel.quality.scoring import aggregate_spans, score_spans, spans_distance
from goldlabel.quality.scoring.spans import Span
from goldlabel.quality.table import DuplicateAnswerError

LEVELS_OF_SEVERITY = ["low", "medium", "high"]  # alphabetically: high < low < medium


# --- ordinal (and weighted) agreement on strings needs their order -----------------------


def test_ordinal_alpha_on_strings_needs_value_domain() -> None:
    matrix = [["low", "medium", "high", "low"], ["low", "high", "high", "medium"]]
    long = pd.DataFrame(
        [(unit, f"a{a}", value) for a, row in enumerate(matrix) for unit, value in enumerate(row)],
        columns=["task", "worker", "label"],
    )
    with pytest.raises(OrderNeededError, match=r"value_domain=\[lowest, \.\.\., highest\]"):
        krippendorff_alpha(matrix, level_of_measurement="ordinal")
    with pytest.raises(OrderNeededError, match="value_domain"):
        krippendorff_alpha_long(long, level_of_measurement="ordinal")
    with pytest.raises(OrderNeededError, match="value_domain"):
        project_agreement(long.assign(project="p"), level_of_measurement="ordinal")
    # With the order given, strings mean their ranks: same alpha as on the positions.
    ranks = [[LEVELS_OF_SEVERITY.index(v) for v in row] for row in matrix]
    expected = krippendorff_alpha(ranks, level_of_measurement="ordinal")
    got = krippendorff_alpha(matrix, level_of_measurement="ordinal", value_domain=LEVELS_OF_SEVERITY)
    assert got == pytest.approx(expected)
    got_long = krippendorff_alpha_long(long, level_of_measurement="ordinal", value_domain=LEVELS_OF_SEVERITY)
    assert got_long == pytest.approx(expected)
    # Alphabetical ranking (the old guess) gives another number, which is why it is refused.
    alphabetical = [[sorted(LEVELS_OF_SEVERITY).index(v) for v in row] for row in matrix]
    assert krippendorff_alpha(alphabetical, level_of_measurement="ordinal") != pytest.approx(expected)
    # Numbers, booleans and nominal strings need no order.
    assert np.isfinite(krippendorff_alpha(ranks, level_of_measurement="ordinal"))
    assert np.isfinite(krippendorff_alpha(matrix, level_of_measurement="nominal"))
    with pytest.raises(OrderNeededError, match="numeric"):
        krippendorff_alpha_long(long, level_of_measurement="interval")


@settings(max_examples=30, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(0, 2)), min_size=2, max_size=40
    ),
    order=st.permutations(LEVELS_OF_SEVERITY),
)
def test_ordinal_alpha_with_value_domain_equals_alpha_on_ranks(
    cells: list[tuple[int, int, int]], order: list[str]
) -> None:
    frame = pd.DataFrame(cells, columns=["task", "worker", "rank"]).drop_duplicates(["task", "worker"])
    if frame.groupby("task").size().max() < 2:
        return  # nothing pairable
    named = frame.assign(label=[order[r] for r in frame["rank"]])[["task", "worker", "label"]]
    on_ranks = frame.rename(columns={"rank": "label"})
    expected = krippendorff_alpha_long(on_ranks, level_of_measurement="ordinal", value_domain=[0, 1, 2])
    got = krippendorff_alpha_long(named, level_of_measurement="ordinal", value_domain=order)
    assert got == pytest.approx(expected, nan_ok=True)


def test_weighted_kappa_on_strings_needs_labels() -> None:
    a = ["low", "high", "medium", "low", "high"]
    b = ["medium", "high", "high", "low", "low"]
    with pytest.raises(OrderNeededError, match=r"labels=\[lowest, \.\.\., highest\]"):
        cohen_kappa(a, b, weights="linear")
    ranks = {v: i for i, v in enumerate(LEVELS_OF_SEVERITY)}
    expected = cohen_kappa([ranks[v] for v in a], [ranks[v] for v in b], weights="linear")
    assert cohen_kappa(a, b, weights="linear", labels=LEVELS_OF_SEVERITY) == pytest.approx(expected)
    assert np.isfinite(cohen_kappa(a, b))  # unweighted kappa needs no order


# --- custom distances must be symmetric ----------------------------------------------------


def test_asymmetric_distance_is_refused() -> None:
    rows = [[{1}, {1, 2}, {3}], [{1, 2}, {1, 2}, {3, 4}]]

    def one_way(a: set[int], b: set[int]) -> float:  # how much of a is missing from b
        return len(a - b) / len(a)

    with pytest.raises(AsymmetricDistanceError, match=r"symmetric.*\(d\(a, b\) \+ d\(b, a\)\) / 2"):
        krippendorff_alpha(rows, distance=one_way)
    long = pd.DataFrame(
        [(u, f"a{a}", value) for a, row in enumerate(rows) for u, value in enumerate(row)],
        columns=["task", "worker", "label"],
    )
    with pytest.raises(AsymmetricDistanceError):
        krippendorff_alpha_long(long, distance=one_way)

    def symmetric(a: set[int], b: set[int]) -> float:
        return (one_way(a, b) + one_way(b, a)) / 2

    assert np.isfinite(krippendorff_alpha(rows, distance=symmetric))


def test_asymmetry_is_caught_among_many_values() -> None:
    """Beyond SYMMETRY_CHECKS pairs the check samples pairs evenly; a systematic asymmetry
    (here: every pair) is still caught."""
    values = list(range(120))  # 7,140 pairs
    rows = [values, values[::-1]]
    with pytest.raises(AsymmetricDistanceError):
        krippendorff_alpha(rows, distance=lambda a, b: float(max(a - b, 0)))
    assert np.isfinite(krippendorff_alpha(rows, distance=lambda a, b: float(abs(a - b))))


def test_round_off_asymmetry_is_tolerated() -> None:
    rows = [[0.1, 0.2, 0.7], [0.3, 0.2, 0.6]]

    def noisy(a: float, b: float) -> float:
        return abs(a - b) + (1e-13 if a < b else 0.0)

    assert krippendorff_alpha(rows, distance=noisy) == pytest.approx(
        krippendorff_alpha(rows, distance=lambda a, b: abs(a - b))
    )


# --- span offsets are integers ---------------------------------------------------------------


@pytest.mark.parametrize("bad", [(1.5, 3, "A"), (1, 3.0, "A"), (True, 3, "A"), ("1", 3, "A")])
def test_span_offsets_must_be_integers(bad: tuple[Any, Any, str]) -> None:
    for call in (
        lambda: score_spans([bad], [(1, 3, "A")]),
        lambda: score_spans([(1, 3, "A")], [bad]),
        lambda: spans_distance([bad], []),
        lambda: aggregate_spans([[bad]], text_length=10),
    ):
        with pytest.raises(ValueError, match="must be integers"):
            call()
    with pytest.raises(ValueError, match="must be integers"):
        score_spans([Span(1.5, 3, "A")], [])  # type: ignore[arg-type]


def test_numpy_integer_offsets_are_accepted() -> None:
    pred = [(np.int64(1), np.int32(4), "A")]
    assert score_spans(pred, [(1, 4, "A")]).f1 == 1.0


# --- masks are binary -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mask", "found"),
    [
        (np.array([[0, 255], [255, 0]], dtype=np.uint8), "255"),
        (np.array([[0.0, 0.4], [1.0, 1.0]]), "0.4"),
        (np.array([[0, 2], [1, 0]]), "2"),
        (np.array([[0, -1], [1, 0]]), "-1"),
        (np.array([[0.0, np.nan], [1.0, 0.0]]), "nan"),
    ],
)
def test_non_binary_masks_are_refused(mask: np.ndarray, found: str) -> None:
    other = np.array([[0, 1], [1, 0]], dtype=np.uint8)
    for call in (
        lambda: mask_iou(mask, other),
        lambda: rle_encode(mask),
        lambda: score_masks(([other], ["x"]), ([mask], ["x"])),
    ):
        with pytest.raises(NonBinaryMaskError, match=f"found {found}.*threshold it first"):
            call()
    with pytest.raises(NonBinaryMaskError, match="dtype"):
        mask_iou(np.array([["a", "b"]]), other[:1])


@settings(max_examples=50, deadline=None)
@given(
    arrays(np.bool_, st.tuples(st.integers(1, 8), st.integers(1, 8))),
    st.sampled_from([np.uint8, np.int64, np.float32, np.float64]),
)
def test_zero_one_masks_of_any_numeric_dtype_equal_booleans(mask: np.ndarray, dtype: type) -> None:
    assert rle_encode(mask.astype(dtype)) == rle_encode(mask)
    assert mask_iou(mask.astype(dtype), mask) == mask_iou(mask, mask)


# --- one duplicate rule for agreement and aggregation ---------------------------------------

CONSUMERS: dict[str, Callable[[Any], Any]] = {
    "MajorityVote": lambda d: MajorityVote().fit(d),
    "DawidSkene": lambda d: DawidSkene().fit(d),
    "OneCoinDawidSkene": lambda d: OneCoinDawidSkene().fit(d),
    "GLAD": lambda d: GLAD().fit(d),
    "MACE": lambda d: MACE(n_restarts=1).fit(d),
    "krippendorff_alpha_long": krippendorff_alpha_long,
    "krippendorff_alpha_long(distance)": lambda d: krippendorff_alpha_long(
        d, distance=lambda a, b: float(a != b)
    ),
    "fleiss_kappa_from_long": fleiss_kappa_from_long,
    "item_agreement": item_agreement,
    "annotator_agreement": annotator_agreement,
    "annotator_pair_agreement": annotator_pair_agreement,
    "project_agreement": lambda d: project_agreement(pd.DataFrame(d).assign(project="p")),
}


@pytest.mark.parametrize("name", CONSUMERS)
def test_duplicate_answers_are_refused_by_every_consumer(name: str) -> None:
    data = pd.DataFrame(
        {"task": [1, 1, 2, 2, 1], "worker": ["a", "b", "a", "b", "a"], "label": ["x", "x", "y", "y", "y"]}
    )
    with pytest.raises(DuplicateAnswerError) as caught:
        CONSUMERS[name](data)
    assert (caught.value.task, caught.value.worker, caught.value.count) == (1, "a", 1)
    assert "answered task 1 more than once" in str(caught.value)
    assert "drop_duplicates(['task', 'worker']" in str(caught.value)
    CONSUMERS[name](data.drop_duplicates(["task", "worker"], keep="last"))  # the advice works


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 4), st.sampled_from("abc"), st.sampled_from("xyz")),
        min_size=2,
        max_size=25,
        unique_by=lambda r: r[:2],
    ),
    pick=st.integers(0, 24),
    label=st.sampled_from("xyz"),
)
def test_any_repeated_pair_is_refused(rows: list[tuple[int, str, str]], pick: int, label: str) -> None:
    task, worker, _ = rows[pick % len(rows)]
    repeated = pd.DataFrame([*rows, (task, worker, label)], columns=["task", "worker", "label"])
    for consume in (CONSUMERS["DawidSkene"], CONSUMERS["item_agreement"]):
        with pytest.raises(DuplicateAnswerError) as caught:
            consume(repeated.sample(frac=1.0, random_state=pick))
        assert (caught.value.task, caught.value.worker) == (task, worker)
