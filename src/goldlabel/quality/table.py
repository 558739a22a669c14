"""The long answer table (task, worker, label) shared by agreement and aggregation.

crowd-kit users pass a pandas DataFrame with columns ``task``, ``worker`` and ``label``;
we accept that, a dict of equal-length columns, or a list of records (``[{"task": 1,
"worker": "a", "label": "x"}, ...]``), validate the contract up front, and factorise once
into dense integer codes so every estimator and agreement statistic works on int arrays.

One rule for every consumer: a worker answers a task at most once. A repeated (task,
worker) row is refused, never counted twice (aggregators) or silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

REQUIRED_COLUMNS = ("task", "worker", "label")

Codes = NDArray[np.int64]
Floats = NDArray[np.float64]


class DuplicateAnswerError(ValueError):
    """A worker answered the same task more than once; ``task`` and ``worker`` name one case."""

    def __init__(self, task: Any, worker: Any, count: int) -> None:
        super().__init__(
            f"worker {worker!r} answered task {task!r} more than once ({count} repeated (task, worker) "
            "row(s) in all); keep one answer per worker and task, e.g. "
            "data.drop_duplicates(['task', 'worker'], keep='last')"
        )
        self.task = task
        self.worker = worker
        self.count = count


@dataclass(frozen=True, slots=True)
class LongTable:
    """Answers as integer codes; ``*_names[code]`` gives back the original value.

    ``labels`` codes index ``label_names``, which is sorted so class order is stable.
    """

    tasks: Codes
    workers: Codes
    labels: Codes
    task_names: pd.Index
    worker_names: pd.Index
    label_names: pd.Index

    @property
    def n_tasks(self) -> int:
        return len(self.task_names)

    @property
    def n_workers(self) -> int:
        return len(self.worker_names)

    @property
    def n_labels(self) -> int:
        return len(self.label_names)

    def __len__(self) -> int:
        return len(self.tasks)


def _is_records(data: Any) -> bool:
    return isinstance(data, list | tuple) and all(isinstance(row, Mapping) for row in data)


def answer_columns(data: Any, columns: Sequence[str] = REQUIRED_COLUMNS) -> dict[str, Any]:
    """The named columns as Series/arrays, without converting them: pandas factorises a
    Series in its own storage (an Arrow string column stays Arrow — converting it to a
    numpy object array first cost 3x the whole majority vote on 500k answers)."""
    if _is_records(data):
        if not data:  # no rows: nothing can name the columns, and nothing is missing
            return {c: np.zeros(0, dtype=object) for c in columns}
        data = pd.DataFrame.from_records(data)
    if isinstance(data, pd.DataFrame):
        missing = [c for c in columns if c not in data.columns]
        if missing:
            raise ValueError(f"data is missing column(s) {missing}; expected {list(columns)}")
        return {c: data[c] for c in columns}
    if isinstance(data, Mapping):
        missing = [c for c in columns if c not in data]
        if missing:
            raise ValueError(f"data is missing key(s) {missing}; expected {list(columns)}")
        cols = {c: _as_column(data[c]) for c in columns}
        lengths = {c: len(v) for c, v in cols.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns must have equal length, got {lengths}")
        return cols
    raise TypeError(
        "data must be a pandas DataFrame, a dict of equal-length columns or a list of "
        "records (dicts with task, worker and label)"
    )


def _as_column(values: Any) -> Any:
    """A Series or array as is; a list through pandas, which infers one dtype per column
    (``np.asarray([1, "a"])`` would turn the 1 into the string "1")."""
    if isinstance(values, pd.Series | pd.Index | np.ndarray):
        return values
    return pd.Series(list(values))


def _has_missing(column: Any) -> bool:
    if isinstance(column, pd.Series | pd.Index):
        return bool(column.hasnans)
    return bool(len(column)) and bool(pd.isna(column).any())


def encode(data: Any, *, columns: Sequence[str] = REQUIRED_COLUMNS) -> LongTable:
    """Validate and factorise a long table.

    Raises ValueError naming the bad column (missing column, missing values, labels of
    mixed types that cannot be ordered) and :class:`DuplicateAnswerError` when a worker
    answered a task twice. No rows is valid and gives an empty table.
    """
    cols = answer_columns(data, columns)
    task_col, worker_col, label_col = (cols[c] for c in columns)
    for name, col in zip(columns, (task_col, worker_col, label_col), strict=True):
        if _has_missing(col):
            raise ValueError(f"column {name!r} has missing values; drop those rows first")
    tasks, task_names = pd.factorize(task_col, sort=False)
    workers, worker_names = pd.factorize(worker_col, sort=False)
    try:
        labels, label_names = pd.factorize(label_col, sort=True)
    except TypeError as exc:
        raise ValueError(
            f"column {columns[2]!r} mixes values that cannot be ordered (e.g. numbers and "
            "strings); give every label one type"
        ) from exc
    table = LongTable(
        tasks=np.asarray(tasks, dtype=np.int64),
        workers=np.asarray(workers, dtype=np.int64),
        labels=np.asarray(labels, dtype=np.int64),
        task_names=pd.Index(task_names),
        worker_names=pd.Index(worker_names),
        label_names=pd.Index(label_names),
    )
    check_one_answer_each(table)
    return table


def check_one_answer_each(table: LongTable) -> None:
    """Raise :class:`DuplicateAnswerError` if a (task, worker) pair occurs twice.

    Sorting the pair keys is ~5x faster than pandas' hash-based ``duplicated`` here, and
    near-free on tables already grouped by task (the usual export order).
    """
    stride = max(table.n_workers, 1)
    keys = np.sort(table.tasks * stride + table.workers)
    repeated = np.flatnonzero(keys[1:] == keys[:-1])
    if len(repeated):
        task, worker = divmod(int(keys[repeated[0]]), stride)
        raise DuplicateAnswerError(
            plain_value(table.task_names[task]), plain_value(table.worker_names[worker]), len(repeated)
        )


def plain_value(value: Any) -> Any:
    """A numpy scalar as the Python value (``7``, not ``np.int64(7)``, in messages)."""
    return value.item() if isinstance(value, np.generic) else value
