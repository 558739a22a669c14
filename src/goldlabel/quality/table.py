"""The long answer table (task, worker, label) shared by agreement and aggregation.

crowd-kit users pass a pandas DataFrame with columns ``task``, ``worker`` and ``label``;
we accept that or a plain dict of equal-length columns, validate the column contract up
front, and factorise once into dense integer codes so every estimator works on int arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

REQUIRED_COLUMNS = ("task", "worker", "label")


@dataclass(frozen=True, slots=True)
class LongTable:
    """Answers as integer codes; ``*_names[code]`` gives back the original value.

    ``labels`` codes index ``label_names``, which is sorted so class order is stable.
    """

    tasks: np.ndarray
    workers: np.ndarray
    labels: np.ndarray
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


def _columns(data: Any, columns: Sequence[str]) -> dict[str, Any]:
    if isinstance(data, pd.DataFrame):
        missing = [c for c in columns if c not in data.columns]
        if missing:
            raise ValueError(f"data is missing column(s) {missing}; expected {list(columns)}")
        return {c: data[c].to_numpy() for c in columns}
    if isinstance(data, Mapping):
        missing = [c for c in columns if c not in data]
        if missing:
            raise ValueError(f"data is missing key(s) {missing}; expected {list(columns)}")
        cols = {c: np.asarray(data[c]) for c in columns}
        lengths = {c: len(v) for c, v in cols.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns must have equal length, got {lengths}")
        return cols
    raise TypeError("data must be a pandas DataFrame or a dict of equal-length columns")


def encode(data: Any, *, columns: Sequence[str] = REQUIRED_COLUMNS) -> LongTable:
    """Validate and factorise a long table; raises ValueError naming the bad column."""
    cols = _columns(data, columns)
    task_col, worker_col, label_col = (cols[c] for c in columns)
    for name, col in zip(columns, (task_col, worker_col, label_col), strict=True):
        if len(col) and pd.isna(col).any():
            raise ValueError(f"column {name!r} has missing values; drop those rows first")
    tasks, task_names = pd.factorize(task_col, sort=False)
    workers, worker_names = pd.factorize(worker_col, sort=False)
    labels, label_names = pd.factorize(label_col, sort=True)
    return LongTable(
        tasks=tasks.astype(np.int64, copy=False),
        workers=workers.astype(np.int64, copy=False),
        labels=labels.astype(np.int64, copy=False),
        task_names=pd.Index(task_names),
        worker_names=pd.Index(worker_names),
        label_names=pd.Index(label_names),
    )
