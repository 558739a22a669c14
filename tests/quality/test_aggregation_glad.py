"""GLAD: recovers simulated truth, ranks workers, agrees with crowd-kit on a small crowd."""

from __future__ import annotations

import crowdkit.aggregation as ck
import numpy as np
import pandas as pd
import pytest

from goldlabel.quality.aggregation import GLAD, MajorityVote
from goldlabel.quality.simulate import simulate_crowd


def accuracy(labels: pd.Series, truth: pd.Series) -> float:
    return float((labels.reindex(truth.index) == truth).mean())


@pytest.mark.slow  # crowd-kit's GLAD needs ~20 s even for 60 tasks
def test_agrees_with_crowdkit_on_a_small_crowd() -> None:
    crowd = simulate_crowd(60, n_workers=8, mix={"expert": 0.5, "noisy": 0.5}, seed=3)
    ours = GLAD().fit_predict(crowd.answers)
    theirs = ck.GLAD(n_iter=5).fit_predict(crowd.answers)
    assert (ours == theirs.reindex(ours.index)).mean() >= 0.9
    assert accuracy(ours, crowd.truth) >= accuracy(theirs, crowd.truth) - 0.02


def test_beats_majority_vote_with_spammers() -> None:
    crowd = simulate_crowd(2000, n_workers=40, mix={"expert": 0.3, "spammer": 0.7}, seed=8)
    model = GLAD().fit(crowd.answers)
    assert accuracy(model.labels_, crowd.truth) > (
        accuracy(MajorityVote().fit_predict(crowd.answers), crowd.truth) + 0.03
    )
    kinds = crowd.worker_types.reindex(model.alphas_.index)
    assert model.alphas_[kinds == "expert"].min() > model.alphas_[kinds == "spammer"].max()
    np.testing.assert_allclose(model.skills_, 1 / (1 + np.exp(-model.alphas_)))
    assert model.betas_.index.name == "task" and len(model.betas_) == 2000
    assert np.diff(model.loss_history_).min() > -1e-9  # generalised EM never goes down


def test_prior_options() -> None:
    data = {"task": [1, 1, 2, 2], "worker": ["a", "b", "a", "b"], "label": ["x", "y", "x", "y"]}
    skewed = GLAD(labels_priors={"x": 0.9, "y": 0.1}).fit(data)
    assert (skewed.labels_ == "x").all()
    trusted = GLAD(alphas_priors_mean={"b": 4.0}).fit(data)
    assert (trusted.labels_ == "y").all()
    with pytest.raises(ValueError, match="sum to 1"):
        GLAD(labels_priors={"x": 0.5, "y": 0.1}).fit(data)
