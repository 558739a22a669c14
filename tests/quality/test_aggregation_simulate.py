"""The simulated crowds used by tests and benchmarks: seeded, well-formed, typed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from goldlabel.quality.simulate import WORKER_TYPES, simulate_crowd


def test_same_seed_same_crowd_and_different_seed_differs() -> None:
    first, second = simulate_crowd(500, seed=3), simulate_crowd(500, seed=3)
    pd.testing.assert_frame_equal(first.answers, second.answers)
    pd.testing.assert_series_equal(first.truth, second.truth)
    assert not simulate_crowd(500, seed=4).answers.equals(first.answers)


def test_shape_of_the_crowd() -> None:
    crowd = simulate_crowd(2000, n_workers=60, seed=1)
    answers = crowd.answers
    assert list(answers.columns) == ["task", "worker", "label"]
    per_task = answers.groupby("task").size()
    assert per_task.min() >= 3 and per_task.max() <= 5 and len(per_task) == 2000
    assert not answers.duplicated(["task", "worker"]).any()
    assert set(answers["label"]) <= set(range(5)) and set(crowd.truth) == set(range(5))
    assert set(crowd.worker_types) <= set(WORKER_TYPES) and len(crowd.worker_types) == 60


def test_worker_types_behave_as_named() -> None:
    crowd = simulate_crowd(6000, n_workers=50, seed=2)
    joined = crowd.answers.join(crowd.truth, on="task").join(crowd.worker_types, on="worker")
    accuracy = (joined["label"] == joined["true_label"]).groupby(joined["type"]).mean()
    assert accuracy["expert"] > 0.8
    assert accuracy["spammer"] == pytest.approx(0.2, abs=0.05)
    assert accuracy["adversarial"] < 0.4
    biased = joined[joined["type"] == "biased"]
    top_share = biased.groupby("worker")["label"].agg(lambda s: s.value_counts(normalize=True).iloc[0])
    assert top_share.min() > 0.4


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_tasks": 0}, "n_tasks"),
        ({"n_tasks": 10, "n_classes": 1}, "n_classes"),
        ({"n_tasks": 10, "labels_per_task": (4, 3)}, "labels_per_task"),
        ({"n_tasks": 10, "mix": {"robot": 1.0}}, "mix"),
        ({"n_tasks": 10, "n_workers": 3}, "n_workers"),
    ],
)
def test_rejects_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        simulate_crowd(**kwargs)


def test_answers_are_shuffled() -> None:
    tasks = simulate_crowd(300, seed=0).answers["task"].to_numpy()
    assert (np.diff(tasks) < 0).any()
