"""Dawid-Skene: crowd-kit parity on random crowds, recovery of simulated truth, gold."""

from __future__ import annotations

import crowdkit.aggregation as ck
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from quality_strategies import answer_tables

from goldlabel.quality.aggregation import DawidSkene, MajorityVote, OneCoinDawidSkene
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
    ).drop_duplicates(["task", "worker"])  # one answer per worker and task, the table's rule
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


def history_counts(answers: pd.DataFrame) -> pd.DataFrame:
    """Historical confusion counts in crowd-kit's layout: (worker, label) rows, true-label columns."""
    return (DawidSkene(5).fit(answers).errors_ * 40).round() + 1


def assert_same_fit(ours: DawidSkene, theirs: ck.DawidSkene) -> None:
    assert ours.n_iter_ == len(theirs.loss_history_)
    np.testing.assert_allclose(ours.loss_history_, theirs.loss_history_, rtol=1e-6)
    assert (ours.labels_ == theirs.labels_.reindex(ours.labels_.index)).all()
    expected = theirs.errors_.reindex(index=ours.errors_.index, columns=ours.errors_.columns)
    np.testing.assert_allclose(ours.errors_.to_numpy(), expected.to_numpy(), atol=1e-5)


def test_initial_error_addition_matches_crowdkit() -> None:
    crowd = simulate_crowd(300, n_workers=25, seed=0)
    past = history_counts(simulate_crowd(300, n_workers=25, seed=7).answers)
    workers = past.index.get_level_values("worker")
    # Partial: ten workers only, one true-label column missing (counts as 0), plus a worker
    # absent from this data (unused) — and rows for labels a worker did not give here.
    partial = past[workers.isin(sorted(set(workers))[:10])].drop(columns=[4])
    stranger = pd.DataFrame([[5.0, 1, 1, 1]], columns=[0, 1, 2, 3])
    stranger.index = pd.MultiIndex.from_tuples([("nobody", 0)], names=["worker", "label"])
    initial = pd.concat([partial, stranger])
    ours = DawidSkene(100, 1e-5, "addition").fit(crowd.answers, initial_error=initial)
    theirs = ck.DawidSkene(100, 1e-5, "addition").fit(crowd.answers, initial_error=initial)
    assert_same_fit(ours, theirs)
    plain = DawidSkene().fit(crowd.answers)
    assert ours.loss_history_[0] != pytest.approx(plain.loss_history_[0])  # it did change the start
    # The same through fit_predict / fit_predict_proba, positionally as in crowd-kit.
    model = DawidSkene(100, 1e-5, "addition")
    pd.testing.assert_series_equal(model.fit_predict(crowd.answers, None, initial), ours.labels_)
    pd.testing.assert_frame_equal(model.fit_predict_proba(crowd.answers, None, initial), ours.probas_)


@pytest.mark.parametrize("kind", ["counts", "probabilities"])
def test_initial_error_assign_matches_crowdkit(kind: str) -> None:
    crowd = simulate_crowd(300, n_workers=25, seed=3)
    gold = crowd.truth.iloc[:30]
    counts = history_counts(crowd.answers)
    # Every observed pair has a row; add rows for labels some workers never gave here: they
    # take a share of each column's mass in crowd-kit's normalisation, and so in ours.
    unseen = [
        (w, label) for w in sorted(set(counts.index.get_level_values("worker")))[:5] for label in range(5)
    ]
    unseen = [pair for pair in unseen if pair not in counts.index]
    extra = pd.DataFrame(
        3.0, index=pd.MultiIndex.from_tuples(unseen, names=["worker", "label"]), columns=counts.columns
    )
    initial = pd.concat([counts, extra])
    if kind == "probabilities":
        initial = initial / initial.groupby(level="worker").transform("sum")
    ours = DawidSkene(100, 1e-5, "assign").fit(crowd.answers, gold, initial)
    theirs = ck.DawidSkene(100, 1e-5, "assign").fit(crowd.answers, gold, initial)
    assert_same_fit(ours, theirs)


def test_initial_error_refusals() -> None:
    crowd = simulate_crowd(100, n_workers=10, seed=1)
    counts = history_counts(crowd.answers)
    with pytest.raises(ValueError, match="initial_error_strategy='assign' or 'addition'"):
        DawidSkene().fit(crowd.answers, initial_error=counts)  # crowd-kit ignores it silently
    with pytest.raises(ValueError, match="initial_error_strategy must be"):
        DawidSkene(10, 1e-5, "replace")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"indexed by \(worker, label\)"):
        DawidSkene(initial_error_strategy="addition").fit(crowd.answers, initial_error=counts.reset_index())
    with pytest.raises(ValueError, match="not labels in data"):
        DawidSkene(initial_error_strategy="addition").fit(crowd.answers, initial_error=counts.assign(z=1.0))
    with pytest.raises(ValueError, match="finite numbers >= 0"):
        DawidSkene(initial_error_strategy="addition").fit(crowd.answers, initial_error=-counts)
    with pytest.raises(ValueError, match="repeated"):
        DawidSkene(initial_error_strategy="addition").fit(
            crowd.answers, initial_error=pd.concat([counts, counts])
        )
    with pytest.raises(ValueError, match="column for every label"):
        DawidSkene(initial_error_strategy="assign").fit(crowd.answers, initial_error=counts.drop(columns=[0]))
    # Refusals crowd-kit shares: assign without every observed pair, or probabilities that
    # do not sum to 1.
    partial = counts.iloc[3:]
    for model in (
        DawidSkene(initial_error_strategy="assign"),
        ck.DawidSkene(initial_error_strategy="assign"),
    ):
        with pytest.raises(ValueError, match=r"(?i)all the workers|every \(worker, label\) pair"):
            model.fit(crowd.answers, initial_error=partial)
        with pytest.raises(ValueError, match=r"(?i)sum"):
            model.fit(crowd.answers, initial_error=counts / counts.to_numpy().max() / 2)


def test_one_coin_refuses_initial_error() -> None:
    crowd = simulate_crowd(50, n_workers=6, seed=1)
    with pytest.raises(ValueError, match="one accuracy per worker"):
        OneCoinDawidSkene(100, 1e-5, "addition")
    with pytest.raises(ValueError, match="one accuracy per worker"):
        OneCoinDawidSkene().fit(crowd.answers, initial_error=history_counts(crowd.answers))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=answer_tables(min_size=2), scale=st.floats(2.0, 50.0))
def test_seeding_with_the_data_own_start_changes_nothing(data: pd.DataFrame, scale: float) -> None:
    """The seed enters only through the first M-step: "addition" of zeros reproduces the
    unseeded fit, and "assign" with the counts that step would estimate anyway (majority-vote
    posteriors summed per (worker, label)), at any scale, reproduces its first round (later
    rounds can drift on tiny degenerate crowds: the EPS floor is relative to the scale)."""
    votes = MajorityVote().fit(data).probas_
    own_start = data.join(votes, on="task").groupby(["worker", "label"])[list(votes.columns)].sum()
    cases = [
        (DawidSkene(20), DawidSkene(20, 1e-5, "addition").fit(data, initial_error=own_start * 0.0)),
        (DawidSkene(1), DawidSkene(1, 1e-5, "assign").fit(data, initial_error=own_start * scale)),
    ]
    for unseeded, seeded in cases:
        plain = unseeded.fit(data)
        assert seeded.n_iter_ == plain.n_iter_
        np.testing.assert_allclose(seeded.loss_history_, plain.loss_history_, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(seeded.probas_.to_numpy(), plain.probas_.to_numpy(), atol=1e-8)
