"""crowd-kit's call shapes, run side by side with crowd-kit 1.4.2: positional arguments,
progress options, empty input and lists of records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import crowdkit.aggregation as ck
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from quality_strategies import answer_tables

from goldlabel.quality.aggregation import (
    GLAD,
    MACE,
    CategoricalAggregator,
    DawidSkene,
    MajorityVote,
    OneCoinDawidSkene,
)
from goldlabel.quality.simulate import simulate_crowd

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EMPTY = pd.DataFrame({"task": [], "worker": [], "label": []})


def test_dawid_skene_positional_n_iter_tol_as_crowdkit() -> None:
    crowd = simulate_crowd(200, n_workers=15, seed=2)
    ours = DawidSkene(4, 1e-12).fit(crowd.answers)
    theirs = ck.DawidSkene(4, 1e-12).fit(crowd.answers)
    assert (ours.n_iter, ours.tol) == (4, 1e-12)
    assert ours.n_iter_ == len(theirs.loss_history_) == 4
    np.testing.assert_allclose(ours.loss_history_, theirs.loss_history_, rtol=1e-6)
    # A loose positional tol stops both at the same, earlier round.
    ours, theirs = DawidSkene(100, 0.05).fit(crowd.answers), ck.DawidSkene(100, 0.05).fit(crowd.answers)
    assert ours.n_iter_ == len(theirs.loss_history_) < 100


def test_one_coin_positional_n_iter_tol_as_crowdkit() -> None:
    crowd = simulate_crowd(150, n_workers=12, seed=4)
    ours = OneCoinDawidSkene(3, 1e-12).fit(crowd.answers)
    theirs = ck.OneCoinDawidSkene(3, 1e-12).fit(crowd.answers)
    assert ours.n_iter_ == len(theirs.loss_history_) == 3
    assert (ours.labels_ == theirs.labels_.reindex(ours.labels_.index)).mean() >= 0.99


def test_glad_and_mace_take_crowdkit_positions() -> None:
    priors = {0: 0.5, 1: 0.5}
    glad = GLAD(7, 1e-3, True, priors, {"a": 2.0}, {1: 0.5}, 3, 0.1)
    assert (glad.n_iter, glad.tol, glad.silent, glad.labels_priors) == (7, 1e-3, True, priors)
    assert (glad.alphas_priors_mean, glad.betas_priors_mean) == ({"a": 2.0}, {1: 0.5})
    assert (glad.m_step_max_iter, glad.m_step_tol) == (3, 0.1)
    mace = MACE(3, 20, "em", 0.2, 0.4, 0.6, 0.7, 11, 1)
    got = (mace.n_restarts, mace.n_iter, mace.method, mace.smoothing, mace.default_noise)
    assert got == (3, 20, "em", 0.2, 0.4)
    assert (mace.alpha, mace.beta, mace.random_state, mace.verbose) == (0.6, 0.7, 11, 1)
    # Fitting with the positional form equals fitting with names.
    data = simulate_crowd(80, n_workers=8, seed=1).answers
    named = GLAD(n_iter=7, tol=1e-3, silent=True, m_step_max_iter=3, m_step_tol=0.1).fit(data)
    positional = GLAD(7, 1e-3, True, None, None, None, 3, 0.1).fit(data)
    pd.testing.assert_frame_equal(named.probas_, positional.probas_)
    named_mace = MACE(n_restarts=2, n_iter=10, method="em", random_state=3).fit(data)
    positional_mace = MACE(2, 10, "em", None, 0.5, 0.5, 0.5, 3).fit(data)
    pd.testing.assert_frame_equal(named_mace.probas_, positional_mace.probas_)


def test_majority_vote_positional_arguments_as_crowdkit() -> None:
    crowd = simulate_crowd(200, n_workers=10, seed=5)
    known = pd.Series(np.linspace(0.2, 1.0, 6), index=crowd.worker_types.index[:6])
    ours = MajorityVote(0.05, "value").fit(crowd.answers, known)
    theirs = ck.MajorityVote(0.05, "value").fit(crowd.answers, known)
    assert (ours.default_skill, ours.on_missing_skill) == (0.05, "value")
    expected = theirs.probas_.reindex(index=ours.probas_.index, columns=ours.probas_.columns).fillna(0.0)
    np.testing.assert_allclose(ours.probas_.to_numpy(), expected.to_numpy())
    labels = MajorityVote(0.05, "value").fit_predict(crowd.answers, known)
    pd.testing.assert_series_equal(labels, ours.labels_)


def test_glad_silent_controls_progress_like_crowdkit(capsys: pytest.CaptureFixture[str]) -> None:
    data = simulate_crowd(6, n_workers=4, n_classes=2, labels_per_task=(2, 3), seed=1).answers
    GLAD(3, 0.0, True).fit(data)
    assert capsys.readouterr().err == ""
    model = GLAD(3, 0.0, False).fit(data)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == model.n_iter_ == 3
    assert lines[0].startswith("GLAD iteration 1/3: Q = ")
    # crowd-kit: nothing when silent, a progress bar on stderr when not.
    ck.GLAD(1, silent=True, m_step_max_iter=1).fit(data)
    assert capsys.readouterr().err == ""
    ck.GLAD(1, silent=False, m_step_max_iter=1).fit(data)
    assert "Q = " in capsys.readouterr().err  # tqdm's bar, described by the objective as ours
    with pytest.raises(ValueError, match="silent"):
        GLAD(silent="no")  # type: ignore[arg-type]


def test_mace_verbose_controls_progress_like_crowdkit(capsys: pytest.CaptureFixture[str]) -> None:
    data = simulate_crowd(30, n_workers=6, n_classes=3, seed=2).answers
    MACE(2, 6, verbose=0, restart_iter=2, tol=0.0).fit(data)
    assert capsys.readouterr().err == ""
    MACE(2, 6, verbose=1, restart_iter=2, tol=0.0).fit(data)
    restarts = capsys.readouterr().err.strip().splitlines()
    assert [line.split(":")[0] for line in restarts] == ["MACE restart 1/2", "MACE restart 2/2"]
    model = MACE(2, 6, verbose=2, restart_iter=2, tol=0.0).fit(data)
    lines = capsys.readouterr().err.strip().splitlines()
    rounds = [line for line in lines if "iteration" in line]
    assert len(rounds) == 2 * 2 + (model.n_iter_ - 2)  # every restart's rounds, then the kept one's
    assert len(lines) == len(rounds) + 2
    ck.MACE(2, 2, verbose=0).fit(data)
    assert capsys.readouterr().err == ""
    ck.MACE(2, 2, verbose=1).fit(data)
    assert "Restarts" in capsys.readouterr().err
    with pytest.raises(ValueError, match="verbose"):
        MACE(verbose=-1)


AGGREGATORS: dict[str, tuple[Callable[[], CategoricalAggregator], Callable[[], Any]]] = {
    "mv": (MajorityVote, ck.MajorityVote),
    "ds": (DawidSkene, ck.DawidSkene),
    "one_coin": (OneCoinDawidSkene, ck.OneCoinDawidSkene),
    "glad": (GLAD, ck.GLAD),
    "mace": (MACE, ck.MACE),
}
FITTED = {
    "mv": {"skills_"},
    "ds": {"priors_", "errors_"},
    "one_coin": {"priors_", "errors_", "skills_"},
    "glad": {"priors_", "alphas_", "betas_", "skills_"},
    "mace": {"skills_", "strategies_"},
}


@pytest.mark.parametrize("name", AGGREGATORS)
@pytest.mark.parametrize(
    "empty", [EMPTY, [], {"task": [], "worker": [], "label": []}], ids=["frame", "records", "dict"]
)
def test_empty_input_gives_empty_results(name: str, empty: Any) -> None:
    ours_factory, theirs_factory = AGGREGATORS[name]
    labels = ours_factory().fit_predict(empty)
    probas = ours_factory().fit_predict_proba(empty)
    assert isinstance(labels, pd.Series) and labels.empty and labels.name == "agg_label"
    assert isinstance(probas, pd.DataFrame) and probas.shape == (0, 0)
    assert labels.index.name == probas.index.name == "task"
    model = ours_factory().fit(empty)
    for attribute in FITTED[name]:
        value = getattr(model, attribute)
        assert isinstance(value, pd.Series | pd.DataFrame) and value.empty, attribute
    if hasattr(model, "n_iter_"):
        assert model.n_iter_ == 0 and model.loss_history_ == []
    if name == "mace":
        assert model.spamming_.shape == (0, 2) and model.thetas_.shape == (0, 0)
    if name in ("glad", "mace"):
        # crowd-kit divides by zero here; we return the empty result instead.
        with pytest.raises(ZeroDivisionError):
            theirs_factory().fit_predict(EMPTY)
    else:
        theirs = theirs_factory().fit_predict(EMPTY)
        assert isinstance(theirs, pd.Series) and theirs.empty and theirs.name == labels.name
        assert theirs_factory().fit_predict_proba(EMPTY).shape == probas.shape


@pytest.mark.parametrize("name", AGGREGATORS)
def test_list_of_records_equals_the_frame(name: str) -> None:
    data = simulate_crowd(60, n_workers=8, seed=6).answers
    ours_factory, _ = AGGREGATORS[name]
    from_frame = ours_factory().fit(data)
    from_records = ours_factory().fit(data.to_dict("records"))
    pd.testing.assert_frame_equal(from_records.probas_, from_frame.probas_)
    pd.testing.assert_series_equal(from_records.labels_, from_frame.labels_)


@pytest.mark.parametrize("name", ["mv", "ds", "glad"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=answer_tables(n_tasks=7, workers="abcde"))
def test_records_dict_and_frame_are_one_input(name: str, data: pd.DataFrame) -> None:
    factory = AGGREGATORS[name][0]
    expected = factory().fit_predict_proba(data)
    for same in (data.to_dict("records"), data.to_dict("list")):
        pd.testing.assert_frame_equal(factory().fit_predict_proba(same), expected)


def test_records_are_checked() -> None:
    with pytest.raises(ValueError, match="missing column"):
        DawidSkene().fit([{"task": 1, "worker": "a"}])
    with pytest.raises(ValueError, match="missing values"):
        DawidSkene().fit([{"task": 1, "worker": "a", "label": "x"}, {"task": 2, "worker": "a"}])
    with pytest.raises(TypeError, match="list of records"):
        DawidSkene().fit([(1, "a", "x")])
