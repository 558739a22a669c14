"""Dawid-Skene: crowd-kit parity on random crowds, recovery of simulated truth, gold."""

from __future__ import annotations

import crowdkit.aggregation as ck
import numpy as np
import pandas as pd
import pytest

from goldlabel.quality.aggregation import DawidSkene, MajorityVote
from goldlabel.quality.simulate import simulate_crowd

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def accuracy(labels: pd.Series, truth: pd.Series) -> float:
    return float((labels.reindex(truth.index) == truth).mean())


@pytest.mark.parametrize("seed", range(3))
def test_matches_crowdkit_on_simulated_crowds(seed: int) -> None:
    crowd = simulate_crowd(300, n_workers=25, seed=seed)
    ours = DawidSkene().fit(crowd.answers)
    theirs = ck.DawidSkene().fit(crowd.answers)
    agree = (ours.labels_ == theirs.labels_.reindex(ours.labels_.index)).mean()
    assert agree >= 0.99
    assert accuracy(ours.labels_, crowd.truth) >= accuracy(theirs.labels_, crowd.truth)
    assert ours.n_iter_ == len(theirs.loss_history_)
    np.testing.assert_allclose(ours.loss_history_, theirs.loss_history_, rtol=1e-6)
    np.testing.assert_allclose(
        ours.priors_.to_numpy(), theirs.priors_.reindex(ours.priors_.index).to_numpy(), atol=1e-6
    )
    # errors_: crowd-kit's layout, rows (worker, observed label) actually seen.
    expected = theirs.errors_.reindex(index=ours.errors_.index, columns=ours.errors_.columns)
    assert expected.notna().all().all() and len(expected) == len(theirs.errors_)
    np.testing.assert_allclose(ours.errors_.to_numpy(), expected.to_numpy(), atol=1e-5)


def test_matches_crowdkit_on_uniformly_random_answers() -> None:
    rng = np.random.default_rng(5)
    data = pd.DataFrame(
        {
            "task": rng.integers(0, 100, 400),
            "worker": rng.choice(list("abcdefgh"), 400),
            "label": rng.choice(["no", "yes", "maybe"], 400),
        }
    )
    ours = DawidSkene(n_iter=15).fit_predict(data)
    theirs = ck.DawidSkene(n_iter=15).fit_predict(data)
    assert (ours == theirs.reindex(ours.index)).mean() >= 0.99


def test_gold_matches_crowdkit_true_labels() -> None:
    crowd = simulate_crowd(200, n_workers=20, seed=11)
    gold = crowd.truth.iloc[:40]
    ours = DawidSkene().fit(crowd.answers, true_labels=gold)
    theirs = ck.DawidSkene().fit(crowd.answers, true_labels=gold)
    assert (ours.labels_[gold.index] == gold).all()
    assert (ours.labels_ == theirs.labels_.reindex(ours.labels_.index)).mean() >= 0.99


def test_beats_majority_vote_with_spammers_and_adversaries() -> None:
    mix = {"expert": 0.2, "noisy": 0.2, "spammer": 0.3, "adversarial": 0.3}
    crowd = simulate_crowd(3000, n_workers=60, mix=mix, seed=2)
    ds = accuracy(DawidSkene().fit_predict(crowd.answers), crowd.truth)
    mv = accuracy(MajorityVote().fit_predict(crowd.answers), crowd.truth)
    assert ds > mv + 0.05
    # Recovered confusions: experts' diagonals beat spammers'.
    errors = DawidSkene().fit(crowd.answers).errors_
    diagonal = errors.groupby("worker").apply(
        lambda m: np.mean([m.loc[(m.name, c), c] for c in m.columns if (m.name, c) in m.index])
    )
    kinds = crowd.worker_types.reindex(diagonal.index)
    assert diagonal[kinds == "expert"].mean() > diagonal[kinds == "spammer"].mean() + 0.3


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="n_iter"):
        DawidSkene(n_iter=0)
    with pytest.raises(ValueError, match="tol"):
        DawidSkene(tol=-1)
    assert repr(DawidSkene(5)) == "DawidSkene(n_iter=5, tol=1e-05)"
