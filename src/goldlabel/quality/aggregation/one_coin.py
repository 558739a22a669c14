"""One-coin Dawid-Skene: each worker is right with one probability, errors spread evenly.

Zhang, Chen, Zhou & Jordan (2016), "Spectral methods meet EM", JMLR 17. Far fewer
parameters than full Dawid-Skene (one per worker instead of K x K), so it behaves better
when workers label few tasks; it cannot model class bias or systematic swaps. Shares the
Dawid-Skene EM loop and only replaces the M-step, as crowd-kit's ``OneCoinDawidSkene`` does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from goldlabel.quality.aggregation._em import EPS, Gold, answer_posteriors, per_worker_sums
from goldlabel.quality.aggregation.base import worker_series
from goldlabel.quality.aggregation.dawid_skene import DawidSkene
from goldlabel.quality.table import LongTable


def one_coin_skills(table: LongTable, probas: np.ndarray) -> np.ndarray:
    """M-step: each worker's expected accuracy under the posteriors, kept off 0 and 1."""
    correct = per_worker_sums(table, answer_posteriors(table, probas))
    return np.clip(correct / per_worker_sums(table), EPS, 1 - EPS)


def one_coin_confusions(skills: np.ndarray, n_labels: int) -> np.ndarray:
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
    """

    skills_: pd.Series

    def _confusions(
        self,
        table: LongTable,
        answers: sparse.csr_array,
        observed: np.ndarray,
        probas: np.ndarray,
    ) -> np.ndarray:
        return one_coin_confusions(one_coin_skills(table, probas), table.n_labels)

    def _fit_codes(self, table: LongTable, gold: Gold) -> np.ndarray:
        probas = super()._fit_codes(table, gold)
        self.skills_ = worker_series(one_coin_skills(table, probas), table, "skill")
        return probas
