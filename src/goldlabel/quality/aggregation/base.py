"""The estimator contract shared by every categorical aggregator.

It follows crowd-kit's so a user switches by changing one import: ``fit(data, ...) ->
self``, ``fit_predict`` (task -> label Series) and ``fit_predict_proba`` (task x label
posteriors), with crowd-kit's positional arguments after ``data`` (``skills`` for
majority vote, ``true_labels`` then ``initial_error`` for Dawid-Skene); fitted attributes
end in ``_``. Unlike crowd-kit, the column contract is validated up front (via
:func:`encode`, which also takes a dict of columns or a list of records and refuses a
worker answering a task twice), and every model runs on the integer codes of the long
table, so subclasses only implement ``_fit_codes`` on arrays and ``_fit_empty``.

Empty input (no rows) gives empty results: ``labels_`` and ``probas_`` with no tasks and
every fitted attribute empty, as crowd-kit does for majority vote and Dawid-Skene (its GLAD
and MACE divide by zero there).

Ties: wherever a predicted label is an argmax, the first maximal class in sorted label
order wins (``np.argmax`` over the sorted ``label_names``), so results never depend on row
order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, Self

import numpy as np
import pandas as pd

from goldlabel.quality.aggregation._em import NO_GOLD, Gold
from goldlabel.quality.table import Floats, LongTable, encode

FitCodes = Callable[[LongTable, Gold], Floats]


def check_positive_int(name: str, value: int) -> None:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


def check_non_negative(name: str, value: float) -> None:
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def gold_from_true_labels(true_labels: Any, table: LongTable) -> Gold:
    """Map ``true_labels`` (Series or dict task -> label) onto task and label codes.

    Tasks absent from the answers are ignored; a gold label no annotator ever gave is an
    error, because the model has no column for it.
    """
    if true_labels is None:
        return NO_GOLD
    if isinstance(true_labels, Mapping):
        true_labels = pd.Series(true_labels, dtype=object)
    if not isinstance(true_labels, pd.Series):
        raise TypeError("true_labels must be a pandas Series or a dict task -> label")
    true_labels = true_labels.dropna()
    task_codes = table.task_names.get_indexer(true_labels.index)
    known = task_codes >= 0
    values = true_labels.to_numpy()[known]
    label_codes = table.label_names.get_indexer(pd.Index(values))
    if (label_codes < 0).any():
        bad = sorted({repr(v) for v in values[label_codes < 0]})[:5]
        raise ValueError(f"true_labels use label(s) {bad} that no annotator gave")
    return Gold(task_codes[known].astype(np.int64), label_codes.astype(np.int64))


def probas_frame(probas: Floats, table: LongTable) -> pd.DataFrame:
    return pd.DataFrame(
        probas,
        index=table.task_names.rename("task"),
        columns=table.label_names.rename("label"),
    )


def worker_series(values: Floats, table: LongTable, name: str) -> pd.Series:
    return pd.Series(values, index=table.worker_names.rename("worker"), name=name)


def priors_series(priors: Floats, table: LongTable) -> pd.Series:
    return pd.Series(priors, index=table.label_names.rename("label"), name="prior")


class CategoricalAggregator(ABC):
    """Base class: validates, encodes, fits on codes, and publishes ``labels_``/``probas_``.

    Fitted attributes common to all subclasses:

    - ``labels_``: Series task -> most probable label (name ``agg_label``, as crowd-kit);
    - ``probas_``: DataFrame task x label of posteriors, each row sums to 1.

    Subclasses define ``fit`` with their own options after ``data`` (crowd-kit's order) and
    run it through :meth:`_fit_with`.
    """

    labels_: pd.Series
    probas_: pd.DataFrame

    @abstractmethod
    def fit(self, data: Any) -> Self:
        """Fit on a long table (DataFrame, dict of columns or list of records)."""

    def fit_predict(self, data: Any) -> pd.Series:
        """Fit, then return ``labels_`` (task -> label)."""
        return self.fit(data).labels_

    def fit_predict_proba(self, data: Any) -> pd.DataFrame:
        """Fit, then return ``probas_`` (task x label posteriors)."""
        return self.fit(data).probas_

    def _fit_with(self, data: Any, true_labels: Any, fit_codes: FitCodes) -> Self:
        """Encode ``data``, map the gold labels, fit with ``fit_codes`` (or as empty) and publish."""
        table = encode(data)
        gold = gold_from_true_labels(true_labels, table)
        if not len(table):
            self._fit_empty(table)
            return self._publish(table, np.zeros((0, 0)))
        return self._publish(table, fit_codes(table, gold))

    def _publish(self, table: LongTable, probas: Floats) -> Self:
        """Publish (K, T) class-major posteriors as ``probas_`` and ``labels_``."""
        self.probas_ = probas_frame(probas.T, table)
        best = np.argmax(probas, axis=0) if probas.size else np.zeros(table.n_tasks, dtype=np.int64)
        self.labels_ = pd.Series(
            table.label_names[best],
            index=self.probas_.index,
            name="agg_label",
            dtype=table.label_names.dtype,
        )
        return self

    @abstractmethod
    def _fit_codes(self, table: LongTable, gold: Gold) -> Floats:
        """Fit on the encoded table; set fitted attributes; return (K, T) posteriors."""

    @abstractmethod
    def _fit_empty(self, table: LongTable) -> None:
        """Set the model's own fitted attributes for a table with no answers."""


class TruthInference(CategoricalAggregator):
    """An aggregator whose ``fit`` takes crowd-kit's ``true_labels``: known labels of some
    tasks (Series/dict task -> label) clamp those tasks' posteriors while fitting."""

    def fit(self, data: Any, true_labels: Any = None) -> Self:
        """Fit on a long table; ``true_labels`` fixes the posteriors of those tasks."""
        return self._fit_with(data, true_labels, self._fit_codes)

    def fit_predict(self, data: Any, true_labels: Any = None) -> pd.Series:
        """Fit, then return ``labels_`` (task -> label)."""
        return self.fit(data, true_labels).labels_

    def fit_predict_proba(self, data: Any, true_labels: Any = None) -> pd.DataFrame:
        """Fit, then return ``probas_`` (task x label posteriors)."""
        return self.fit(data, true_labels).probas_
