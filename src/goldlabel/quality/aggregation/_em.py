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

from goldlabel.quality.table import Codes, Floats, LongTable

S = TypeVar("S")
EPS = 1e-10  # floor on probabilities before taking logs (crowd-kit uses the same)


@dataclass(frozen=True, slots=True)
class Gold:
    """Tasks whose true class is known: ``tasks[i]`` has class code ``codes[i]``."""

    tasks: Codes
    codes: Codes

    def __len__(self) -> int:
        return len(self.tasks)


NO_GOLD = Gold(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


class Posterior(NamedTuple):
    """E-step output: (K, T) posteriors, log-likelihood of the answers, their entropy."""

    probas: Floats
    log_likelihood: float
    entropy: float


class SortedAnswers(NamedTuple):
    """A long table sorted by task, and each answer's cell in (K, T) class-major arrays."""

    table: LongTable
    cells: Codes


def sorted_by_task(table: LongTable) -> SortedAnswers:
    """The same answers ordered by task code, with their cells computed once.

    Models that gather and scatter per answer many times (GLAD, MACE) sort once: with
    answers grouped by task, ``bincount`` writes and posterior gathers walk memory in order,
    measured 5-10x faster per pass than on shuffled rows at 500k answers.
    """
    order = np.argsort(table.tasks, kind="stable")
    table = replace(table, tasks=table.tasks[order], workers=table.workers[order], labels=table.labels[order])
    return SortedAnswers(table, class_task_cells(table))


def class_task_cells(table: LongTable) -> Codes:
    """Each answer's flat index ``label * T + task`` into (K, T) class-major arrays."""
    return table.labels * table.n_tasks + table.tasks


def class_task_sums(table: LongTable, weights: Floats | None = None, *, cells: Codes | None = None) -> Floats:
    """(K, T) sums of ``weights`` (default 1) over answers by label and task.

    ``cells`` is :func:`class_task_cells` of ``table`` when the caller keeps it.
    """
    t = table.n_tasks
    cells = class_task_cells(table) if cells is None else cells
    flat = np.bincount(cells, weights=weights, minlength=table.n_labels * t)
    return flat.reshape(table.n_labels, t).astype(np.float64, copy=False)


def per_task_sums(table: LongTable, weights: Floats | None = None) -> Floats:
    return np.bincount(table.tasks, weights=weights, minlength=table.n_tasks).astype(np.float64, copy=False)


def per_worker_sums(table: LongTable, weights: Floats | None = None) -> Floats:
    return np.bincount(table.workers, weights=weights, minlength=table.n_workers).astype(
        np.float64, copy=False
    )


def answer_posteriors(table: LongTable, probas: Floats, *, cells: Codes | None = None) -> Floats:
    """Posterior probability that each answer's label is its task's true class."""
    return np.take(probas.ravel(), class_task_cells(table) if cells is None else cells)


def match_posterior(
    answers: SortedAnswers,
    gain: Floats,
    base_total: float,
    log_prior: Floats | float,
    gold: Gold,
) -> Posterior:
    """E-step of a "right or not" answer model (GLAD, MACE).

    An answer's log-likelihood is some ``base`` plus ``gain`` (per answer) when its label
    is the class c, so ``log p(z_t = c, answers_t) = log_prior_c + sum_i base_i +
    sum_{i: label_i = c} gain_i`` over the task's answers. The base sums are the same for
    every class of a task: they cancel in the posteriors and add up to ``base_total``
    (their sum over all answers) in the log-likelihood, so only ``gain`` is scattered.
    """
    log_joint = class_task_sums(answers.table, gain, cells=answers.cells)
    log_joint += log_prior
    e_step = posterior(log_joint, gold)
    return e_step._replace(log_likelihood=e_step.log_likelihood + base_total)


def clamp_gold(probas: Floats, gold: Gold) -> Floats:
    """Fix gold tasks' posteriors to one-hot at their known class (in place)."""
    if len(gold):
        probas[:, gold.tasks] = 0.0
        probas[gold.codes, gold.tasks] = 1.0
    return probas


def posterior(log_joint: Floats, gold: Gold) -> Posterior:
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
    task_entropy = log_total - np.einsum("ct,ct->t", probas, log_joint)  # no (K, T) temporary
    marginal = log_total + shift
    if len(gold):
        marginal[gold.tasks] = 0.0
        task_entropy[gold.tasks] = 0.0
    return Posterior(clamp_gold(probas, gold), float(marginal.sum()) + gold_term, float(task_entropy.sum()))


def iterate(
    state: S,
    step: Callable[[S], tuple[S, float]],
    *,
    n_iter: int,
    tol: float,
    on_step: Callable[[int, float], None] | None = None,
) -> tuple[S, list[float]]:
    """Apply ``step`` until its objective gains less than ``tol``, at most ``n_iter`` times.

    Same rule as crowd-kit: stop on the first step whose gain is below ``tol`` (a drop
    also stops). ``on_step(round, objective)`` is called after each step (progress output).
    Returns the last state and the objective after each step.
    """
    history: list[float] = []
    previous = -np.inf
    for _ in range(n_iter):
        state, objective = step(state)
        history.append(objective)
        if on_step is not None:
            on_step(len(history), objective)
        if objective - previous < tol:
            break
        previous = objective
    return state, history
