"""Krippendorff's alpha: published answers, the krippendorff package, properties, bootstrap."""

from __future__ import annotations

import itertools
import math

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.agreement import (
    alpha_statistic,
    alpha_statistic_long,
    bootstrap_ci,
    coincidence,
    krippendorff_alpha,
    krippendorff_alpha_long,
)

NAN = np.nan
LEVELS = ("nominal", "ordinal", "interval", "ratio")

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 observers × 12 units.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
PUBLISHED_2011 = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


def to_long(matrix: np.ndarray) -> pd.DataFrame:
    annotators, units = np.nonzero(~np.isnan(matrix))
    return pd.DataFrame({"task": units, "worker": annotators, "label": matrix[annotators, units]})


def random_matrix(rng: np.random.Generator, shape: tuple[int, int], values: np.ndarray) -> np.ndarray:
    matrix = rng.choice(values, size=shape).astype(np.float64)
    matrix[rng.random(shape) < 0.35] = NAN
    return matrix


@pytest.mark.parametrize("level", LEVELS)
def test_krippendorff_2011_published_values(level: str) -> None:
    assert (
        round(krippendorff_alpha(KRIPPENDORFF_2011, level_of_measurement=level), 3) == (PUBLISHED_2011[level])
    )
    long = to_long(np.asarray(KRIPPENDORFF_2011))
    assert round(krippendorff_alpha_long(long, level_of_measurement=level), 3) == (PUBLISHED_2011[level])


def test_string_values_with_ordered_domain() -> None:
    names = np.array(["", "very low", "low", "mid", "high", "very high"], dtype=object)
    data = [[names[int(v)] if not math.isnan(v) else None for v in row] for row in KRIPPENDORFF_2011]
    domain = ["very low", "low", "mid", "high", "very high"]
    alpha = krippendorff_alpha(data, level_of_measurement="ordinal", value_domain=domain)
    assert round(alpha, 3) == 0.815
    assert round(krippendorff_alpha(data), 3) == 0.743
    as_strings = np.asarray([[v if v else np.nan for v in row] for row in data])  # "nan" cells
    assert round(krippendorff_alpha(as_strings), 3) == 0.743


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    "values",
    [np.arange(1, 6), np.arange(1, 6) * 2.5, np.round(np.linspace(0.1, 9.9, 90), 3)],
    ids=["ratings", "non-integer", "many-values"],
)
@pytest.mark.parametrize("counting", ["dense", "sorted"])
def test_matches_krippendorff_package_on_random_data(
    level: str, values: np.ndarray, counting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if counting == "sorted":  # force the sort-based counting used for many distinct values
        monkeypatch.setattr(coincidence, "_GRID_SLACK", -(1 << 40))
    rng = np.random.default_rng(len(values) + len(level))
    for shape in [(3, 40), (7, 200)]:
        matrix = random_matrix(rng, shape, values)
        expected = krippendorff.alpha(matrix, level_of_measurement=level)
        assert krippendorff_alpha(matrix, level_of_measurement=level) == pytest.approx(expected)
        long_alpha = krippendorff_alpha_long(to_long(matrix), level_of_measurement=level)
        assert long_alpha == pytest.approx(expected)


def test_value_domain_matches_package_and_rejects_outsiders() -> None:
    matrix = random_matrix(np.random.default_rng(3), (4, 50), np.arange(1, 5))
    domain = [0, 1, 2, 3, 4, 5]
    for level in LEVELS:
        ours = krippendorff_alpha(matrix, level_of_measurement=level, value_domain=domain)
        theirs = krippendorff.alpha(matrix, level_of_measurement=level, value_domain=domain)
        assert ours == pytest.approx(theirs)
    with pytest.raises(ValueError, match="outside value_domain"):
        krippendorff_alpha(matrix, value_domain=[1, 2])


def brute_force_alpha(rows: list[list[object]], distance) -> float:
    """Direct transcription of the pairable-value definition, for object values."""
    units = [[row[u] for row in rows if row[u] is not None] for u in range(len(rows[0]))]
    units = [values for values in units if len(values) >= 2]
    pooled = [v for values in units for v in values]
    observed = sum(
        sum(distance(a, b) for a, b in itertools.permutations(values, 2)) / (len(values) - 1)
        for values in units
    ) / len(pooled)
    expected = sum(distance(a, b) for a, b in itertools.permutations(pooled, 2)) / (
        len(pooled) * (len(pooled) - 1)
    )
    return 1 - observed / expected


def jaccard_distance(a: set[str], b: set[str]) -> float:
    return 1 - len(a & b) / len(a | b) if a | b else 0.0


def test_custom_distance_on_label_sets_matches_definition() -> None:
    rng = np.random.default_rng(5)
    tags = ["cat", "dog", "car", "tree"]
    rows = [
        [None if rng.random() < 0.25 else {t for t in tags if rng.random() < 0.4} for _ in range(25)]
        for _ in range(4)
    ]
    expected = brute_force_alpha(rows, jaccard_distance)
    assert krippendorff_alpha(rows, distance=jaccard_distance) == pytest.approx(expected)
    long = pd.DataFrame(
        [(u, a, v) for a, row in enumerate(rows) for u, v in enumerate(row) if v is not None],
        columns=["task", "worker", "label"],
    )
    assert krippendorff_alpha_long(long, distance=jaccard_distance) == pytest.approx(expected)


def test_custom_distance_reproduces_builtin_levels() -> None:
    matrix = random_matrix(np.random.default_rng(9), (5, 60), np.arange(1, 6))
    rows = [[None if math.isnan(v) else v for v in row] for row in matrix]
    nominal = krippendorff_alpha(rows, distance=lambda a, b: float(a != b))
    interval = krippendorff_alpha(rows, distance=lambda a, b: (a - b) ** 2)
    assert nominal == pytest.approx(krippendorff_alpha(matrix))
    assert interval == pytest.approx(krippendorff_alpha(matrix, level_of_measurement="interval"))


def test_long_table_drops_lonely_units_and_checks_input() -> None:
    frame = pd.DataFrame(
        {"task": [1, 1, 2, 2, 3], "worker": ["a", "b", "a", "b", "a"], "label": [0, 0, 1, 1, 0]}
    )
    assert krippendorff_alpha_long(frame) == pytest.approx(1.0)
    assert alpha_statistic_long(frame).n_units == 2
    with pytest.raises(ValueError, match="more than once"):
        krippendorff_alpha_long(pd.concat([frame, frame.iloc[[0]]]))
    with pytest.raises(ValueError, match="at least two annotators"):
        krippendorff_alpha_long(frame.iloc[[0, 2, 4]])
    with pytest.raises(ValueError, match="missing column"):
        krippendorff_alpha_long(frame.drop(columns="worker"))


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="level_of_measurement"):
        krippendorff_alpha(KRIPPENDORFF_2011, level_of_measurement="cardinal")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="2-D"):
        krippendorff_alpha([1, 2, 3])
    with pytest.raises(ValueError, match="not both"):
        krippendorff_alpha([[{1}], [{1}]], level_of_measurement="interval", distance=jaccard_distance)
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], level_of_measurement="interval")
    with pytest.raises(ValueError, match="non-negative"):
        krippendorff_alpha([[1, 2], [2, 1]], distance=lambda a, b: -1.0)


def test_integer_dtype_and_empty_units() -> None:
    matrix = random_matrix(np.random.default_rng(12), (3, 30), np.arange(0, 4))
    complete = np.nan_to_num(matrix, nan=2).astype(np.int64)
    expected = krippendorff.alpha(complete.astype(float), level_of_measurement="ordinal")
    assert krippendorff_alpha(complete, level_of_measurement="ordinal") == pytest.approx(expected)
    matrix[:, :5] = NAN  # units nobody coded
    assert krippendorff_alpha(matrix) == pytest.approx(
        krippendorff.alpha(matrix, level_of_measurement="nominal")
    )
    with pytest.raises(ValueError, match="at least two annotators"):
        krippendorff_alpha(np.full((3, 4), NAN))


def test_single_value_everywhere_is_undefined() -> None:
    assert math.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, NAN]]))


matrices = st.integers(2, 5).flatmap(
    lambda n_annotators: st.lists(
        st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=n_annotators, max_size=n_annotators),
        min_size=2,
        max_size=12,
    )
)


def as_matrix(units: list[list[int | None]]) -> np.ndarray:
    return np.array([[NAN if v is None else v for v in unit] for unit in units], dtype=float).T


@settings(max_examples=60, deadline=None)
@given(units=st.lists(st.integers(1, 4), min_size=2, max_size=15), n_annotators=st.integers(2, 5))
def test_perfect_agreement_gives_one(units: list[int], n_annotators: int) -> None:
    if len(set(units)) < 2:
        units = [*units, units[0] % 4 + 1]
    matrix = np.tile(np.asarray(units, dtype=float), (n_annotators, 1))
    for level in LEVELS:
        assert krippendorff_alpha(matrix, level_of_measurement=level) == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(units=matrices, seed=st.integers(0, 2**16))
def test_invariant_to_annotator_and_unit_order(units: list[list[int | None]], seed: int) -> None:
    matrix = as_matrix(units)
    if ((~np.isnan(matrix)).sum(axis=0) < 2).all():
        return
    rng = np.random.default_rng(seed)
    shuffled = matrix[rng.permutation(matrix.shape[0])][:, rng.permutation(matrix.shape[1])]
    for level in LEVELS:
        a = krippendorff_alpha(matrix, level_of_measurement=level)
        b = krippendorff_alpha(shuffled, level_of_measurement=level)
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)


@pytest.mark.parametrize("level", LEVELS)
def test_unit_weights_equal_duplicated_units(level: str) -> None:
    """Weighted evaluation (what bootstrap and breakdowns use) = repeating the units."""
    rng = np.random.default_rng(11)
    matrix = random_matrix(rng, (4, 30), np.arange(1, 6))
    statistic = alpha_statistic(matrix, level_of_measurement=level)
    multiplicity = rng.integers(0, 4, statistic.n_units)
    pairable = matrix[:, statistic.values.units]
    repeated = np.repeat(pairable, multiplicity, axis=1)
    weighted = statistic.evaluate(multiplicity[None, :].astype(float))[0]
    assert weighted == pytest.approx(krippendorff.alpha(repeated, level_of_measurement=level))


def test_bootstrap_interval_is_reproducible_and_brackets_estimate() -> None:
    rng = np.random.default_rng(2)
    truth = rng.integers(1, 6, 400)
    matrix = np.where(rng.random((3, 400)) < 0.8, truth, rng.integers(1, 6, (3, 400))).astype(float)
    statistic = alpha_statistic(matrix, level_of_measurement="interval")
    first = bootstrap_ci(statistic, n_resamples=300, seed=4)
    again = bootstrap_ci(statistic, n_resamples=300, seed=4)
    assert first == again
    assert first.low < first.estimate < first.high
    assert first.n_valid == 300
    assert first.high - first.low < 0.2
    narrower = bootstrap_ci(statistic, n_resamples=300, seed=4, confidence_level=0.5)
    assert first.low <= narrower.low <= narrower.high <= first.high


def test_bootstrap_drops_undefined_resamples_and_validates() -> None:
    matrix = np.array([[1, 1, 1, 2], [1, 1, 1, 2]], dtype=float)
    result = bootstrap_ci(alpha_statistic(matrix), n_resamples=200, seed=0)
    assert result.estimate == 1.0
    assert 0 < result.n_valid < 200  # resamples without unit 4 have one value only
    with pytest.raises(ValueError, match="n_resamples"):
        bootstrap_ci(alpha_statistic(matrix), n_resamples=0)
    with pytest.raises(ValueError, match="confidence_level"):
        bootstrap_ci(alpha_statistic(matrix), confidence_level=1.5)
