"""crowd-kit's ``DawidSkene(initial_error_strategy=...)`` and ``fit(initial_error=...)``.

Historical confusion matrices seed the first M-step only, exactly as in crowd-kit 1.4.2
(``initial_error_apply``):

- ``"assign"``: the given matrices replace the counts estimated from majority vote. Every
  (worker, label) pair in the data needs a row; values may be counts or probabilities
  (if all are <= 1, each worker's columns must sum to 1).
- ``"addition"``: the given *counts* are added to those estimated from the data; rows may
  be partial, a missing column counts as 0.

Then each (worker, true label) column is floored at ``EPS`` and divided by its sum over all
the worker's rows of the combined table — including rows for labels the worker did not
give in this data, which therefore keep some probability mass, as in crowd-kit. Later
rounds re-estimate from the data alone. Rows of workers absent from the data are unused.

``initial_error`` is a DataFrame indexed by (``worker``, ``label``) with one column per
true label — the layout of a fitted ``DawidSkene().errors_``. Unlike crowd-kit, which turns
bad input into NaN posteriors, we refuse columns that are not labels of the data, negative
or non-finite values, repeated rows, and ``initial_error`` without a strategy (crowd-kit
drops it without a word).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from goldlabel.quality.aggregation._em import EPS
from goldlabel.quality.table import LongTable

Strategy = Literal["assign", "addition"]
STRATEGIES: tuple[Strategy, ...] = ("assign", "addition")
INDEX_NAMES = ["worker", "label"]


def check_strategy(strategy: Any) -> None:
    if strategy is not None and strategy not in STRATEGIES:
        raise ValueError(f"initial_error_strategy must be None, 'assign' or 'addition', got {strategy!r}")


def _checked_frame(initial_error: Any, table: LongTable, strategy: Strategy) -> pd.DataFrame:
    if not isinstance(initial_error, pd.DataFrame) or list(initial_error.index.names) != INDEX_NAMES:
        raise ValueError(
            "initial_error must be a DataFrame indexed by (worker, label) with one column per "
            "true label, like DawidSkene().errors_ (pd.MultiIndex.from_arrays(..., names="
            "['worker', 'label']))"
        )
    if initial_error.index.has_duplicates:
        raise ValueError("initial_error has repeated (worker, label) rows; give each pair once")
    unknown = [c for c in initial_error.columns if c not in table.label_names]
    if unknown:
        raise ValueError(f"initial_error has column(s) {unknown[:5]} that are not labels in data")
    missing = [c for c in table.label_names if c not in initial_error.columns]
    if strategy == "assign" and missing:
        raise ValueError(
            f'initial_error_strategy="assign" needs a column for every label; missing {missing[:5]}'
        )
    values = initial_error.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError("initial_error must hold finite numbers >= 0 (counts or probabilities)")
    if strategy == "assign" and (values <= 1.0).all():
        sums = initial_error.groupby(level="worker", sort=False).sum().to_numpy(dtype=np.float64)
        if not np.allclose(sums, 1.0):
            raise ValueError(
                "initial_error looks like probabilities (all values <= 1) but a worker's column "
                "does not sum to 1 over its labels; give counts, or normalise each column"
            )
    return initial_error.reindex(columns=table.label_names)


def initial_confusions(
    counts: NDArray[np.float64],
    observed: NDArray[np.bool_],
    table: LongTable,
    initial_error: Any,
    strategy: Strategy,
) -> NDArray[np.float64]:
    """The first (W, K, K) confusions from the data's expected ``counts`` and ``initial_error``.

    ``counts[w, l, c]`` are expected answers ``l`` of worker ``w`` on tasks of class ``c``
    (from the majority-vote posteriors); ``observed`` marks the (worker, label) pairs in
    the data, the only ones the E-step reads.
    """
    frame = _checked_frame(initial_error, table, strategy)
    workers = table.worker_names.get_indexer(frame.index.get_level_values("worker"))
    labels = table.label_names.get_indexer(frame.index.get_level_values("label"))
    values = frame.to_numpy(dtype=np.float64)  # NaN where a column was not given
    in_data = workers >= 0
    workers, labels, values = workers[in_data], labels[in_data], values[in_data]
    on_pair = labels >= 0
    on_pair[on_pair] = observed[workers[on_pair], labels[on_pair]]
    if strategy == "assign":
        covered = np.zeros_like(observed)
        covered[workers[on_pair], labels[on_pair]] = True
        if (observed & ~covered).any():
            lacking = pd.unique(table.worker_names[np.flatnonzero((observed & ~covered).any(axis=1))])
            raise ValueError(
                'initial_error_strategy="assign" needs a row for every (worker, label) pair in '
                f"data; none for some labels of {len(lacking)} worker(s), e.g. {list(lacking[:5])}"
            )
        combined = np.zeros_like(counts)
    else:
        combined = counts.copy()
    combined[workers[on_pair], labels[on_pair]] += np.nan_to_num(values[on_pair])
    np.maximum(combined, EPS, out=combined)
    combined[~observed] = 0.0
    # Rows the data never reads still share each column's mass (a column they lack is NaN
    # in crowd-kit's combined table, so it adds nothing).
    others = np.where(np.isnan(values[~on_pair]), 0.0, np.maximum(values[~on_pair], EPS))
    extra = np.zeros((table.n_workers, table.n_labels))
    np.add.at(extra, workers[~on_pair], others)
    combined /= combined.sum(axis=1, keepdims=True) + extra[:, None, :]
    return combined
