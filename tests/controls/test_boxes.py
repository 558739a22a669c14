"""Boxes through the control contract: pixel boxes from the top-left, IoU scoring, fusion."""

from __future__ import annotations

import pytest

from goldlabel.controls.registry import control_type
from tests.controls.helpers import distance, make_spec, parse, refusal, schema_accepts, score

SPEC = make_spec(type="boxes", labels=["cat", "dog"])
SIZED = {"media": "a.png", "media_width": 100, "media_height": 80}


def box(x: float, y: float, w: float, h: float, label: str = "cat") -> dict[str, object]:
    return {"x": x, "y": y, "width": w, "height": h, "label": label}


def test_a_valid_answer_is_stored_as_given() -> None:
    answer = [box(10, 20, 30, 40), box(0, 0, 100, 80, "dog")]
    assert parse(SPEC, answer, SIZED) == answer
    assert parse(SPEC, []) == []


@pytest.mark.parametrize(
    ("value", "data", "message"),
    [
        ([box(0, 0, -5, 10)], None, "box 0: width and height must be positive"),
        ([box(0, 0, 5, 0)], None, "must be positive"),
        ([box(-1, 0, 5, 5)], None, "negative coordinate"),
        ([box(90, 0, 20, 5)], SIZED, "outside the 100×80 image"),
        ([box(0, 0, 5, 5, "bird")], None, "unknown label 'bird'"),
        ([{"x": "1", "y": 0, "width": 5, "height": 5, "label": "cat"}], None, "valid number at 0.x"),
        ([{"x": 1, "y": 0, "width": 5, "label": "cat"}], None, "height"),
        ([{**box(0, 0, 5, 5), "angle": 3}], None, "Extra inputs"),
        (box(0, 0, 5, 5), None, "list of boxes"),
    ],
)
def test_invalid_boxes_are_refused_by_name(value: object, data: dict | None, message: str) -> None:
    assert message in refusal(SPEC, value, data)


def test_without_declared_size_only_negative_coordinates_are_refused() -> None:
    assert parse(SPEC, [box(5000, 5000, 10, 10)])


def test_scores_and_distances() -> None:
    ref = [box(0, 0, 10, 10), box(50, 50, 20, 20, "dog")]
    assert score(SPEC, ref, ref) == 1.0
    shifted = [box(1, 0, 10, 10), box(50, 50, 20, 20, "dog")]
    assert 0.8 < score(SPEC, shifted, ref) < 1.0
    assert score(SPEC, [box(0, 0, 10, 10, "dog")], [box(0, 0, 10, 10)]) == 0.0  # wrong label
    assert score(SPEC, [], ref) == 0.0 and score(SPEC, [], []) == 1.0
    assert distance(SPEC, ref, ref) == 0.0
    assert distance(SPEC, ref, []) == 1.0
    assert 0.0 < distance(SPEC, ref, shifted) < 0.2


def test_iou_threshold_is_the_specs() -> None:
    strict = make_spec(type="boxes", labels=["cat"], iou_threshold=0.95)
    ref, pred = [box(0, 0, 10, 10)], [box(1, 0, 10, 10)]  # IoU 0.818
    assert score(SPEC, pred, ref) > 0.8
    assert score(strict, pred, ref) == 0.0


def test_aggregate_fuses_boxes_a_majority_drew() -> None:
    a = [box(0, 0, 10, 10), box(50, 50, 10, 10, "dog")]
    b = [box(2, 0, 10, 10)]
    c = [box(1, 0, 10, 10), box(80, 0, 5, 5)]
    merged = control_type("boxes").aggregate(SPEC, [a, b, c], {})
    assert len(merged.value) == 1  # the dog and the stray box had one vote each
    only = merged.value[0]
    assert only["label"] == "cat" and only["x"] == pytest.approx(1.0) and only["width"] == pytest.approx(10.0)
    assert 0.0 < merged.confidence < 1.0
    same = control_type("boxes").aggregate(SPEC, [a, a], {})
    assert same.value == a and same.confidence == 1.0


def test_aggregate_of_empty_answers_is_empty_and_sure() -> None:
    merged = control_type("boxes").aggregate(SPEC, [[], []], {})
    assert merged.value == [] and merged.confidence == 1.0


def test_schema_puts_boxes_on_images_only() -> None:
    control = {"type": "boxes", "labels": ["cat"]}
    assert schema_accepts("image", control)
    for kind in ("text", "audio", "video", "json"):
        assert not schema_accepts(kind, control)


@pytest.mark.parametrize(
    "options",
    [
        {"labels": []},
        {"labels": ["a", "a"]},
        {"labels": ["a"], "iou_threshold": 0},
        {"labels": ["a"], "x": 1},
    ],
)
def test_bad_specs_are_refused(options: dict) -> None:
    with pytest.raises(ValueError):
        make_spec(type="boxes", **options)


def test_hotkeys_point_at_labels() -> None:
    spec = make_spec(type="boxes", labels=["cat", "dog"], hotkeys={"cat": "c"})
    assert spec.keyed_labels() == ["cat", "dog"]
