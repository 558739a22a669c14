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
        totals = grid.sum(axis=1)
        kept = np.flatnonzero(totals >= min_total)
        grid = grid[kept] if len(kept) < n_units else grid
        entry_row, indices = np.nonzero(grid)
        data = grid[entry_row, indices]
    else:
        uniq, data = np.unique(keys, return_counts=True)
        unit_of, indices = np.divmod(uniq, n_values)
        totals = np.bincount(unit_of, weights=data, minlength=n_units)
        kept = np.flatnonzero(totals >= min_total)
        keep_entry = totals[unit_of] >= min_total
        new_row = np.cumsum(totals >= min_total) - 1
        entry_row, indices, data = new_row[unit_of[keep_entry]], indices[keep_entry], data[keep_entry]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(entry_row, minlength=len(kept)))))
    counts = sparse.csr_array(
        (data.astype(np.float64), indices, indptr), shape=(len(kept), n_values)
    )
    return counts, kept


def pairable_counts(
    units: np.ndarray, codes: np.ndarray, n_units: int, domain: np.ndarray
) -> UnitValueCounts:
    """Count matrix restricted to units with ≥ 2 values; raises if none is left."""
    counts, kept = count_matrix(units, codes, n_units, len(domain), min_total=2)
    if len(kept) == 0:
        raise ValueError("no unit has values from at least two annotators; nothing to compare")
    rows = np.repeat(np.arange(len(kept)), np.diff(counts.indptr))
    totals = np.bincount(rows, weights=counts.data, minlength=len(kept))
    return UnitValueCounts(counts=counts, units=kept, domain=domain, rows=rows, totals=totals)


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


def matrix_codes(
    reliability_data: Any, value_domain: Any | None
) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """(unit, value code) of each present cell of an annotators × units matrix, + domain.

    Missing cells are NaN (numbers), ``"nan"`` (strings, as numpy coerces ``np.nan`` in a
    string array, which the ``krippendorff`` package also accepts) or None (objects).
    """
    data = np.asarray(reliability_data)
    if data.ndim != 2:
        raise ValueError(f"reliability_data must be 2-D (annotators × units), got {data.ndim}-D")
    kind = data.dtype.kind
    if kind in "biuf":
        present = ~np.isnan(data) if kind == "f" else np.ones(data.shape, dtype=bool)
    elif kind in "US":
        present = data != data.dtype.type("nan")
    elif kind == "O":
        present = ~pd.isna(data)
    else:
        raise ValueError(f"unsupported dtype {data.dtype} for reliability_data")
    units = np.broadcast_to(np.arange(data.shape[1]), data.shape)[present]
    values = data[present]
    codes, domain = code_values(values, value_domain)
    return units, codes, data.shape[1], domain


def code_values(values: np.ndarray, value_domain: Any | None) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes into the sorted observed values, or into the given ordered domain."""
    if value_domain is None:
        if values.dtype.kind in "iuf" and len(values):
            small = _small_integer_codes(values)
            if small is not None:
                return small
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


def _small_integer_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes by offset for integer-valued data of small range (ratings): no hashing/sorting."""
    low, high = values.min(), values.max()
    if high - low > 4 * len(values) + 1024 or not np.array_equal(values, np.round(values)):
        return None
    offsets = (values - low).astype(np.int64)
    seen = np.bincount(offsets) > 0
    lookup = np.cumsum(seen) - 1
    domain = (np.flatnonzero(seen) + low).astype(values.dtype)
    return lookup[offsets], domain


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
