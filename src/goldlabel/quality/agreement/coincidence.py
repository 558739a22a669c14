"""Unit × value count matrices: the one representation every agreement statistic reads.

Krippendorff's coincidence matrix, Fleiss' table and the per-item breakdowns are all
functions of how many annotators gave value ``v`` to unit ``u``. We build that as a sparse
CSR matrix straight from (unit, value-code) pairs, so a long table of millions of answers is
never expanded into a dense annotators × units grid.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from goldlabel.quality.table import LongTable, encode


@dataclass(frozen=True, slots=True)
class UnitValueCounts:
    """``counts[r, v]`` = annotators who gave ``domain[v]`` to unit ``units[r]``.

    Only units with at least two values (pairable units) are kept: a lone value has no
    partner to agree or disagree with, so it never enters any agreement statistic.
    ``rows`` (row of each stored entry) and ``totals`` (values per unit) are cached because
    every statistic groups by them.
    """

    counts: sparse.csr_array
    units: np.ndarray
    domain: np.ndarray
    rows: np.ndarray
    totals: np.ndarray

    @property
    def n_units(self) -> int:
        return self.counts.shape[0]

    def row_sums(self, per_entry: np.ndarray) -> np.ndarray:
        """Sum a per-entry quantity within each unit (vectorised group-by on CSR rows)."""
        return np.bincount(self.rows, weights=per_entry, minlength=self.n_units)


def count_matrix(
    units: np.ndarray, codes: np.ndarray, n_units: int, n_values: int, *, min_total: int = 1
) -> tuple[sparse.csr_array, np.ndarray]:
    """Sparse unit × value counts of the units with ≥ ``min_total`` values, and their ids.

    Counting goes through flat keys ``unit·V + code``: a dense bincount when the grid is not
    much larger than the data (a few labels — the common case, ~3× faster than scipy's
    COO→CSR conversion), else a sort, which yields canonical CSR directly.
    """
    keys = units.astype(np.int64) * n_values + codes
    if n_units * n_values <= 4 * len(keys) + (1 << 20):
        grid = np.bincount(keys, minlength=n_units * n_values).reshape(n_units, n_values)
        return _grid_to_csr(grid, min_total)
    uniq, data = np.unique(keys, return_counts=True)
    unit_of, indices = np.divmod(uniq, n_values)
    totals = np.bincount(unit_of, weights=data, minlength=n_units)
    kept_mask = totals >= min_total
    keep_entry = kept_mask[unit_of]
    new_row = np.cumsum(kept_mask) - 1
    return _csr(new_row[unit_of[keep_entry]], indices[keep_entry], data[keep_entry],
                (int(kept_mask.sum()), n_values)), np.flatnonzero(kept_mask)


def _grid_to_csr(grid: np.ndarray, min_total: int) -> tuple[sparse.csr_array, np.ndarray]:
    kept = np.flatnonzero(grid.sum(axis=1) >= min_total)
    if len(kept) < grid.shape[0]:
        grid = grid[kept]
    entry_row, indices = np.nonzero(grid)
    return _csr(entry_row, indices, grid[entry_row, indices], grid.shape), kept


def _csr(
    entry_row: np.ndarray, indices: np.ndarray, data: np.ndarray, shape: tuple[int, int]
) -> sparse.csr_array:
    """CSR from entries already sorted by row (no conversion pass)."""
    indptr = np.concatenate(([0], np.cumsum(np.bincount(entry_row, minlength=shape[0]))))
    return sparse.csr_array((data.astype(np.float64), indices, indptr), shape=shape)


def _pairable(counts: sparse.csr_array, kept: np.ndarray, domain: np.ndarray) -> UnitValueCounts:
    if len(kept) == 0:
        raise ValueError("no unit has values from at least two annotators; nothing to compare")
    rows = np.repeat(np.arange(len(kept)), np.diff(counts.indptr))
    totals = np.bincount(rows, weights=counts.data, minlength=len(kept))
    return UnitValueCounts(counts=counts, units=kept, domain=domain, rows=rows, totals=totals)


def pairable_counts(
    units: np.ndarray, codes: np.ndarray, n_units: int, domain: np.ndarray
) -> UnitValueCounts:
    """Counts of the units with ≥ 2 values, from aligned (unit, code) arrays."""
    return _pairable(*count_matrix(units, codes, n_units, len(domain), min_total=2), domain)


def pairable_counts_from_matrix(codes: np.ndarray, domain: np.ndarray) -> UnitValueCounts:
    """Counts of the units with ≥ 2 values from an annotators × units code matrix.

    ``codes == len(domain)`` marks a missing cell. With few distinct values the missing
    code is just one more grid column, so the whole matrix is counted by one bincount
    without selecting the present cells first; values nobody used are then dropped.
    """
    n_annotators, n_units = codes.shape
    width = len(domain) + 1
    if n_units * width > 4 * codes.size + (1 << 20):
        present = codes < len(domain)
        units = np.broadcast_to(np.arange(n_units), codes.shape)[present]
        return pairable_counts(units, codes[present], n_units, domain)
    keys = codes + width * np.arange(n_units)
    grid = np.bincount(keys.ravel(), minlength=n_units * width).reshape(n_units, width)
    used = np.flatnonzero(grid[:, :-1].any(axis=0))
    return _pairable(*_grid_to_csr(grid[:, used], 2), domain[used])


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
    return value


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
    accepts) or None/NaN (objects). Small-range integer ratings are coded by offset — no
    hashing or sorting — and the domain may then hold values nobody used.
    """
    data = np.asarray(reliability_data)
    if data.ndim != 2:
        raise ValueError(f"reliability_data must be 2-D (annotators × units), got {data.ndim}-D")
    kind = data.dtype.kind
    if kind in "iuf" and value_domain is None and data.size:
        small = _small_integer_codes(data)
        if small is not None:
            return small
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
            raise ValueError(
                "values are not sortable/hashable; pass value_domain or a distance"
            ) from exc
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


_MAX_OFFSET_SPAN = 1 << 12


def _small_integer_codes(data: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(value − min, min..max) for integer-valued data spanning few values, else None."""
    missing = np.isnan(data) if data.dtype.kind == "f" else None
    if missing is not None and missing.all():
        return None
    low, high = np.nanmin(data), np.nanmax(data)
    if not high - low < _MAX_OFFSET_SPAN:
        return None
    span = int(high - low) + 1
    shifted = data - low if missing is None else np.where(missing, span, data - low)
    codes = shifted.astype(np.int64)
    if not np.array_equal(codes, shifted):
        return None
    return codes, (low + np.arange(span)).astype(data.dtype)


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
    """Encode a long table, check no worker answered a task twice, return (table, domain).

    ``domain[table.labels]`` is each row's label. With ``object_labels`` the labels may be
    unhashable (span lists, sets) and ``domain`` holds one original object per distinct value.
    """
    domain: np.ndarray | None = None
    if object_labels:
        frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(dict(data))
        missing = [c for c in ("task", "worker", "label") if c not in frame.columns]
        if missing:
            raise ValueError(f"data is missing column(s) {missing}")
        labels = frame["label"].tolist()
        if any(is_missing(v) for v in labels):
            raise ValueError("column 'label' has missing values; drop those rows first")
        codes, domain = factorize_objects(labels)
        data = {"task": frame["task"].to_numpy(), "worker": frame["worker"].to_numpy(), "label": codes}
    table = encode(data)
    key = table.tasks * max(table.n_workers, 1) + table.workers
    duplicated = pd.Series(key).duplicated().to_numpy()
    if duplicated.any():
        row = int(np.flatnonzero(duplicated)[0])
        raise ValueError(
            f"worker {table.worker_names[table.workers[row]]!r} answered task "
            f"{table.task_names[table.tasks[row]]!r} more than once; keep one answer each"
        )
    if domain is None:
        domain = table.label_names.to_numpy()
    else:
        domain = domain[table.label_names.to_numpy(dtype=np.int64)]
    return table, domain


DistanceFn = Callable[[Any, Any], float]
