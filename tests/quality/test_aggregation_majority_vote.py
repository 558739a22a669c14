"""Majority vote: crowd-kit parity on random data, the tie rule, weights and skills."""

from __future__ import annotations

import crowdkit.aggregation as ck
import numpy as np
import pandas as pd
import pytest

from goldlabel.quality.aggregation import MajorityVote
from goldlabel.quality.simulate import simulate_crowd


def tied_tasks(data: pd.DataFrame, weights: pd.Series | None = None) -> pd.Index:
    scored = data.assign(weight=1.0 if weights is None else data["worker"].map(weights))
    votes = scored.groupby(["task", "label"])["weight"].sum().unstack(fill_value=0)
    top = votes.to_numpy().max(axis=1, keepdims=True)
    return votes.index[(np.isclose(votes.to_numpy(), top)).sum(axis=1) > 1]


@pytest.mark.parametrize("seed", range(5))
def test_matches_crowdkit_except_ties(seed: int) -> None:
    data = simulate_crowd(300, n_workers=20, seed=seed).answers
    ours = MajorityVote().fit(data)
    theirs = ck.MajorityVote().fit(data)
    ties = tied_tasks(data)
    untied = ours.labels_.index.difference(ties)
    assert len(untied) > 100
    pd.testing.assert_series_equal(ours.labels_[untied], theirs.labels_[untied], check_dtype=False)
    expected = theirs.probas_.reindex(index=ours.probas_.index, columns=ours.probas_.columns)
    np.testing.assert_allclose(ours.probas_.to_numpy(), expected.to_numpy())
    # skills_: agreement with the aggregate, equal wherever the aggregate is not a tie.
    clean = data[~data["task"].isin(ties)]
    np.testing.assert_allclose(
        MajorityVote().fit(clean).skills_.sort_index(),
        ck.MajorityVote().fit(clean).skills_.sort_index(),
    )


def test_weighted_matches_crowdkit() -> None:
    crowd = simulate_crowd(300, n_workers=15, seed=9)
    rng = np.random.default_rng(0)
    skills = pd.Series(rng.uniform(0.1, 1, 15), index=crowd.worker_types.index)
    ours = MajorityVote().fit_predict(crowd.answers, skills)
    theirs = ck.MajorityVote().fit_predict(crowd.answers, skills)
    untied = ours.index.difference(tied_tasks(crowd.answers, skills))
    pd.testing.assert_series_equal(ours[untied], theirs[untied], check_dtype=False)


def test_tie_goes_to_the_label_that_sorts_first() -> None:
    data = pd.DataFrame(
        {
            "task": ["a", "a", "b", "b", "b", "b"],
            "worker": ["x", "y", "x", "y", "z", "v"],
            "label": ["dog", "cat", "eel", "dog", "dog", "eel"],
        }
    )
    labels = MajorityVote().fit_predict(data)
    assert labels.to_dict() == {"a": "cat", "b": "dog"}
    # Reversing the rows does not change the winner.
    assert MajorityVote().fit_predict(data.iloc[::-1]).to_dict() == labels.to_dict()


def test_skills_weight_votes_and_missing_skills_are_handled() -> None:
    data = {"task": [1, 1, 1], "worker": ["a", "b", "c"], "label": ["x", "x", "y"]}
    assert MajorityVote().fit_predict(data, {"a": 1, "b": 1, "c": 3})[1] == "y"
    with pytest.raises(ValueError, match="no skill for worker"):
        MajorityVote().fit(data, {"a": 1, "b": 1})
    ignored = MajorityVote(on_missing_skill="ignore").fit(data, {"a": 1, "c": 3})
    assert ignored.labels_[1] == "y"
    valued = MajorityVote(on_missing_skill="value", default_skill=5).fit(data, {"a": 1, "c": 3})
    assert valued.labels_[1] == "x"
    with pytest.raises(ValueError, match="default_skill"):
        MajorityVote(on_missing_skill="value")


def test_skills_are_agreement_with_the_aggregate() -> None:
    data = {"task": [1, 1, 1, 2, 2, 2], "worker": list("abcabc"), "label": list("xxyzzz")}
    skills = MajorityVote().fit(data).skills_
    assert skills.to_dict() == {"a": 1.0, "b": 1.0, "c": 0.5}
