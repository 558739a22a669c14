"""Majority vote, plain or weighted by per-worker skills.

The baseline every other model is judged against, and the initialiser of Dawid-Skene.

Tie rule (deterministic): when several labels share the top vote (or weight), the one
that sorts first wins — e.g. labels ``{"cat": 2, "dog": 2}`` give ``"cat"``, ``{1: 1, 0: 1}``
give ``0``. crowd-kit breaks ties by column order, which depends on row order, so the two
agree exactly except on tied tasks.
"""

from __future__ import annotations

from typing import Any, Literal, Self

import numpy as np
import pandas as pd

from goldlabel.quality.aggregation._em import Gold, clamp_gold, class_task_sums, per_worker_sums
from goldlabel.quality.aggregation.base import CategoricalAggregator, worker_series
from goldlabel.quality.table import Floats, LongTable

MissingSkill = Literal["error", "ignore", "value"]


def vote_fractions(table: LongTable, weights: Floats | None = None) -> Floats:
    """(K, T) share of each task's (weighted) votes per label; columns sum to 1."""
    votes = class_task_sums(table, weights)
    totals = votes.sum(axis=0)
    if (totals <= 0).any():
        raise ValueError("every task needs a positive total vote weight")
    votes /= totals
    return votes


class MajorityVote(CategoricalAggregator):
    """Label with the most votes per task; optionally weighted by ``skills`` per worker.

    Fitted attributes: ``labels_``, ``probas_`` (vote shares) and ``skills_`` (each
    worker's agreement rate with the aggregated labels, as crowd-kit reports it).

    Args (crowd-kit's order, positional or by name):
        default_skill: weight of workers missing from ``skills`` when
            ``on_missing_skill="value"``.
        on_missing_skill: ``"error"`` (default) raises on a worker without a skill,
            ``"ignore"`` drops their answers, ``"value"`` uses ``default_skill``.
    """

    skills_: pd.Series

    def __init__(self, default_skill: float | None = None, on_missing_skill: MissingSkill = "error") -> None:
        if on_missing_skill not in ("error", "ignore", "value"):
            raise ValueError(f"on_missing_skill must be error/ignore/value, got {on_missing_skill!r}")
        if on_missing_skill == "value" and default_skill is None:
            raise ValueError('on_missing_skill="value" needs a default_skill')
        self.default_skill = default_skill
        self.on_missing_skill = on_missing_skill

    def __repr__(self) -> str:
        return (
            f"MajorityVote(default_skill={self.default_skill!r}, on_missing_skill={self.on_missing_skill!r})"
        )

    def fit(self, data: Any, skills: Any = None, true_labels: Any = None) -> Self:
        """Fit; ``skills`` (Series/dict worker -> weight) makes it a weighted vote, and
        ``true_labels`` (task -> label) fixes those tasks' labels."""
        return self._fit_with(data, true_labels, lambda table, gold: self._fit_codes(table, gold, skills))

    def fit_predict(self, data: Any, skills: Any = None, true_labels: Any = None) -> pd.Series:
        """Fit, then return ``labels_`` (task -> label)."""
        return self.fit(data, skills, true_labels).labels_

    def fit_predict_proba(self, data: Any, skills: Any = None, true_labels: Any = None) -> pd.DataFrame:
        """Fit, then return ``probas_`` (task x label vote shares)."""
        return self.fit(data, skills, true_labels).probas_

    def _answer_weights(self, table: LongTable, skills: Any) -> Floats:
        per_worker = pd.Series(skills, dtype=np.float64).reindex(table.worker_names).to_numpy(copy=True)
        missing = np.isnan(per_worker)
        if missing.any():
            if self.on_missing_skill == "error":
                names = list(table.worker_names[missing][:5])
                raise ValueError(f"no skill for worker(s) {names}; see on_missing_skill")
            per_worker[missing] = self.default_skill if self.on_missing_skill == "value" else 0.0
        if (per_worker < 0).any():
            raise ValueError("skills must be >= 0")
        weights: Floats = per_worker[table.workers]
        return weights

    def _fit_codes(self, table: LongTable, gold: Gold, skills: Any = None) -> Floats:
        weights = None if skills is None else self._answer_weights(table, skills)
        probas = clamp_gold(vote_fractions(table, weights), gold)
        agreed = table.labels == np.argmax(probas, axis=0)[table.tasks]
        self.skills_ = worker_series(
            per_worker_sums(table, agreed.astype(np.float64)) / per_worker_sums(table),
            table,
            "skill",
        )
        return probas

    def _fit_empty(self, table: LongTable) -> None:
        self.skills_ = worker_series(np.zeros(0), table, "skill")
