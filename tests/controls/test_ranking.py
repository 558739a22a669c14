"""Ranking through the control contract: a permutation of the spec's items, Kendall, Borda."""

from __future__ import annotations

import pytest

from goldlabel.controls.registry import control_type
from tests.controls.helpers import distance, make_spec, parse, refusal, schema_accepts, score

SPEC = make_spec(type="ranking", items=["a", "b", "c", "d"])


def test_a_permutation_is_stored_as_given() -> None:
    assert parse(SPEC, ["c", "a", "d", "b"]) == ["c", "a", "d", "b"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["a", "b", "c"], "the ranking misses ['d']"),
        (["a", "b", "c", "c"], "item 'c' is ranked twice"),
        (["a", "b", "c", "z"], "unknown item 'z'"),
        (["a", "b", "c", 4], "valid string"),
        ("abcd", "valid list"),
    ],
)
def test_non_permutations_are_refused_by_name(value: object, message: str) -> None:
    assert message in refusal(SPEC, value)


def test_scores_and_distances() -> None:
    ref = ["a", "b", "c", "d"]
    assert score(SPEC, ref, ref) == 1.0
    assert score(SPEC, ref[::-1], ref) == 0.0
    assert score(SPEC, ["b", "a", "c", "d"], ref) == pytest.approx(5 / 6)
    assert distance(SPEC, ref, ref) == 0.0
    assert distance(SPEC, ref, ref[::-1]) == 1.0
    assert distance(SPEC, ref, ["b", "a", "c", "d"]) == pytest.approx(1 / 6)


def test_aggregate_is_a_borda_count() -> None:
    values = [["a", "b", "c", "d"], ["b", "a", "c", "d"], ["a", "c", "b", "d"]]
    merged = control_type("ranking").aggregate(SPEC, values, {})
    assert merged.value == ["a", "b", "c", "d"]
    assert merged.confidence == pytest.approx(1 - (0 + 1 / 6 + 1 / 6) / 3)
    tie = control_type("ranking").aggregate(SPEC, [["b", "a", "c", "d"], ["a", "b", "c", "d"]], {})
    assert tie.value == ["a", "b", "c", "d"]  # a tie keeps the spec's order


@pytest.mark.parametrize("items", [["a"], ["a", "a"], ["a", " "]])
def test_bad_specs_are_refused(items: list[str]) -> None:
    with pytest.raises(ValueError):
        make_spec(type="ranking", items=items)


def test_ranking_fits_any_field() -> None:
    control = {"type": "ranking", "items": ["x", "y"]}
    assert all(schema_accepts(kind, control) for kind in ("text", "image", "audio", "video", "json"))
