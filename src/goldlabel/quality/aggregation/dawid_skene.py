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

``initial_error_strategy`` / ``fit(initial_error=...)`` seed the first M-step with
historical confusion matrices, as crowd-kit does (see ``initial_error``).
"""

from __future__ import annotations

from functools import partial
from typing import Any, NamedTuple, Self

import numpy as np
import pandas as pd
from numpy.typing import NDArray
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
    TruthInference,
    check_non_negative,
    check_positive_int,
    priors_series,
)
from goldlabel.quality.aggregation.initial_error import Strategy, check_strategy, initial_confusions
from goldlabel.quality.aggregation.majority_vote import vote_fractions
from goldlabel.quality.table import Floats, LongTable


class _State(NamedTuple):
    probas: Floats  # (K, T) posteriors from the last E-step
    priors: Floats  # (K,) class priors from the last M-step
    errors: Floats  # (W, K_observed, K_true): P(worker says l | truth c)
    scores: Floats  # (K, T) transpose of A @ log(errors)


def answer_matrix(table: LongTable) -> sparse.csr_array:
    """(T, W*K) counts of answers per task and (worker, label) pair; duplicates add up."""
    k = table.n_labels
    pairs = table.workers * k + table.labels
    return sparse.csr_array(
        (np.ones(len(table)), (table.tasks, pairs)), shape=(table.n_tasks, table.n_workers * k)
    )


def observed_pairs(table: LongTable) -> NDArray[np.bool_]:
    """(W, K) mask of the (worker, label) pairs present in the answers."""
    k = table.n_labels
    pairs = np.bincount(table.workers * k + table.labels, minlength=table.n_workers * k)
    return (pairs > 0).reshape(table.n_workers, k)


def expected_counts(table: LongTable, answers: sparse.csr_array, probas: Floats) -> Floats:
    """(W, K_observed, K_true) expected answers per worker, label and true class."""
    counts: Floats = np.asarray(answers.T @ probas.T, dtype=np.float64)
    return counts.reshape(table.n_workers, table.n_labels, table.n_labels)


def normalise_confusions(counts: Floats, observed: NDArray[np.bool_]) -> Floats:
    """Floor at ``EPS`` then make each (worker, true class) column a distribution.

    Only (worker, label) pairs the worker actually used take part, as in crowd-kit: a
    worker's column for a class none of their tasks seem to have then puts its mass on the
    labels they gave, instead of spreading it over labels they never used.
    """
    np.maximum(counts, EPS, out=counts)
    counts[~observed] = 0.0
    counts /= counts.sum(axis=1, keepdims=True)
    return counts


def log_confusions(errors: Floats, observed: NDArray[np.bool_]) -> Floats:
    """``log(errors)`` as a (W*K, K) matrix; unused pairs (never read by ``A @``) are 0."""
    flat = errors.reshape(-1, errors.shape[-1])
    return np.log(flat, out=np.zeros_like(flat), where=observed.reshape(-1, 1))


def errors_frame(errors: Floats, observed: NDArray[np.bool_], table: LongTable) -> pd.DataFrame:
    """crowd-kit's layout: rows (worker, observed label) for pairs seen in the data,
    columns true label."""
    pairs = np.flatnonzero(observed.ravel())
    index = pd.MultiIndex.from_arrays(
        [table.worker_names[pairs // table.n_labels], table.label_names[pairs % table.n_labels]],
        names=["worker", "label"],
    )
    columns = table.label_names.rename("label")
    flat = errors.reshape(table.n_workers * table.n_labels, table.n_labels)
    return pd.DataFrame(flat[pairs], index=index, columns=columns)


class DawidSkene(TruthInference):
    """Per-worker confusion matrices by EM.

    Args (crowd-kit's order, positional or by name):
        n_iter: maximum number of EM rounds.
        tol: stop when the objective per answer gains less than this.
        initial_error_strategy: how ``fit(..., initial_error=...)`` seeds the first
            M-step: ``"assign"`` (use the given matrices) or ``"addition"`` (add the given
            counts to the data's); see ``initial_error``.

    ``fit(data, true_labels=None, initial_error=None)``: ``true_labels`` (task -> label)
    clamp those tasks; ``initial_error`` is a DataFrame like ``errors_`` (rows (worker,
    label), one column per true label) of historical counts or probabilities.

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

    def __init__(
        self, n_iter: int = 100, tol: float = 1e-5, initial_error_strategy: Strategy | None = None
    ) -> None:
        check_positive_int("n_iter", n_iter)
        check_non_negative("tol", tol)
        check_strategy(initial_error_strategy)
        self.n_iter = n_iter
        self.tol = tol
        self.initial_error_strategy = initial_error_strategy

    def __repr__(self) -> str:
        strategy = self.initial_error_strategy
        extra = "" if strategy is None else f", initial_error_strategy={strategy!r}"
        return f"{type(self).__name__}(n_iter={self.n_iter!r}, tol={self.tol!r}{extra})"

    def fit(self, data: Any, true_labels: Any = None, initial_error: Any = None) -> Self:
        """Fit by EM; ``initial_error`` seeds the first M-step (needs ``initial_error_strategy``)."""
        if initial_error is not None:
            self._check_initial_error_allowed()
        return self._fit_with(data, true_labels, partial(self._fit_codes, initial_error=initial_error))

    def fit_predict(self, data: Any, true_labels: Any = None, initial_error: Any = None) -> pd.Series:
        """Fit, then return ``labels_`` (task -> label)."""
        return self.fit(data, true_labels, initial_error).labels_

    def fit_predict_proba(
        self, data: Any, true_labels: Any = None, initial_error: Any = None
    ) -> pd.DataFrame:
        """Fit, then return ``probas_`` (task x label posteriors)."""
        return self.fit(data, true_labels, initial_error).probas_

    def _check_initial_error_allowed(self) -> None:
        if self.initial_error_strategy is None:
            raise ValueError(
                "initial_error is used only with initial_error_strategy='assign' or 'addition' "
                "(DawidSkene(n_iter, tol, initial_error_strategy)); crowd-kit would ignore it"
            )

    def _confusions(
        self,
        table: LongTable,
        answers: sparse.csr_array,
        observed: NDArray[np.bool_],
        probas: Floats,
    ) -> Floats:
        """M-step for the confusion matrices: expected answer counts, normalised."""
        return normalise_confusions(expected_counts(table, answers, probas), observed)

    def _fit_codes(self, table: LongTable, gold: Gold, initial_error: Any = None) -> Floats:
        answers = answer_matrix(table)
        answers_per_task = per_task_sums(table)
        observed = observed_pairs(table)

        def m_step(probas: Floats, errors: Floats | None = None) -> _State:
            priors = np.maximum(probas.mean(axis=1), EPS)
            if errors is None:
                errors = self._confusions(table, answers, observed, probas)
            scores = np.ascontiguousarray((answers @ log_confusions(errors, observed)).T)
            return _State(probas, priors, errors, scores)

        def step(state: _State) -> tuple[_State, float]:
            e_step = posterior(state.scores + np.log(state.priors)[:, None], gold)
            new = m_step(e_step.probas)
            expected = float(np.vdot(e_step.probas, new.scores))
            expected += float(e_step.probas @ answers_per_task @ np.log(new.priors))
            return new, (expected + e_step.entropy) / len(table)

        start = clamp_gold(vote_fractions(table), gold)
        seeded = None
        if initial_error is not None and self.initial_error_strategy is not None:
            counts = expected_counts(table, answers, start)
            seeded = initial_confusions(counts, observed, table, initial_error, self.initial_error_strategy)
        state, history = iterate(m_step(start, seeded), step, n_iter=self.n_iter, tol=self.tol)
        self.priors_ = priors_series(state.priors, table)
        self.errors_ = errors_frame(state.errors, observed, table)
        self.loss_history_ = history
        self.n_iter_ = len(history)
        return state.probas

    def _fit_empty(self, table: LongTable) -> None:
        self.priors_ = priors_series(np.zeros(0), table)
        self.errors_ = errors_frame(np.zeros((0, 0, 0)), np.zeros((0, 0), dtype=bool), table)
        self.loss_history_ = []
        self.n_iter_ = 0
