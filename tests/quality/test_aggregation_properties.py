"""Properties every aggregator must have, checked with hypothesis on small random tables."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldlabel.quality.aggregation import (
    GLAD,
    MACE,
    CategoricalAggregator,
    DawidSkene,
    MajorityVote,
    OneCoinDawidSkene,
)
from goldlabel.quality.table import DuplicateAnswerError

FACTORIES: dict[str, Callable[[], CategoricalAggregator]] = {
    "mv": MajorityVote,
    "ds": DawidSkene,
    "one_coin": OneCoinDawidSkene,
    "glad": GLAD,
    "mace": lambda: MACE(n_restarts=1),  # one deterministic start: order-free by design
}
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def answers(draw: st.DrawFn, *, agree: bool = False) -> pd.DataFrame:
    """1-12 tasks, each answered by 1-4 distinct workers out of 6, labels from 2-4 names.

    With ``agree``, the same workers answer every task and all give its true label: a
    worker seen giving a single label is, to Dawid-Skene as to crowd-kit, no evidence at
    all (an always-"cat" spammer looks the same), so full overlap is what makes agreement
    identifiable.
    """
    n_tasks = draw(st.integers(1, 12))
    label_names = ["cat", "dog", "eel", "fox"][: draw(st.integers(2, 4))]
    crew = draw(st.lists(st.integers(0, 5), min_size=1, max_size=4, unique=True))
    rows = []
    for task in range(n_tasks):
        workers = crew if agree else draw(st.lists(st.integers(0, 5), min_size=1, max_size=4, unique=True))
        truth = draw(st.sampled_from(label_names))
        for worker in workers:
            label = truth if agree else draw(st.sampled_from(label_names))
            rows.append((f"t{task}", f"w{worker}", label))
    return pd.DataFrame(rows, columns=["task", "worker", "label"])


def assert_valid_posteriors(model: CategoricalAggregator, data: pd.DataFrame) -> None:
    probas = model.probas_
    assert list(probas.index) == list(pd.unique(data["task"]))
    assert list(probas.columns) == sorted(pd.unique(data["label"]))
    values = probas.to_numpy()
    assert np.isfinite(values).all()
    assert ((values >= 0) & (values <= 1)).all()
    np.testing.assert_allclose(values.sum(axis=1), 1.0, atol=1e-9)
    # labels_ is the argmax, first label in sorted order on ties.
    assert (model.labels_ == probas.columns[values.argmax(axis=1)]).all()


@pytest.mark.parametrize("name", FACTORIES)
@SETTINGS
@given(data=answers(), seed=st.integers(0, 2**32 - 1))
def test_posteriors_are_distributions_and_order_free(name: str, data: pd.DataFrame, seed: int) -> None:
    model = FACTORIES[name]().fit(data)
    assert_valid_posteriors(model, data)
    shuffled = data.sample(frac=1.0, random_state=np.random.RandomState(seed % 2**31))
    again = FACTORIES[name]().fit(shuffled)
    pd.testing.assert_frame_equal(
        again.probas_.loc[model.probas_.index], model.probas_, check_exact=False, atol=1e-6
    )


@pytest.mark.parametrize("name", FACTORIES)
@SETTINGS
@given(data=answers())
def test_renaming_workers_changes_nothing(name: str, data: pd.DataFrame) -> None:
    renamed = data.assign(worker=data["worker"].map(lambda w: f"annotator-{w[::-1]}"))
    first = FACTORIES[name]().fit(data).probas_
    second = FACTORIES[name]().fit(renamed).probas_
    pd.testing.assert_frame_equal(first, second, check_exact=False, atol=1e-6)


@pytest.mark.parametrize("name", FACTORIES)
@SETTINGS
@given(data=answers(agree=True))
def test_perfect_agreement_gives_that_label(name: str, data: pd.DataFrame) -> None:
    model = FACTORIES[name]().fit(data)
    expected = data.groupby("task", sort=False)["label"].first()
    assert (model.labels_ == expected.loc[model.labels_.index]).all()
    n_answers = data.groupby("task", sort=False).size().loc[model.labels_.index]
    confidence = model.probas_.max(axis=1)
    assert (confidence[n_answers >= 2] > 0.95).all()
    # A lone answer is only as convincing as the model's view of its one worker (MACE
    # cannot tell a lone always-"cat" worker from a spammer), but it still beats uniform.
    n_labels = model.probas_.shape[1]
    assert (confidence > 1 / n_labels).all() or n_labels == 1


@pytest.mark.parametrize("name", FACTORIES)
@SETTINGS
@given(data=answers(), picks=st.lists(st.integers(0, 11), max_size=5, unique=True))
def test_gold_tasks_are_clamped(name: str, data: pd.DataFrame, picks: list[int]) -> None:
    tasks = pd.unique(data["task"])
    names = sorted(pd.unique(data["label"]))
    gold = {tasks[i]: names[(i + 1) % len(names)] for i in picks if i < len(tasks)}
    model = FACTORIES[name]().fit(data, true_labels=pd.Series(gold))
    assert_valid_posteriors(model, data)
    for task, label in gold.items():
        assert model.labels_[task] == label
        assert model.probas_.loc[task, label] == 1.0


@pytest.mark.parametrize("name", FACTORIES)
def test_accepts_a_dict_of_columns(name: str) -> None:
    data = {"task": [1, 1, 2], "worker": ["a", "b", "a"], "label": [0, 0, 1]}
    labels = FACTORIES[name]().fit_predict(data)
    assert labels.to_dict() == {1: 0, 2: 1}
    assert labels.name == "agg_label" and labels.index.name == "task"


@pytest.mark.parametrize("name", FACTORIES)
def test_rejects_bad_input(name: str) -> None:
    model = FACTORIES[name]()
    with pytest.raises(ValueError, match="missing column"):
        model.fit(pd.DataFrame({"task": [1], "label": [0]}))
    with pytest.raises(DuplicateAnswerError, match="answered task 1 more than once"):
        model.fit({"task": [1, 1], "worker": ["a", "a"], "label": [0, 1]})
    with pytest.raises(ValueError, match="no annotator gave"):
        model.fit({"task": [1], "worker": ["a"], "label": [0]}, true_labels={1: 7})
