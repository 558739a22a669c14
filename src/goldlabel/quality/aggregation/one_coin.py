"""One-coin Dawid-Skene: each worker is right with one probability, errors spread evenly.

Zhang, Chen, Zhou & Jordan (2016), "Spectral methods meet EM", JMLR 17. Far fewer
parameters than full Dawid-Skene (one per worker instead of K x K), so it behaves better
when workers label few tasks; it cannot model class bias or systematic swaps. Shares the
Dawid-Skene EM loop and only replaces the M-step, as crowd-kit's ``OneCoinDawidSkene`` does.
"""

from __future__ import annotations

from typing import Any, NoReturn

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse

from goldlabel.quality.aggregation._em import EPS, Gold, answer_posteriors, per_worker_sums
from goldlabel.quality.aggregation.base import worker_series
from goldlabel.quality.aggregation.dawid_skene import DawidSkene
from goldlabel.quality.aggregation.initial_error import Strategy
from goldlabel.quality.table import Floats, LongTable


def one_coin_skills(table: LongTable, probas: Floats) -> Floats:
    """M-step: each worker's expected accuracy under the posteriors, kept off 0 and 1."""
    correct = per_worker_sums(table, answer_posteriors(table, probas))
    skills: Floats = np.clip(correct / per_worker_sums(table), EPS, 1 - EPS)
    return skills


def one_coin_confusions(skills: Floats, n_labels: int) -> Floats:
    """(W, K, K) confusions with ``skill`` on the diagonal, the rest shared evenly."""
    off = (1 - skills) / max(n_labels - 1, 1)
    errors = np.repeat(off[:, None, None], n_labels, axis=1).repeat(n_labels, axis=2)
    diagonal = np.arange(n_labels)
    errors[:, diagonal, diagonal] = skills[:, None]
    return errors


class OneCoinDawidSkene(DawidSkene):
    """Dawid-Skene with one accuracy per worker.

    Same arguments and fitted attributes as :class:`DawidSkene` (``errors_`` holds the
    implied confusion matrices), plus ``skills_``: Series worker -> estimated accuracy.
    ``initial_error_strategy`` and ``initial_error`` are accepted in crowd-kit's positions
    but refused when set: there are no per-label confusion matrices to seed (crowd-kit's
    class takes the option and never uses it).
    """

    skills_: pd.Series

    def __init__(
        self, n_iter: int = 100, tol: float = 1e-5, initial_error_strategy: Strategy | None = None
    ) -> None:
        if initial_error_strategy is not None:
            self._refuse_initial_error()
        super().__init__(n_iter, tol)

    def _check_initial_error_allowed(self) -> None:
        self._refuse_initial_error()

    @staticmethod
    def _refuse_initial_error() -> NoReturn:
        raise ValueError(
            "OneCoinDawidSkene has one accuracy per worker, not confusion matrices to seed; "
            "use DawidSkene(initial_error_strategy=...) for initial_error"
        )

    def _confusions(
        self,
        table: LongTable,
        answers: sparse.csr_array,
        observed: NDArray[np.bool_],
        probas: Floats,
    ) -> Floats:
        return one_coin_confusions(one_coin_skills(table, probas), table.n_labels)

    def _fit_codes(self, table: LongTable, gold: Gold, initial_error: Any = None) -> Floats:
        probas = super()._fit_codes(table, gold)
        self.skills_ = worker_series(one_coin_skills(table, probas), table, "skill")
        return probas

    def _fit_empty(self, table: LongTable) -> None:
        super()._fit_empty(table)
        self.skills_ = worker_series(np.zeros(0), table, "skill")
