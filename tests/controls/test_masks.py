"""Masks through the control contract: COCO RLE answers, mask-IoU scoring, medoid."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from goldlabel.controls.registry import control_type
from goldlabel.quality.geometry import rle_decode, rle_encode
from tests.controls.helpers import distance, make_spec, parse, refusal, schema_accepts, score

SPEC = make_spec(type="masks", labels=["sky", "tree"])


def mask(rows: slice, cols: slice, label: str = "sky", *, compressed: bool = False) -> dict[str, Any]:
    pixels = np.zeros((20, 30), dtype=bool)
    pixels[rows, cols] = True
    rle = rle_encode(pixels, compressed=compressed)
    if compressed:
        rle["counts"] = rle["counts"].decode("ascii")
    return {"rle": rle, "label": label}


def test_both_counts_forms_are_accepted_and_stored_as_given() -> None:
    answer = [mask(slice(0, 5), slice(0, 10)), mask(slice(10, 20), slice(5, 9), "tree", compressed=True)]
    stored = parse(SPEC, answer, {"media": "a.png", "media_width": 30, "media_height": 20})
    assert stored == answer
    assert rle_decode(stored[1]["rle"])[10:20, 5:9].all()


@pytest.mark.parametrize(
    ("value", "data", "message"),
    [
        (
            [{"rle": {"size": [2, 2], "counts": [1, 2]}, "label": "sky"}],
            None,
            "cover 3 pixels but size is 2x2",
        ),
        ([{"rle": {"size": [2, 2], "counts": [4]}, "label": "sky"}], None, "mask 0 is empty"),
        ([{"rle": {"size": [0, 2], "counts": []}, "label": "sky"}], None, "size must be [height, width]"),
        ([{"rle": {"size": [2], "counts": [4]}, "label": "sky"}], None, "at least 2 items"),
        ([{"rle": {"size": [2, 2], "counts": "%%"}, "label": "sky"}], None, "outside the COCO alphabet"),
        ([{"rle": {"size": [2, 2], "counts": [1, 3]}, "label": "leaf"}], None, "unknown label 'leaf'"),
        ([{"counts": [1, 3], "label": "sky"}], None, "rle"),
        (
            [mask(slice(0, 5), slice(0, 5))],
            {"media": "a.png", "media_width": 20, "media_height": 30},
            "differs from the image's [30, 20]",
        ),
        (
            [mask(slice(0, 5), slice(0, 5)), {"rle": {"size": [2, 2], "counts": [1, 3]}, "label": "sky"}],
            None,
            "mask 1: size [2, 2] differs from mask 0's [20, 30]",
        ),
    ],
)
def test_invalid_masks_are_refused_by_name(value: object, data: dict | None, message: str) -> None:
    assert message in refusal(SPEC, value, data)


def test_scores_and_distances() -> None:
    ref = [mask(slice(0, 10), slice(0, 10)), mask(slice(12, 20), slice(20, 30), "tree")]
    assert score(SPEC, ref, ref) == 1.0
    grown = [mask(slice(0, 10), slice(0, 11)), ref[1]]
    assert 0.9 < score(SPEC, grown, ref) < 1.0
    compressed = [mask(slice(0, 10), slice(0, 10), compressed=True), ref[1]]
    assert score(SPEC, compressed, ref) == 1.0  # the two counts forms are the same masks
    assert score(SPEC, [mask(slice(0, 10), slice(0, 10), "tree")], ref[:1]) == 0.0
    assert distance(SPEC, ref, ref) == 0.0
    assert distance(SPEC, ref, []) == 1.0
    assert 0.0 < distance(SPEC, ref, grown) < 0.1


def test_answers_of_different_sizes_are_refused_in_score_and_far_apart() -> None:
    other = [{"rle": {"size": [2, 2], "counts": [1, 3]}, "label": "sky"}]
    ours = [mask(slice(0, 5), slice(0, 5))]
    assert distance(SPEC, ours, other) == 1.0
    with pytest.raises(ValueError, match="cannot be compared"):
        control_type("masks").score(SPEC, ours, other, {})


def test_aggregate_is_the_medoid() -> None:
    a, b = [mask(slice(0, 10), slice(0, 10))], [mask(slice(0, 10), slice(0, 11))]
    c = [mask(slice(15, 20), slice(25, 30))]
    merged = control_type("masks").aggregate(SPEC, [c, a, b], {})
    assert merged.value in (a, b) and 0.0 < merged.confidence < 1.0


def test_schema_puts_masks_on_images_only() -> None:
    control = {"type": "masks", "labels": ["sky"]}
    assert schema_accepts("image", control)
    assert not any(schema_accepts(kind, control) for kind in ("text", "audio", "video", "json"))
