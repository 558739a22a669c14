"""Dawid-Skene: one confusion matrix per worker, fitted by EM.

Dawid & Skene (1979), "Maximum likelihood estimation of observer error-rates using the EM
algorithm", Applied Statistics 28(1). Same model, initialisation (majority-vote shares),
probability floor, objective and stopping rule as crowd-kit's ``DawidSkene``, so the two
follow the same EM path and stop at the same round; the difference is speed. crowd-kit
joins and groups DataFrames every round; here the answers become one sparse
task x (worker, label) count matrix ``A`` up front, and each round is two sparse products:

- M-step: ``E[w, l, c] ∝ (A.T @ posteriors)[(w, l), c]``;
- ``S = A @ log E`` — it scores the round's objective and is reused by the next E-step,
  ``log p(z_t = c, answers) = log prior_c + S[t, c]``.

The objective is crowd-kit's, per answer: ``sum_i sum_c q[t_i, c] (log E[w_i, l_i, c] +
log prior_c) + H(q)``. Matching it matters because EM on this model overfits after a few
rounds on sparse workers, so accuracy depends on where it stops; a different objective
with the same ``tol`` would stop elsewhere.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

from goldlabel.quality.aggregation._em import (
    EPS,
    Gold,
    clamp_gold,
    iterate,
    per_task_sums,
    posterior,
)
from goldlabel.quality.aggregation.base import (
    CategoricalAggregator,
    check_non_negative,
    check_positive_int,
    priors_series,
)
from goldlabel.quality.aggregation.majority_vote import vote_fractions
from goldlabel.quality.table import LongTable


class _State(NamedTuple):
    probas: np.ndarray  # (K, T) posteriors from the last E-step
    priors: np.ndarray  # (K,) class priors from the last M-step
    errors: np.ndarray  # (W, K_observed, K_true): P(worker says l | truth c)
    scores: np.ndarray  # (K, T) transpose of A @ log(errors)


def answer_matrix(table: LongTable) -> sparse.csr_array:
    """(T, W*K) counts of answers per task and (worker, label) pair; duplicates add up."""
    k = table.n_labels
    pairs = table.workers * k + table.labels
    return sparse.csr_array(
        (np.ones(len(table)), (table.tasks, pairs)), shape=(table.n_tasks, table.n_workers * k)
    )


def observed_pairs(table: LongTable) -> np.ndarray:
    """(W, K) mask of the (worker, label) pairs present in the answers."""
    k = table.n_labels
    pairs = np.bincount(table.workers * k + table.labels, minlength=table.n_workers * k)
    return (pairs > 0).reshape(table.n_workers, k)


def normalise_confusions(counts: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Floor at ``EPS`` then make each (worker, true class) column a distribution.

    Only (worker, label) pairs the worker actually used take part, as in crowd-kit: a
    worker's column for a class none of their tasks seem to have then puts its mass on the
    labels they gave, instead of spreading it over labels they never used.
    """
    np.maximum(counts, EPS, out=counts)
    counts[~observed] = 0.0
    counts /= counts.sum(axis=1, keepdims=True)
    return counts


def log_confusions(errors: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """``log(errors)`` as a (W*K, K) matrix; unused pairs (never read by ``A @``) are 0."""
    flat = errors.reshape(-1, errors.shape[-1])
    return np.log(flat, out=np.zeros_like(flat), where=observed.reshape(-1, 1))


def errors_frame(errors: np.ndarray, observed: np.ndarray, table: LongTable) -> pd.DataFrame:
    """crowd-kit's layout: rows (worker, observed label) for pairs seen in the data,
    columns true label."""
    pairs = np.flatnonzero(observed.ravel())
    index = pd.MultiIndex.from_arrays(
        [table.worker_names[pairs // table.n_labels], table.label_names[pairs % table.n_labels]],
        names=["worker", "label"],
    )
    columns = table.label_names.rename("label")
    return pd.DataFrame(errors.reshape(-1, table.n_labels)[pairs], index=index, columns=columns)


class DawidSkene(CategoricalAggregator):
    """Per-worker confusion matrices by EM.

    Args:
        n_iter: maximum number of EM rounds.
        tol: stop when the objective per answer gains less than this.

    Fitted attributes: ``labels_``, ``probas_``, ``priors_`` (Series label -> prior),
    ``errors_`` (DataFrame indexed by (worker, observed label), one column per true label:
    ``errors_.loc[(w, l), c] = P(w answers l | true label c)``, rows only for labels the
    worker gave, as in crowd-kit), ``loss_history_`` (objective per
    answer after each round) and ``n_iter_`` (rounds run).
    """

    priors_: pd.Series
    errors_: pd.DataFrame
    loss_history_: list[float]
    n_iter_: int

    def __init__(self, n_iter: int = 100, tol: float = 1e-5) -> None:
        check_positive_int("n_iter", n_iter)
        check_non_negative("tol", tol)
        self.n_iter = n_iter
        self.tol = tol

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_iter={self.n_iter!r}, tol={self.tol!r})"

    def _confusions(
        self,
        table: LongTable,
        answers: sparse.csr_array,
        observed: np.ndarray,
        probas: np.ndarray,
    ) -> np.ndarray:
        """M-step for the confusion matrices: expected answer counts, normalised."""
        counts = (answers.T @ probas.T).reshape(table.n_workers, table.n_labels, table.n_labels)
        return normalise_confusions(counts, observed)

    def _fit_codes(self, table: LongTable, gold: Gold) -> np.ndarray:
        answers = answer_matrix(table)
        answers_per_task = per_task_sums(table)
        observed = observed_pairs(table)

        def m_step(probas: np.ndarray) -> _State:
            priors = np.maximum(probas.mean(axis=1), EPS)
            errors = self._confusions(table, answers, observed, probas)
            scores = np.ascontiguousarray((answers @ log_confusions(errors, observed)).T)
            return _State(probas, priors, errors, scores)

        def step(state: _State) -> tuple[_State, float]:
            e_step = posterior(state.scores + np.log(state.priors)[:, None], gold)
            new = m_step(e_step.probas)
            expected = float(np.vdot(e_step.probas, new.scores))
            expected += float(e_step.probas @ answers_per_task @ np.log(new.priors))
            return new, (expected + e_step.entropy) / len(table)

        state, history = iterate(
            m_step(clamp_gold(vote_fractions(table), gold)),
            step,
            n_iter=self.n_iter,
            tol=self.tol,
        )
        self.priors_ = priors_series(state.priors, table)
        self.errors_ = errors_frame(state.errors, observed, table)
        self.loss_history_ = history
        self.n_iter_ = len(history)
        return state.probas
