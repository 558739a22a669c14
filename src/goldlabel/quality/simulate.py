"""Simulated crowds with known truth, for tests and benchmarks of truth inference.

Real crowds mix careful experts, hurried annotators, spammers, annotators who favour one
class and a few who are systematically wrong; majority vote is fooled by the last three,
which is the point of weighted models. Every draw comes from one seeded generator, so a
(seed, arguments) pair always gives the same crowd.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

WORKER_TYPES = ("expert", "noisy", "spammer", "biased", "adversarial")
DEFAULT_MIX: Mapping[str, float] = {
    "expert": 0.2,
    "noisy": 0.35,
    "spammer": 0.2,
    "biased": 0.15,
    "adversarial": 0.1,
}


@dataclass(frozen=True, slots=True)
class SimulatedCrowd:
    """A simulated labelling run.

    - ``answers``: long DataFrame with columns ``task`` (int), ``worker`` (str), ``label``
      (int class in ``range(n_classes)``), rows in random order;
    - ``truth``: Series task -> true label, for every task;
    - ``worker_types``: Series worker -> one of :data:`WORKER_TYPES`.
    """

    answers: pd.DataFrame
    truth: pd.Series
    worker_types: pd.Series


def _with_off_diagonal(accuracy: np.ndarray, k: int) -> np.ndarray:
    """(n, k, k) matrices: ``accuracy`` on the diagonal, the rest spread evenly."""
    off = (1 - accuracy) / (k - 1)
    matrices = np.broadcast_to(off[:, None, None], (len(accuracy), k, k)).copy()
    matrices[:, np.arange(k), np.arange(k)] = accuracy[:, None]
    return matrices


def _confusions(kinds: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Per-worker P(answer | truth) as (W, k_true, k_answer), rows summing to 1."""
    w = len(kinds)
    conf = _with_off_diagonal(np.full(w, 1.0 / k), k)  # spammers: uniform
    expert = kinds == "expert"
    conf[expert] = _with_off_diagonal(rng.uniform(0.85, 0.97, expert.sum()), k)
    noisy = kinds == "noisy"
    conf[noisy] = _with_off_diagonal(rng.uniform(0.5, 0.75, noisy.sum()), k)
    biased = np.flatnonzero(kinds == "biased")
    pull = rng.uniform(0.4, 0.7, len(biased))
    favourite = rng.integers(0, k, len(biased))
    conf[biased] = (1 - pull)[:, None, None] * _with_off_diagonal(np.full(len(biased), 0.85), k)
    conf[biased, :, favourite] += pull[:, None]
    adversarial = np.flatnonzero(kinds == "adversarial")
    wrong = rng.uniform(0.6, 0.9, len(adversarial))
    shift = rng.integers(1, k, len(adversarial))
    honest = (1 - wrong)[:, None, None] * np.eye(k)
    swapped = np.eye(k)[(np.arange(k)[None, :] + shift[:, None]) % k]  # row c -> c + shift
    conf[adversarial] = honest + wrong[:, None, None] * swapped
    return conf


def _distinct_workers(n_tasks: int, width: int, activity: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(n_tasks, width) worker codes, distinct within each row, drawn by ``activity``."""
    picks = np.sort(rng.choice(len(activity), size=(n_tasks, width), p=activity), axis=1)
    while True:
        repeated = np.zeros_like(picks, dtype=bool)
        repeated[:, 1:] = picks[:, 1:] == picks[:, :-1]
        if not repeated.any():
            return rng.permuted(picks, axis=1)
        picks[repeated] = rng.choice(len(activity), size=int(repeated.sum()), p=activity)
        picks.sort(axis=1)


def simulate_crowd(
    n_tasks: int,
    *,
    n_workers: int | None = None,
    n_classes: int = 5,
    labels_per_task: tuple[int, int] = (3, 5),
    mix: Mapping[str, float] = DEFAULT_MIX,
    seed: int = 0,
) -> SimulatedCrowd:
    """Draw a crowd labelling ``n_tasks`` items of ``n_classes`` imbalanced classes.

    Each task gets between ``labels_per_task[0]`` and ``[1]`` answers (uniform) from
    distinct workers; busier workers are drawn more often. ``mix`` gives the share of each
    worker type (normalised). ``n_workers`` defaults to ``n_tasks // 20`` within [20, 1000].
    """
    low, high = labels_per_task
    if n_tasks < 1:
        raise ValueError(f"n_tasks must be >= 1, got {n_tasks}")
    if n_classes < 2:
        raise ValueError(f"n_classes must be >= 2, got {n_classes}")
    if not 1 <= low <= high:
        raise ValueError(f"labels_per_task must satisfy 1 <= low <= high, got {labels_per_task}")
    unknown = set(mix) - set(WORKER_TYPES)
    if unknown or not mix or min(mix.values()) < 0 or sum(mix.values()) <= 0:
        raise ValueError(f"mix needs non-negative shares over {WORKER_TYPES}, got {dict(mix)}")
    n_workers = n_workers if n_workers is not None else int(np.clip(n_tasks // 20, 20, 1000))
    if n_workers < high:
        raise ValueError(f"n_workers ({n_workers}) must be >= labels_per_task[1] ({high})")

    rng = np.random.default_rng(seed)
    names, shares = zip(*mix.items(), strict=True)
    kinds = rng.choice(np.array(names), size=n_workers, p=np.array(shares) / sum(shares))
    conf = _confusions(kinds, n_classes, rng)
    class_prior = 0.8 ** np.arange(n_classes)
    truth = rng.choice(n_classes, size=n_tasks, p=class_prior / class_prior.sum())

    activity = rng.gamma(2.0, size=n_workers)
    workers = _distinct_workers(n_tasks, high, activity / activity.sum(), rng)
    keep = np.arange(high)[None, :] < rng.integers(low, high + 1, n_tasks)[:, None]
    tasks = np.broadcast_to(np.arange(n_tasks)[:, None], workers.shape)[keep]
    workers = workers[keep]
    cdf = np.cumsum(conf[workers, truth[tasks]], axis=1)
    labels = (rng.random(len(tasks))[:, None] > cdf[:, :-1]).sum(axis=1)

    order = rng.permutation(len(tasks))
    worker_names = np.array([f"w{i:04d}" for i in range(n_workers)])
    answers = pd.DataFrame(
        {"task": tasks[order], "worker": worker_names[workers[order]], "label": labels[order]}
    )
    return SimulatedCrowd(
        answers=answers,
        truth=pd.Series(truth, index=pd.RangeIndex(n_tasks, name="task"), name="true_label"),
        worker_types=pd.Series(kinds, index=pd.Index(worker_names, name="worker"), name="type"),
    )
