"""Polygons through the control contract: vertices in pixels, area-IoU scoring, medoid."""

from __future__ import annotations

import pytest

from goldlabel.controls.registry import control_type
from tests.controls.helpers import distance, make_spec, parse, refusal, schema_accepts, score

SPEC = make_spec(type="polygons", labels=["road", "car"])
SIZED = {"media": "a.png", "width": 100, "height": 100}


def square(x: float, y: float, side: float, label: str = "road") -> dict[str, object]:
    return {"points": [[x, y], [x + side, y], [x + side, y + side], [x, y + side]], "label": label}


def test_a_valid_answer_is_stored_as_given() -> None:
    answer = [square(0, 0, 10), {"points": [[0, 0], [5, 9], [9, 0]], "label": "car"}]
    assert parse(SPEC, answer, SIZED) == answer


@pytest.mark.parametrize(
    ("value", "data", "message"),
    [
        ([{"points": [[0, 0], [1, 1]], "label": "road"}], None, "at least 3 items"),
        ([{"points": [[0, 0], [1, 1], [2]], "label": "road"}], None, "at least 2 items"),
        ([{"points": [[0, 0], [1, 1], [2, 2, 2]], "label": "road"}], None, "at most 2 items"),
        ([square(-1, 0, 5)], None, "polygon 0: point (-1, 0) has a negative coordinate"),
        ([square(0, 0, 5), square(98, 0, 5)], SIZED, "polygon 1: point (103, 0) is outside"),
        ([square(0, 0, 5, "tree")], None, "unknown label 'tree'"),
        ([{"points": [[0, 0], [1, "x"], [2, 2]], "label": "road"}], None, "valid number"),
        ([{"points": [[0, 0], [1, 1], [2, 2]], "label": "road"}], None, "polygon 0 encloses no area"),
    ],
)
def test_invalid_polygons_are_refused_by_name(value: object, data: dict | None, message: str) -> None:
    assert message in refusal(SPEC, value, data)


def test_scores_and_distances() -> None:
    ref = [square(0, 0, 10), square(20, 20, 10, "car")]
    assert score(SPEC, ref, ref) == 1.0
    nudged = [square(1, 0, 10), square(20, 20, 10, "car")]
    assert 0.8 < score(SPEC, nudged, ref) < 1.0
    assert score(SPEC, [square(0, 0, 10, "car")], [square(0, 0, 10)]) == 0.0
    assert distance(SPEC, ref, ref) == 0.0
    assert distance(SPEC, ref, []) == 1.0
    assert 0.0 < distance(SPEC, nudged, ref) < 0.2


def test_self_intersecting_outlines_are_accepted_and_scored() -> None:
    bow_tie = [{"points": [[0, 0], [10, 10], [10, 0], [0, 10]], "label": "road"}]
    assert parse(SPEC, bow_tie) == bow_tie
    assert score(SPEC, bow_tie, bow_tie) == 1.0


def test_aggregate_is_the_medoid() -> None:
    a, b, c = [square(0, 0, 10)], [square(1, 0, 10)], [square(50, 50, 10)]
    merged = control_type("polygons").aggregate(SPEC, [c, a, b], {})
    assert merged.value in (a, b)
    assert 0.0 < merged.confidence < 1.0
    alone = control_type("polygons").aggregate(SPEC, [a], {})
    assert alone.value == a and alone.confidence == 1.0


def test_schema_puts_polygons_on_images_only() -> None:
    control = {"type": "polygons", "labels": ["road"]}
    assert schema_accepts("image", control)
    assert not any(schema_accepts(kind, control) for kind in ("text", "audio", "video", "json"))
