"""EM kernels: the "right or not" E-step equals adding up each answer's likelihood."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from goldlabel.quality.aggregation._em import Gold, match_posterior, posterior, sorted_by_task
from goldlabel.quality.table import encode


@pytest.mark.parametrize("with_gold", [False, True])
def test_match_posterior_equals_per_answer_sums(with_gold: bool) -> None:
    rng = np.random.default_rng(4)
    n = 400
    data = pd.DataFrame(
        {"task": rng.integers(0, 60, n), "worker": rng.integers(0, 9, n), "label": rng.integers(0, 4, n)}
    ).drop_duplicates(["task", "worker"])
    n = len(data)
    answers = sorted_by_task(encode(data))
    table = answers.table
    assert (np.diff(table.tasks) >= 0).all()
    gain, base = rng.normal(size=n), rng.normal(size=n)
    log_prior = np.log(rng.dirichlet(np.ones(table.n_labels)))[:, None]
    gold = Gold(np.array([0, 5]), np.array([1, 2])) if with_gold else Gold(np.zeros(0, int), np.zeros(0, int))

    log_joint = np.repeat(log_prior, table.n_tasks, axis=1)
    for task, label, g, b in zip(table.tasks, table.labels, gain, base, strict=True):
        log_joint[:, task] += b  # every class: the answer's likelihood if its label is wrong
        log_joint[label, task] += g  # its own label's class: the gain of being right
    expected = posterior(log_joint, gold)

    got = match_posterior(answers, gain, float(base.sum()), log_prior, gold)
    np.testing.assert_allclose(got.probas, expected.probas, rtol=0, atol=1e-12)
    assert got.log_likelihood == pytest.approx(expected.log_likelihood, rel=1e-12)
    assert got.entropy == pytest.approx(expected.entropy, rel=1e-12)
