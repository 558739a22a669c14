"""Agreement breakdowns checked against plain pandas/loop versions of their definitions."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from goldlabel.quality.agreement import (
    annotator_agreement,
    annotator_pair_agreement,
    cohen_kappa,
    item_agreement,
    krippendorff_alpha_long,
    project_agreement,
)


def random_answers(seed: int, n_tasks: int = 60, n_workers: int = 7, n_labels: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for task in range(n_tasks):
        truth = rng.integers(0, n_labels)
        for worker in rng.choice(n_workers, rng.integers(1, 5), replace=False):
            label = truth if rng.random() < 0.6 else rng.integers(0, n_labels)
            rows.append((f"t{task}", f"w{worker}", f"L{label}"))
    return pd.DataFrame(rows, columns=["task", "worker", "label"])


def strict_mode(labels: list[str]) -> str | None:
    counts = Counter(labels).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def test_item_agreement_matches_definition() -> None:
    answers = random_answers(0)
    result = item_agreement(answers).set_index("task")
    for task, group in answers.groupby("task"):
        labels = group["label"].tolist()
        row = result.loc[task]
        pairs = list(itertools.permutations(labels, 2))
        expected = sum(a == b for a, b in pairs) / len(pairs) if pairs else math.nan
        assert row["n_annotations"] == len(labels)
        assert row["pairwise_agreement"] == pytest.approx(expected, nan_ok=True)
        counts = Counter(labels)
        top = max(counts.values())
        tied = sorted(label for label, c in counts.items() if c == top)
        assert row["mode_label"] == tied[0]
        assert row["mode_count"] == top
        assert row["mode_fraction"] == pytest.approx(top / len(labels))
        assert row["mode_tied"] == (len(tied) > 1)


def test_pair_agreement_matches_cohen_kappa_on_shared_tasks() -> None:
    answers = random_answers(1)
    result = annotator_pair_agreement(answers, min_shared=3)
    assert len(result) > 5
    for row in result.itertuples():
        a = answers[answers["worker"] == row.worker_a].set_index("task")["label"]
        b = answers[answers["worker"] == row.worker_b].set_index("task")["label"]
        shared = a.index.intersection(b.index)
        assert row.n_shared == len(shared) >= 3
        assert row.agreement == pytest.approx((a[shared] == b[shared]).mean())
        expected = cohen_kappa_score(a[shared], b[shared])
        assert row.kappa == pytest.approx(expected, nan_ok=True)
    everything = annotator_pair_agreement(answers)
    assert len(everything) >= len(result)
    pairs = {frozenset(p) for p in zip(everything.worker_a, everything.worker_b, strict=True)}
    assert len(pairs) == len(everything)  # each unordered pair once


def brute_force_annotators(answers: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for worker, mine in answers.groupby("worker"):
        own, majority, shared = [], [], 0
        for task, label in zip(mine["task"], mine["label"], strict=True):
            others = answers[(answers["task"] == task) & (answers["worker"] != worker)]["label"]
            shared += len(others) > 0
            mode = strict_mode(others.tolist())
            if mode is not None:
                own.append(label)
                majority.append(mode)
        agreement = np.mean(np.array(own) == np.array(majority)) if own else math.nan
        kappa = cohen_kappa(own, majority) if own else math.nan  # checked vs sklearn elsewhere
        rows.append((worker, shared, len(own), agreement, kappa))
    return pd.DataFrame(rows, columns=["worker", "n_shared", "n_compared", "agreement", "kappa"])


def assert_annotators_match(answers: pd.DataFrame) -> None:
    ours = annotator_agreement(answers).set_index("worker").sort_index()
    expected = brute_force_annotators(answers).set_index("worker").sort_index()
    assert ours["n_shared"].tolist() == expected["n_shared"].tolist()
    assert ours["n_compared"].tolist() == expected["n_compared"].tolist()
    np.testing.assert_allclose(ours["agreement"], expected["agreement"], atol=1e-12)
    np.testing.assert_allclose(ours["kappa"], expected["kappa"], atol=1e-12)


def test_annotator_vs_others_majority_matches_definition() -> None:
    assert_annotators_match(random_answers(2, n_tasks=40))


@settings(max_examples=30, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 5), st.sampled_from("abc")),
        min_size=1,
        max_size=30,
        unique_by=lambda cell: (cell[0], cell[1]),
    )
)
def test_others_majority_property(cells: list[tuple[int, int, str]]) -> None:
    """Covers ties of every shape (the top-3 shortcut in ``_others_mode``)."""
    assert_annotators_match(pd.DataFrame(cells, columns=["task", "worker", "label"]))


def test_project_alpha_matches_per_project_alpha() -> None:
    first, second = random_answers(3), random_answers(4, n_labels=2)
    first["project"], second["project"] = "p1", "p2"
    both = pd.concat([first, second], ignore_index=True)  # task ids repeat across projects
    for level in ("nominal", "ordinal"):
        order = ["L0", "L1", "L2"] if level == "ordinal" else None  # strings need their order
        result = project_agreement(both, level_of_measurement=level, value_domain=order).set_index("project")
        for name, part in (("p1", first), ("p2", second)):
            expected = krippendorff_alpha_long(part, level_of_measurement=level, value_domain=order)
            assert result.loc[name, "alpha"] == pytest.approx(expected)
            pairable = part.groupby("task").size()
            assert result.loc[name, "n_units"] == (pairable >= 2).sum()
            assert result.loc[name, "n_values"] == pairable[pairable >= 2].sum()
    with pytest.raises(ValueError, match="missing column"):
        project_agreement(first.drop(columns="project"))
