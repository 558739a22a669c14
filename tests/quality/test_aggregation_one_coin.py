"""One-coin Dawid-Skene: crowd-kit parity and per-worker accuracies."""

from __future__ import annotations

import crowdkit.aggregation as ck
import numpy as np
import pytest

from goldlabel.quality.aggregation import OneCoinDawidSkene
from goldlabel.quality.aggregation.one_coin import one_coin_confusions
from goldlabel.quality.simulate import simulate_crowd


def test_matches_crowdkit() -> None:
    crowd = simulate_crowd(150, n_workers=12, seed=4)
    ours = OneCoinDawidSkene().fit(crowd.answers)
    theirs = ck.OneCoinDawidSkene().fit(crowd.answers)
    assert (ours.labels_ == theirs.labels_.reindex(ours.labels_.index)).mean() >= 0.99
    assert ours.n_iter_ == len(theirs.loss_history_)
    np.testing.assert_allclose(
        ours.skills_.to_numpy(), theirs.skills_.reindex(ours.skills_.index).to_numpy(), atol=1e-3
    )


def test_skills_rank_experts_above_spammers() -> None:
    crowd = simulate_crowd(2000, n_workers=40, mix={"expert": 0.5, "spammer": 0.5}, seed=1)
    model = OneCoinDawidSkene().fit(crowd.answers)
    kinds = crowd.worker_types.reindex(model.skills_.index)
    assert model.skills_[kinds == "expert"].min() > model.skills_[kinds == "spammer"].max()
    assert model.skills_[kinds == "spammer"].mean() == pytest.approx(0.2, abs=0.05)


def test_confusions_are_column_stochastic() -> None:
    errors = one_coin_confusions(np.array([0.9, 0.2, 1.0]), 4)
    np.testing.assert_allclose(errors.sum(axis=1), 1.0)
    assert errors[0, 2, 2] == pytest.approx(0.9) and errors[0, 1, 2] == pytest.approx(0.1 / 3)
