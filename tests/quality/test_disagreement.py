"""Splits between annotators, the ranking of confused label pairs, and specific agreement."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldlabel.quality.agreement import bootstrap_ci
from goldlabel.quality.agreement.specific import specific_agreement, specific_agreement_statistic
from goldlabel.quality.disagreement import (
    box_iou,
    interval_iou,
    rank_cases,
    region_splits,
    set_splits,
)

LABELS = ["cat", "dog", "bird"]

single_answers = st.dictionaries(
    st.integers(0, 8),
    st.dictionaries(st.sampled_from("abcde"), st.sampled_from(LABELS), min_size=1, max_size=5),
    max_size=9,
)


def as_sets(answers: dict[int, dict[str, str]]) -> dict[int, dict[str, set[str]]]:
    return {t: {w: {label} for w, label in by.items()} for t, by in answers.items()}


def test_known_ranking() -> None:
    # cat/dog split on three items by three different people; bird/cat once, by one person.
    answers = {
        1: {"a": "cat", "b": "dog"},
        2: {"a": "cat", "c": "dog", "d": "cat"},
        3: {"b": "cat", "e": "dog"},
        4: {"a": "cat", "b": "bird"},
    }
    splits = set_splits(as_sets(answers), label_order=LABELS)
    assert {(s.label_a, s.label_b) for s in splits} == {("cat", "dog"), ("cat", "bird")}
    final = {1: {"cat"}, 2: {"cat"}, 3: {"cat"}, 4: {"cat"}}
    per_task = {t: len(a) for t, a in answers.items()}
    cases = rank_cases(splits, workers_per_task=per_task, final=final, label_order=LABELS)
    top, second = cases
    assert (top.label_a, top.label_b) == ("cat", "dog")
    assert top.tasks == {1: 1.0, 2: pytest.approx(2 / 3), 3: 1.0}
    assert top.splits == pytest.approx(8 / 3)
    # b, c and e answered dog against the final cat: k = 3.
    assert {w for w, side in top.workers.items() if side.against_final} == {"b", "c", "e"}
    assert top.spread == pytest.approx(3 / 4)
    assert top.score == pytest.approx(8 / 3 * 3 / 4)
    assert (second.label_a, second.label_b) == ("cat", "bird")
    assert second.score == pytest.approx(1 * 1 / 2)
    assert second.workers["b"].gave_b == 1 and second.workers["b"].against_final == 1


def test_rejections_raise_a_case() -> None:
    splits = set_splits(
        as_sets({1: {"a": "cat", "b": "dog"}, 2: {"a": "cat", "b": "bird"}}), label_order=LABELS
    )
    per_task = {1: 2, 2: 2}
    plain = rank_cases(splits, workers_per_task=per_task, label_order=LABELS)
    assert [(c.label_a, c.label_b) for c in plain] == [("cat", "dog"), ("cat", "bird")]  # tie: label order
    boosted = rank_cases(
        splits, workers_per_task=per_task, rejections={("cat", "bird"): 2}, label_order=LABELS
    )
    assert [(c.label_a, c.label_b) for c in boosted] == [("cat", "bird"), ("cat", "dog")]
    assert boosted[0].rejections == 2


def test_multi_choice_shares_the_pair_weight() -> None:
    splits = set_splits({1: {"a": {"cat", "dog"}, "b": {"bird"}}}, label_order=LABELS)
    assert sorted((s.label_a, s.label_b, s.weight) for s in splits) == [
        ("cat", "bird", 0.5),
        ("dog", "bird", 0.5),
    ]
    assert set_splits({1: {"a": {"cat", "dog"}, "b": {"cat"}}}) == []  # a superset is no split


def test_regions_match_by_overlap() -> None:
    spans = {
        1: {
            "a": [((0, 10), "PER"), ((20, 30), "LOC")],
            "b": [((1, 10), "ORG"), ((20, 30), "LOC"), ((40, 50), "PER")],
        }
    }
    splits = region_splits(spans, iou=interval_iou, label_order=["PER", "ORG", "LOC"])
    assert [(s.label_a, s.label_b, s.worker_a, s.worker_b) for s in splits] == [("PER", "ORG", "a", "b")]
    boxes = {1: {"a": [((0, 0, 10, 10), "car")], "b": [((5, 5, 10, 10), "bus")]}}
    assert region_splits(boxes, iou=box_iou) == []  # IoU 25/175 < 0.5: not the same object
    assert box_iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    with pytest.raises(ValueError, match="min_iou"):
        region_splits(boxes, iou=box_iou, min_iou=0)


@given(single_answers)
def test_ranking_properties(answers: dict[int, dict[str, str]]) -> None:
    splits = set_splits(as_sets(answers), label_order=LABELS)
    per_task = {t: len(a) for t, a in answers.items()}
    cases = rank_cases(splits, workers_per_task=per_task, label_order=LABELS)
    # Every disagreeing pair of workers is one split; shares are within (0, 1].
    disagreeing = sum(
        1
        for by in answers.values()
        for i, x in enumerate(by.values())
        for y in list(by.values())[i + 1 :]
        if x != y
    )
    assert len(splits) == disagreeing
    scores = [c.score for c in cases]
    assert scores == sorted(scores, reverse=True)
    for case in cases:
        assert LABELS.index(case.label_a) < LABELS.index(case.label_b)
        assert all(0 < share <= 1 for share in case.tasks.values())
        assert 0 < case.score <= case.splits
    # Renaming workers changes nothing.
    renamed = {t: {w.upper(): v for w, v in by.items()} for t, by in answers.items()}
    again = rank_cases(
        set_splits(as_sets(renamed), label_order=LABELS), workers_per_task=per_task, label_order=LABELS
    )
    assert [(c.label_a, c.label_b, c.score) for c in again] == [
        (c.label_a, c.label_b, c.score) for c in cases
    ]


def test_specific_agreement_known_answer() -> None:
    items = [[{"cat"}, {"cat"}, {"dog"}], [{"cat"}, {"dog"}], [{"bird"}]]
    # cat: item 1 has 2 of 3 (2 agreeing ordered pairs of 4), item 2 has 1 of 2 (0 of 1).
    assert specific_agreement(items, {"cat"}) == pytest.approx(2 / 5)
    assert specific_agreement(items, {"dog"}) == 0.0
    assert math.isnan(specific_agreement(items, {"bird"}))  # a lone answer has no pair


@given(single_answers)
def test_pooled_over_every_label_is_observed_agreement(answers: dict[int, dict[str, str]]) -> None:
    items = [[{v} for v in by.values()] for by in answers.values()]
    statistic = specific_agreement_statistic(items, LABELS)
    same = sum(sum(a == b for a in by.values() for b in by.values()) - len(by) for by in answers.values())
    pairs = sum(len(by) * (len(by) - 1) for by in answers.values())
    if pairs == 0:
        assert statistic.n_units == 0 and math.isnan(statistic.value)
        return
    assert statistic.value == pytest.approx(same / pairs)
    assert 0 <= statistic.value <= 1
    # Uniform weights give back the estimate; the bootstrap interval holds values in [0, 1].
    assert statistic.evaluate(np.ones((1, statistic.n_units)))[0] == pytest.approx(statistic.value)
    ci = bootstrap_ci(statistic, n_resamples=50, seed=0)
    assert ci.n_valid == 50 and 0 <= ci.low <= ci.high <= 1


def test_statistic_refuses_bad_counts() -> None:
    from goldlabel.quality.agreement.specific import SpecificAgreementStatistic

    with pytest.raises(ValueError):
        SpecificAgreementStatistic(np.array([2.0]), np.array([1.0]))


intervals = st.lists(
    st.tuples(st.integers(0, 20), st.integers(1, 6), st.sampled_from(["PER", "ORG", "LOC"])).map(
        lambda t: ((t[0], t[0] + t[1]), t[2])
    ),
    max_size=4,
)


@given(
    st.dictionaries(
        st.integers(0, 3), st.dictionaries(st.sampled_from("abc"), intervals, max_size=3), max_size=4
    )
)
def test_region_matching_properties(answers: dict[int, dict[str, list[tuple[tuple[int, int], str]]]]) -> None:
    splits = region_splits(answers, iou=interval_iou, label_order=["PER", "ORG", "LOC"])
    for task, by_worker in answers.items():
        for wa in by_worker:
            for wb in by_worker:
                if wa >= wb:
                    continue
                pair = [s for s in splits if s.task == task and {s.worker_a, s.worker_b} == {wa, wb}]
                # Each region is matched at most once: no more splits than the smaller answer has regions.
                assert len(pair) <= min(len(by_worker[wa]), len(by_worker[wb]))
    for s in splits:
        assert s.label_a != s.label_b and s.weight == 1.0
        assert ["PER", "ORG", "LOC"].index(s.label_a) < ["PER", "ORG", "LOC"].index(s.label_b)
    # The same regions given the other way round split the same label pairs.
    flipped = {t: {w.upper(): v for w, v in by.items()} for t, by in answers.items()}
    again = region_splits(flipped, iou=interval_iou, label_order=["PER", "ORG", "LOC"])
    assert sorted((s.task, s.label_a, s.label_b) for s in again) == sorted(
        (s.task, s.label_a, s.label_b) for s in splits
    )


@given(single_answers, st.dictionaries(st.integers(0, 8), st.sampled_from(LABELS)))
def test_against_final_is_only_the_side_the_final_label_does_not_hold(
    answers: dict[int, dict[str, str]], final: dict[int, str]
) -> None:
    splits = set_splits(as_sets(answers), label_order=LABELS)
    cases = rank_cases(
        splits,
        workers_per_task={t: len(a) for t, a in answers.items()},
        final={t: {label} for t, label in final.items()},
        label_order=LABELS,
    )
    for case in cases:
        for worker, side in case.workers.items():
            wrong = {
                t
                for t in case.tasks
                if t in final
                and final[t] in (case.label_a, case.label_b)
                and answers[t].get(worker) in (case.label_a, case.label_b)
                and answers[t][worker] != final[t]
            }
            assert side.against_final == len(wrong)
        assert 0.5 <= case.spread < 1
