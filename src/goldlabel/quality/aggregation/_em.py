"""Numeric kernels shared by the EM-style aggregators.

Every model here scores each (task, class) pair by summing per-answer terms, so the hot
paths are a handful of ``np.bincount`` scatters over the long table's integer codes and a
row-wise log-sum-exp; keeping them in one place keeps the estimators short and identical in
how they normalise, clamp gold tasks and decide convergence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

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


def task_label_sums(table: LongTable, weights: np.ndarray | None = None) -> np.ndarray:
    """(n_tasks, n_labels) sums of ``weights`` (default 1) over answers by task and label."""
    k = table.n_labels
    flat = np.bincount(
        table.tasks * k + table.labels, weights=weights, minlength=table.n_tasks * k
    )
    return flat.reshape(table.n_tasks, k).astype(np.float64, copy=False)


def per_task_sums(table: LongTable, weights: np.ndarray) -> np.ndarray:
    return np.bincount(table.tasks, weights=weights, minlength=table.n_tasks)


def per_worker_sums(table: LongTable, weights: np.ndarray | None = None) -> np.ndarray:
    return np.bincount(table.workers, weights=weights, minlength=table.n_workers).astype(
        np.float64, copy=False
    )


def clamp_gold(probas: np.ndarray, gold: Gold) -> np.ndarray:
    """Fix gold tasks' posteriors to one-hot at their known class (in place)."""
    if len(gold):
        probas[gold.tasks] = 0.0
        probas[gold.tasks, gold.codes] = 1.0
    return probas


def posterior(log_joint: np.ndarray, gold: Gold) -> tuple[np.ndarray, float]:
    """Normalise per-task log joints into posteriors, in place.

    Returns the posteriors (gold tasks clamped) and the log-likelihood of the answers, in
    which a gold task contributes its joint at the known class rather than the marginal.
    """
    gold_term = float(log_joint[gold.tasks, gold.codes].sum()) if len(gold) else 0.0
    shift = log_joint.max(axis=1, keepdims=True)
    np.subtract(log_joint, shift, out=log_joint)
    np.exp(log_joint, out=log_joint)
    total = log_joint.sum(axis=1, keepdims=True)
    log_joint /= total
    marginal = np.log(total[:, 0]) + shift[:, 0]
    if len(gold):
        marginal[gold.tasks] = 0.0
    return clamp_gold(log_joint, gold), float(marginal.sum()) + gold_term


def answer_posteriors(table: LongTable, probas: np.ndarray) -> np.ndarray:
    """Posterior probability that each answer's label is the task's true class."""
    return probas[table.tasks, table.labels]


def entropy(probas: np.ndarray) -> float:
    """Total entropy of the posteriors, with crowd-kit's floor so 0 log 0 stays finite."""
    floored = np.maximum(probas, EPS)
    return float(-(floored * np.log(floored)).sum())


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
