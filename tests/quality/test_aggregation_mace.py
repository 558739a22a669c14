"""MACE: spots spammers (including one-label spammers) and recovers simulated truth."""

from __future__ import annotations

import crowdkit.aggregation as ck
import numpy as np
import pandas as pd
import pytest

from goldlabel.quality.aggregation import MACE, MajorityVote
from goldlabel.quality.simulate import simulate_crowd


def accuracy(labels: pd.Series, truth: pd.Series) -> float:
    return float((labels.reindex(truth.index) == truth).mean())


def test_agrees_with_crowdkit_on_a_small_crowd() -> None:
    crowd = simulate_crowd(60, n_workers=8, mix={"expert": 0.5, "noisy": 0.5}, seed=3)
    ours = MACE().fit_predict(crowd.answers)
    theirs = ck.MACE(n_restarts=1, n_iter=20).fit_predict(crowd.answers)
    assert (ours == theirs.reindex(ours.index)).mean() >= 0.9
    assert accuracy(ours, crowd.truth) >= accuracy(theirs, crowd.truth) - 0.02


@pytest.mark.parametrize("method", ["vb", "em"])
def test_finds_spammers_and_beats_majority_vote(method: str) -> None:
    crowd = simulate_crowd(2000, n_workers=40, mix={"expert": 0.3, "spammer": 0.7}, seed=8)
    model = MACE(method=method).fit(crowd.answers)
    assert accuracy(model.labels_, crowd.truth) > (
        accuracy(MajorityVote().fit_predict(crowd.answers), crowd.truth) + 0.03
    )
    kinds = crowd.worker_types.reindex(model.skills_.index)
    assert model.skills_[kinds == "expert"].min() > model.skills_[kinds == "spammer"].max()
    np.testing.assert_allclose(model.spamming_.sum(axis=1), 1.0, atol=0.2 if method == "vb" else 1e-9)
    assert model.strategies_.shape == (40, 5)


def test_one_label_spammer_gets_low_competence() -> None:
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, 300)
    rows = [(t, w, truth[t]) for t in range(300) for w in ("a", "b", "c")]
    rows += [(t, "lazy", 0) for t in range(300)]
    data = pd.DataFrame(rows, columns=["task", "worker", "label"])
    skills = MACE().fit(data).skills_
    assert skills["lazy"] < 0.5 < skills[["a", "b", "c"]].min()


def test_full_length_restarts_keep_the_most_likely_start() -> None:
    crowd = simulate_crowd(300, n_workers=20, seed=5)
    one = MACE(n_restarts=1).fit(crowd.answers)
    many = MACE(n_restarts=5, restart_iter=50).fit(crowd.answers)
    assert many.log_likelihood_ >= one.log_likelihood_ - 1e-9


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="method"):
        MACE(method="gibbs")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alpha"):
        MACE(alpha=0)
