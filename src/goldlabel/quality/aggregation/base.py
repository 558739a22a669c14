"""The estimator contract shared by every categorical aggregator.

It follows crowd-kit's so a user switches by changing one import: ``fit(data,
true_labels=None) -> self``, ``fit_predict`` (task -> label Series) and
``fit_predict_proba`` (task x label posteriors); fitted attributes end in ``_``. Unlike
crowd-kit, the column contract is validated up front (via :func:`encode`) and every model
runs on the integer codes of the long table, so subclasses only implement
``_fit_codes`` on arrays.

Ties: wherever a predicted label is an argmax, the first maximal class in sorted label
order wins (``np.argmax`` over the sorted ``label_names``), so results never depend on row
order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, Self

import numpy as np
import pandas as pd

from goldlabel.quality.aggregation._em import NO_GOLD, Gold
from goldlabel.quality.table import LongTable, encode


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


def probas_frame(probas: np.ndarray, table: LongTable) -> pd.DataFrame:
    return pd.DataFrame(
        probas,
        index=table.task_names.rename("task"),
        columns=table.label_names.rename("label"),
    )


def worker_series(values: np.ndarray, table: LongTable, name: str) -> pd.Series:
    return pd.Series(values, index=table.worker_names.rename("worker"), name=name)


def priors_series(priors: np.ndarray, table: LongTable) -> pd.Series:
    return pd.Series(priors, index=table.label_names.rename("label"), name="prior")


class CategoricalAggregator(ABC):
    """Base class: validates, encodes, fits on codes, and publishes ``labels_``/``probas_``.

    Fitted attributes common to all subclasses:

    - ``labels_``: Series task -> most probable label (name ``agg_label``, as crowd-kit);
    - ``probas_``: DataFrame task x label of posteriors, each row sums to 1.
    """

    labels_: pd.Series
    probas_: pd.DataFrame

    def fit(self, data: Any, true_labels: Any = None) -> Self:
        """Fit on a long table (DataFrame or dict with ``task``, ``worker``, ``label``).

        ``true_labels`` (Series/dict task -> label) clamps those tasks' posteriors to the
        known label while fitting.
        """
        table, gold = self._prepare(data, true_labels)
        return self._publish(table, self._fit_codes(table, gold))

    @staticmethod
    def _prepare(data: Any, true_labels: Any) -> tuple[LongTable, Gold]:
        table = encode(data)
        if not len(table):
            raise ValueError("data has no answers to aggregate")
        return table, gold_from_true_labels(true_labels, table)

    def _publish(self, table: LongTable, probas: np.ndarray) -> Self:
        """Publish (K, T) class-major posteriors as ``probas_`` and ``labels_``."""
        self.probas_ = probas_frame(probas.T, table)
        self.labels_ = pd.Series(
            table.label_names[np.argmax(probas, axis=0)],
            index=self.probas_.index,
            name="agg_label",
            dtype=table.label_names.dtype,
        )
        return self

    def fit_predict(self, data: Any, true_labels: Any = None) -> pd.Series:
        """Fit, then return ``labels_`` (task -> label)."""
        return self.fit(data, true_labels).labels_

    def fit_predict_proba(self, data: Any, true_labels: Any = None) -> pd.DataFrame:
        """Fit, then return ``probas_`` (task x label posteriors)."""
        return self.fit(data, true_labels).probas_

    @abstractmethod
    def _fit_codes(self, table: LongTable, gold: Gold) -> np.ndarray:
        """Fit on the encoded table; set fitted attributes; return (K, T) posteriors."""
