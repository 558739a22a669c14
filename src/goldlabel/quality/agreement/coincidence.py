"""Unit × value count matrices: the one representation every agreement statistic reads.

Krippendorff's coincidence matrix, Fleiss' table and the per-item breakdowns are all
functions of how many annotators gave value ``v`` to unit ``u``. We count that straight from
(unit, value-code) pairs into a units × values matrix — dense when there are few values,
CSR otherwise — so a long table of millions of answers is never expanded into an
annotators × units grid.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias, overload

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse

from goldlabel.quality.table import LongTable, answer_columns, encode

Counts: TypeAlias = NDArray[np.float64] | sparse.csr_array  # scipy is untyped: the CSR side is Any
UnitWeights: TypeAlias = NDArray[np.float64] | sparse.sparray  # rows of weights over units


@dataclass(frozen=True, slots=True)
class UnitValueCounts:
    """``counts[r, v]`` = annotators who gave ``domain[v]`` to unit ``units[r]``.

    Only units with at least two values (pairable units) are kept: a lone value has no
    partner to agree or disagree with, so it never enters any agreement statistic.
    ``counts`` is a dense array when there are few distinct values (cheaper to build and to
    multiply), else CSR; statistics use only operations both support.
    """

    counts: Counts
    units: np.ndarray
    domain: np.ndarray
    totals: np.ndarray

    @property
    def n_units(self) -> int:
        return int(self.counts.shape[0])

    def csr(self) -> sparse.csr_array:
        return self.counts if sparse.issparse(self.counts) else sparse.csr_array(self.counts)


def row_dot(a: Any, b: Any) -> np.ndarray:
    """Row-wise dot product of two same-shape matrices, either of them dense or sparse."""
    if sparse.issparse(a):
        return np.asarray(a.multiply(b).sum(axis=1)).ravel()
    if sparse.issparse(b):
        return row_dot(b, a)
    dots: np.ndarray = np.einsum("ij,ij->i", a, b)
    return dots


def matvec(counts: Counts, x: np.ndarray) -> np.ndarray:
    """``counts @ x``; einsum for dense counts, as BLAS gemv on a tall (units × few values)
    matrix measured ~15× slower here (threading overhead on thin shapes)."""
    out: np.ndarray = counts @ x if sparse.issparse(counts) else np.einsum("ij,j->i", counts, x)
    return out


@overload
def count_matrix(
    units: np.ndarray,
    codes: np.ndarray,
    n_units: int,
    n_values: int,
    *,
    min_total: int = 1,
    dense_ok: Literal[False] = False,
) -> tuple[sparse.csr_array, np.ndarray]: ...
@overload
def count_matrix(
    units: np.ndarray, codes: np.ndarray, n_units: int, n_values: int, *, min_total: int = 1, dense_ok: bool
) -> tuple[Counts, np.ndarray]: ...
def count_matrix(
    units: np.ndarray,
    codes: np.ndarray,
    n_units: int,
    n_values: int,
    *,
    min_total: int = 1,
    dense_ok: bool = False,
) -> tuple[Counts, np.ndarray]:
    """Unit × value counts of the units with ≥ ``min_total`` values, and their ids.

    Counting goes through flat keys ``unit·V + code``: a dense bincount when the grid is not
    much larger than the data (a few labels — the common case, several times faster than
    scipy's COO→CSR conversion), returned as is when ``dense_ok``; else a sort, which yields
    canonical CSR directly.
    """
    keys = units.astype(np.int64) * n_values + codes
    if _grid_is_small(n_units * n_values, len(keys)):
        grid = np.bincount(keys, minlength=n_units * n_values).reshape(n_units, n_values)
        return _from_grid(grid, min_total, dense_ok=dense_ok)
    uniq, data = np.unique(keys, return_counts=True)
    unit_of, indices = np.divmod(uniq, n_values)
    totals = np.bincount(unit_of, weights=data, minlength=n_units)
    kept_mask = totals >= min_total
    keep_entry = kept_mask[unit_of]
    new_row = np.cumsum(kept_mask) - 1
    shape = (int(kept_mask.sum()), n_values)
    entries = new_row[unit_of[keep_entry]], indices[keep_entry], data[keep_entry]
    return _csr(*entries, shape), np.flatnonzero(kept_mask)


_GRID_SLACK = 1 << 20  # cells a dense count grid may always use


def _grid_is_small(cells: int, n_answers: int) -> bool:
    """Dense counting pays off while the grid is at most ~4 cells per answer."""
    return cells <= 4 * n_answers + _GRID_SLACK


def _from_grid(grid: np.ndarray, min_total: int, *, dense_ok: bool) -> tuple[Counts, np.ndarray]:
    kept = np.flatnonzero(grid.sum(axis=1) >= min_total)
    if len(kept) < grid.shape[0]:
        grid = grid[kept]
    if dense_ok:  # C order: matrix products on a strided grid miss the BLAS fast path
        return np.ascontiguousarray(grid, dtype=np.float64), kept
    entry_row, indices = np.nonzero(grid)
    return _csr(entry_row, indices, grid[entry_row, indices], grid.shape), kept


def _csr(
    entry_row: np.ndarray, indices: np.ndarray, data: np.ndarray, shape: tuple[int, int]
) -> sparse.csr_array:
    """CSR from entries already sorted by row (no conversion pass)."""
    indptr = np.concatenate(([0], np.cumsum(np.bincount(entry_row, minlength=shape[0]))))
    return sparse.csr_array((data.astype(np.float64), indices, indptr), shape=shape)


def _pairable(
    counts: Counts, kept: np.ndarray, domain: np.ndarray, totals: np.ndarray | None = None
) -> UnitValueCounts:
    if len(kept) == 0:
        raise ValueError("no unit has values from at least two annotators; nothing to compare")
    if totals is None:
        totals = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
    return UnitValueCounts(counts=counts, units=kept, domain=domain, totals=totals)


def pairable_counts(
    units: np.ndarray, codes: np.ndarray, n_units: int, domain: np.ndarray
) -> UnitValueCounts:
    """Counts of the units with ≥ 2 values, from aligned (unit, code) arrays."""
    counts = count_matrix(units, codes, n_units, len(domain), min_total=2, dense_ok=True)
    return _pairable(*counts, domain)


def matrix_value_counts(reliability_data: Any, value_domain: Any | None) -> UnitValueCounts:
    """Pairable unit × value counts of an annotators × units matrix (see :func:`matrix_codes`)."""
    data = np.asarray(reliability_data)
    if data.ndim != 2:
        raise ValueError(f"reliability_data must be 2-D (annotators × units), got {data.ndim}-D")
    if data.dtype.kind in "iuf" and value_domain is None and data.size:
        ratings = _small_integer_counts(data)
        if ratings is not None:
            return ratings
    return pairable_counts_from_matrix(*matrix_codes(data, value_domain))


def pairable_counts_from_matrix(codes: np.ndarray, domain: np.ndarray) -> UnitValueCounts:
    """Counts of the units with ≥ 2 values from an annotators × units code matrix.

    ``codes == len(domain)`` marks a missing cell. With few distinct values the missing
    code is just one more grid column, so the whole matrix is counted by one bincount
    without selecting the present cells first.
    """
    n_units = codes.shape[1]
    width = len(domain) + 1
    if not _grid_is_small(n_units * width, codes.size):
        present = codes < len(domain)
        units = np.broadcast_to(np.arange(n_units), codes.shape)[present]
        return pairable_counts(units, codes[present], n_units, domain)
    keys = codes + width * np.arange(n_units)
    grid = np.bincount(keys.ravel(), minlength=n_units * width).reshape(n_units, width)
    return _pairable(*_from_grid(grid[:, :-1], 2, dense_ok=True), domain)


def within_row_pairs(indptr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All ordered (i, j) entry pairs that share a CSR row, including i == j.

    Returns (row, i, j); memory is Σ k_r² for rows of k_r entries, so this is used only
    where a pairwise distance is unavoidable (ratio, custom distances, annotator pairs).
    """
    sizes = np.diff(indptr)
    entry_row = np.repeat(np.arange(len(sizes)), sizes)
    reps = sizes[entry_row]
    i = np.repeat(np.arange(len(entry_row)), reps)
    first = np.cumsum(reps) - reps
    j = np.repeat(indptr[:-1][entry_row], reps) + (np.arange(len(i)) - np.repeat(first, reps))
    return entry_row[i], i, j


def freeze(value: Any) -> Hashable:
    """Hashable stand-in for a label value, so equal lists/sets/boxes share one code."""
    if isinstance(value, np.ndarray):
        return ("ndarray", value.shape, tuple(freeze(v) for v in value.ravel().tolist()))
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(freeze(v) for v in value)
    if isinstance(value, dict):
        return frozenset((k, freeze(v)) for k, v in value.items())
    plain: Hashable = value
    return plain


def is_missing(value: Any) -> bool:
    """None or a float NaN; containers are never missing (an empty set is an answer)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def factorize_objects(values: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Codes and representative objects for arbitrary (possibly unhashable) values."""
    index: dict[Hashable, int] = {}
    representatives: list[Any] = []
    codes = np.empty(len(values), dtype=np.int64)
    for position, value in enumerate(values):
        key = freeze(value)
        code = index.get(key)
        if code is None:
            code = index[key] = len(representatives)
            representatives.append(value)
        codes[position] = code
    domain = np.empty(len(representatives), dtype=object)
    domain[:] = representatives
    return codes, domain


def matrix_codes(reliability_data: Any, value_domain: Any | None) -> tuple[np.ndarray, np.ndarray]:
    """Value codes of an annotators × units matrix and the value domain.

    Missing cells get the code ``len(domain)``; they are NaN (numbers), ``"nan"`` (strings,
    as numpy coerces ``np.nan`` in a string array, which the ``krippendorff`` package also
    accepts) or None/NaN (objects).
    """
    data = np.asarray(reliability_data)
    kind = data.dtype.kind
    if kind in "iuf" and value_domain is None and data.size:
        codes, uniques = pd.factorize(data.ravel(), sort=True)  # NaN → -1
        codes[codes < 0] = len(uniques)
        return codes.reshape(data.shape).astype(np.int64, copy=False), np.asarray(uniques)
    if kind in "biuf":
        present = ~np.isnan(data) if kind == "f" else np.ones(data.shape, dtype=bool)
    elif kind in "US":
        present = data != data.dtype.type("nan")
    elif kind == "O":
        present = ~pd.isna(data)
    else:
        raise ValueError(f"unsupported dtype {data.dtype} for reliability_data")
    present_codes, domain = code_values(data[present], value_domain)
    codes = np.full(data.shape, len(domain), dtype=np.int64)
    codes[present] = present_codes
    return codes, domain


def code_values(values: np.ndarray, value_domain: Any | None) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes into the sorted observed values, or into the given ordered domain."""
    if value_domain is None:
        try:
            codes, uniques = pd.factorize(values, sort=True)
        except TypeError as exc:
            raise ValueError("values are not sortable/hashable; pass value_domain or a distance") from exc
        return codes.astype(np.int64, copy=False), np.asarray(uniques)
    domain = np.asarray(value_domain)
    index = pd.Index(domain)
    if not index.is_unique:
        raise ValueError("value_domain has repeated values")
    codes = index.get_indexer(values)
    if (codes < 0).any():
        bad = pd.unique(values[codes < 0])[:5]
        raise ValueError(f"reliability data has values outside value_domain, e.g. {list(bad)}")
    return codes.astype(np.int64, copy=False), domain


_MAX_OFFSET_SPAN = 1 << 8
_EXACT_INTEGERS = float(1 << 52)  # below this every key computed in float64 is exact
_BLOCK_CELLS = 1 << 15


def _small_integer_counts(data: np.ndarray) -> UnitValueCounts | None:
    """Pairable counts of integer ratings spanning ≤ 256 values, else None.

    The hot path for rating matrices: the bin of a cell is ``value − min + width·unit``
    (missing cells go to an extra column via ``fmin``), counted by one bincount — no
    hashing, sorting or cell selection. Hand-written for speed, as measured at 20 × 10,000:

    * blocks of ~32k cells through three reused buffers: matrix-sized temporaries cost
      more in page faults than the arithmetic (5.8 → 1.3 ms for this function);
    * integrality is checked as ``trunc(x) == x`` in float, ~2× faster than comparing
      the int64 keys against the floats (a mixed-type compare);
    * counts come out in Fortran order, which makes the column sums and per-unit dot
      products alpha takes 4-10× faster than on a C-order tall matrix (numpy reduces
      across its short rows one row at a time).

    Values nobody used are dropped from the domain.
    """
    low = np.fmin.reduce(data, axis=None).item()  # NaN-skipping; NaN only if all cells are
    high = np.fmax.reduce(data, axis=None).item()
    if not (high - low < _MAX_OFFSET_SPAN and max(-low, high) < _EXACT_INTEGERS):
        return None  # also None for NaN or infinite bounds
    low, high = math.floor(low), math.floor(high)
    span = high - low + 1
    n_annotators, n_units = data.shape
    width = span + 1
    if not _grid_is_small(n_units * width, data.size):
        return None
    by_value = np.empty((span, n_units))  # the counts, transposed
    totals = np.empty(n_units)
    step = max(1, _BLOCK_CELLS // n_annotators)
    unit_shift = width * np.arange(float(min(step, n_units))) - low
    floats = np.empty((2, n_annotators * len(unit_shift)))
    ints = np.empty(floats.shape[1], dtype=np.int64)
    for start in range(0, n_units, step):
        block = data[:, start : start + step]
        size = block.shape[1]
        cells = floats[0, : block.size].reshape(block.shape)  # contiguous: ravel is free
        whole = floats[1, : block.size].reshape(block.shape)
        keys = ints[: block.size].reshape(block.shape)
        np.fmin(block, high + 1, out=cells, dtype=np.float64)  # NaN (missing) → extra column
        if not np.array_equal(np.trunc(cells, out=whole), cells):
            return None  # not integers
        cells += unit_shift[:size]
        np.copyto(keys, cells, casting="unsafe")
        grid = np.bincount(keys.ravel(), minlength=size * width).reshape(size, width)
        by_value[:, start : start + size] = grid[:, :span].T
        totals[start : start + size] = n_annotators - grid[:, span]
    used = np.flatnonzero(by_value.sum(axis=1))
    kept = np.flatnonzero(totals >= 2)
    if len(used) < span:
        by_value = by_value[used]
    if len(kept) < n_units:
        by_value, totals = by_value[:, kept], totals[kept]
    domain = (low + used).astype(data.dtype)
    return _pairable(by_value.T, kept, domain, totals)


def object_codes(reliability_data: Any) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Like :func:`matrix_codes` for object values (sets, span lists…) with None missing."""
    rows = [list(row) for row in reliability_data]
    if not rows:
        raise ValueError("reliability_data has no annotators")
    n_units = len(rows[0])
    if any(len(row) != n_units for row in rows):
        raise ValueError("every annotator row must have one entry per unit (None if missing)")
    units: list[int] = []
    values: list[Any] = []
    for row in rows:
        for unit, value in enumerate(row):
            if not is_missing(value):
                units.append(unit)
                values.append(value)
    codes, domain = factorize_objects(values)
    return np.asarray(units, dtype=np.int64), codes, n_units, domain


def encode_one_answer_each(data: Any, *, object_labels: bool = False) -> tuple[LongTable, np.ndarray]:
    """Encode a long table (which refuses a worker answering a task twice, see
    :func:`~goldlabel.quality.table.encode`) and return (table, domain).

    ``domain[table.labels]`` is each row's label. With ``object_labels`` the labels may be
    unhashable (span lists, sets) and ``domain`` holds one original object per distinct value.
    """
    if not object_labels:
        table = encode(data)
        return table, table.label_names.to_numpy()
    columns = answer_columns(data)
    labels = list(columns["label"])
    if any(is_missing(v) for v in labels):
        raise ValueError("column 'label' has missing values; drop those rows first")
    codes, domain = factorize_objects(labels)
    table = encode({"task": columns["task"], "worker": columns["worker"], "label": codes})
    return table, domain[table.label_names.to_numpy(dtype=np.int64)]
