"""Numeric kernels shared by the EM-style aggregators.

Every model here scores each (class, task) pair by summing per-answer terms, so the hot
paths are ``np.bincount`` scatters over the long table's integer codes, sparse products and
a per-task log-sum-exp; keeping them in one place keeps the estimators short and identical
in how they normalise, clamp gold tasks and decide convergence.

Layout: posteriors and scores are **class-major**, shape (K, T). With K small, reductions
over classes on a (T, K) array run along a 5-wide inner axis and cost ~10x more than the
same reduction over K contiguous rows; the public ``probas_`` is transposed once at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple, TypeVar

import numpy as np

from goldlabel.quality.table import LongTable

S = TypeVar("S")
EPS = 1e-10  # floor on probabilities before taking logs (crowd-kit uses the same)


@dataclass(frozen=True, slots=True)
class Gold:
    """Tasks whose true class is known: ``tasks[i]`` has class code ``codes[i]``."""

    tasks: np.ndarray
    codes: np.ndarray

    def __len__(self) -> int:
        return len(self.tasks)


NO_GOLD = Gold(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


class Posterior(NamedTuple):
    """E-step output: (K, T) posteriors, log-likelihood of the answers, their entropy."""

    probas: np.ndarray
    log_likelihood: float
    entropy: float


def sorted_by_task(table: LongTable) -> LongTable:
    """The same answers ordered by task code.

    Models that gather and scatter per answer many times (GLAD, MACE) sort once: with
    answers grouped by task, ``bincount`` writes and posterior gathers walk memory in order,
    measured 5-10x faster per pass than on shuffled rows at 500k answers.
    """
    order = np.argsort(table.tasks, kind="stable")
    return replace(
        table, tasks=table.tasks[order], workers=table.workers[order], labels=table.labels[order]
    )


def class_task_sums(table: LongTable, weights: np.ndarray | None = None) -> np.ndarray:
    """(K, T) sums of ``weights`` (default 1) over answers by label and task."""
    t = table.n_tasks
    flat = np.bincount(table.labels * t + table.tasks, weights=weights, minlength=table.n_labels * t)
    return flat.reshape(table.n_labels, t).astype(np.float64, copy=False)


def per_task_sums(table: LongTable, weights: np.ndarray | None = None) -> np.ndarray:
    return np.bincount(table.tasks, weights=weights, minlength=table.n_tasks).astype(
        np.float64, copy=False
    )


def per_worker_sums(table: LongTable, weights: np.ndarray | None = None) -> np.ndarray:
    return np.bincount(table.workers, weights=weights, minlength=table.n_workers).astype(
        np.float64, copy=False
    )


def answer_posteriors(table: LongTable, probas: np.ndarray) -> np.ndarray:
    """Posterior probability that each answer's label is its task's true class."""
    return np.take(probas.ravel(), table.labels * table.n_tasks + table.tasks)


def clamp_gold(probas: np.ndarray, gold: Gold) -> np.ndarray:
    """Fix gold tasks' posteriors to one-hot at their known class (in place)."""
    if len(gold):
        probas[:, gold.tasks] = 0.0
        probas[gold.codes, gold.tasks] = 1.0
    return probas


def posterior(log_joint: np.ndarray, gold: Gold) -> Posterior:
    """Normalise (K, T) log joints ``log p(z_t = c, answers_t)`` into posteriors.

    ``log_joint`` is overwritten. In the log-likelihood a gold task contributes its joint
    at the known class instead of the marginal; its (clamped, one-hot) entropy is 0.
    The entropy comes from the shifted logits, ``H_t = log Z_t - sum_c q_ct x_ct``, which
    saves a second pass of logarithms over (K, T).
    """
    gold_term = float(log_joint[gold.codes, gold.tasks].sum()) if len(gold) else 0.0
    shift = log_joint.max(axis=0)
    log_joint -= shift
    probas = np.exp(log_joint)
    total = probas.sum(axis=0)
    probas /= total
    log_total = np.log(total)
    task_entropy = log_total - (probas * log_joint).sum(axis=0)
    marginal = log_total + shift
    if len(gold):
        marginal[gold.tasks] = 0.0
        task_entropy[gold.tasks] = 0.0
    return Posterior(
        clamp_gold(probas, gold), float(marginal.sum()) + gold_term, float(task_entropy.sum())
    )


def iterate(
    state: S, step: Callable[[S], tuple[S, float]], *, n_iter: int, tol: float
) -> tuple[S, list[float]]:
    """Apply ``step`` until its objective gains less than ``tol``, at most ``n_iter`` times.

    Same rule as crowd-kit: stop on the first step whose gain is below ``tol`` (a drop
    also stops). Returns the last state and the objective after each step.
    """
    history: list[float] = []
    previous = -np.inf
    for _ in range(n_iter):
        state, objective = step(state)
        history.append(objective)
        if objective - previous < tol:
            break
        previous = objective
    return state, history
