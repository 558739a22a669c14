"""Unit × value counting: the small-integer fast path equals the general coding path."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from goldlabel.quality.agreement import coincidence, krippendorff_alpha

NAN = np.nan
LEVELS = ("nominal", "ordinal", "interval", "ratio")


def ratings(values: list[float], *, dtype: type = np.float64, missing: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(len(values))
    matrix = rng.choice(np.asarray(values), size=(6, 500)).astype(dtype)
    if missing:
        matrix[rng.random(matrix.shape) < missing] = NAN
        matrix[:, :7] = NAN  # units nobody coded, and units with one value only
        matrix[1:, 7:20] = NAN
    return matrix


def extreme_integers() -> np.ndarray:
    matrix = ratings([0, 1], dtype=np.int64, missing=0)
    matrix[0, 0], matrix[1, 1] = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    return matrix


FAST = {
    "ratings": ratings([1, 2, 3, 4, 5]),
    "negative": ratings([-3, -1, 0, 2]),
    "gaps": ratings([0, 7, 255]),
    "float32": ratings([1, 2, 3], dtype=np.float32),
    "int64": ratings([1, 2, 3, 4], dtype=np.int64, missing=0),
    "uint8": ratings([3, 4, 9], dtype=np.uint8, missing=0),
}
GENERAL = {
    "halves": ratings([0.5, 1.5, 2.5]),
    "tiny fraction": ratings([1, 2, 3, 1e-20]),
    "near integer": ratings([1, 2, 2.0000000001]),
    "span 257": ratings([0, 256]),
    "infinite": ratings([1, 2, np.inf]),
    "beyond 2**52": ratings([2**60, 2**60 + 3], dtype=np.int64, missing=0),
    "int64 extremes": extreme_integers(),
}


def general_counts(matrix: np.ndarray) -> coincidence.UnitValueCounts:
    return coincidence.pairable_counts_from_matrix(*coincidence.matrix_codes(matrix, None))


@pytest.mark.parametrize("block_cells", [1 << 17, 64], ids=["one block", "many blocks"])
@pytest.mark.parametrize("name", list(FAST))
def test_small_integer_counts_equal_general_counts(
    name: str, block_cells: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coincidence, "_BLOCK_CELLS", block_cells)
    matrix = FAST[name]
    fast, general = coincidence._small_integer_counts(matrix), general_counts(matrix)
    assert fast is not None
    np.testing.assert_array_equal(fast.counts, general.counts)
    np.testing.assert_array_equal(fast.units, general.units)
    np.testing.assert_array_equal(fast.totals, general.totals)
    np.testing.assert_array_equal(fast.domain, general.domain)
    assert fast.domain.dtype == general.domain.dtype


@pytest.mark.parametrize("name", list(GENERAL))
def test_non_small_integer_data_takes_the_general_path(name: str) -> None:
    assert coincidence._small_integer_counts(GENERAL[name]) is None


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", ["ratings", "scores"])
def test_alpha_matches_package_to_1e12(level: str, kind: str) -> None:
    """The benchmark's data shape: 20 annotators, 30 % missing."""
    rng = np.random.default_rng(7)
    shape = (20, 3000)
    if kind == "ratings":
        truth = rng.integers(1, 6, shape[1])
        matrix = np.where(rng.random(shape) < 0.7, truth, rng.integers(1, 6, shape)).astype(float)
    else:
        matrix = np.clip(np.round(rng.uniform(0, 10, shape[1]) + rng.normal(0, 1, shape), 1), 0, 10)
    matrix[rng.random(shape) < 0.3] = NAN
    expected = krippendorff.alpha(matrix, level_of_measurement=level)
    assert krippendorff_alpha(matrix, level_of_measurement=level) == pytest.approx(expected, rel=0, abs=1e-12)
