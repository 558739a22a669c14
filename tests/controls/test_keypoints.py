"""Keypoints through the control contract: named points, COCO visibility, OKS scoring."""

from __future__ import annotations

import numpy as np
import pytest

from goldlabel.controls.keypoints import COCO_PERSON_POINTS, KeypointsSpec
from goldlabel.controls.registry import control_type
from goldlabel.quality.geometry import COCO_PERSON_SIGMAS
from tests.controls.helpers import distance, make_spec, parse, refusal, schema_accepts, score

SPEC = make_spec(type="keypoints", labels=["hand"], points=["wrist", "thumb", "index"])


def pose(dx: float = 0.0, label: str = "hand", hidden_index: bool = False) -> dict[str, object]:
    index = [0, 0, 0] if hidden_index else [60 + dx, 10, 2]
    return {"points": [[10 + dx, 50, 2], [30 + dx, 20, 1], index], "label": label}


def test_a_valid_answer_is_stored_as_given() -> None:
    answer = [pose(), pose(100, hidden_index=True)]
    assert parse(SPEC, answer, {"media": "a.png", "width": 200, "height": 100}) == answer


@pytest.mark.parametrize(
    ("value", "data", "message"),
    [
        ([{"points": [[1, 1, 2]], "label": "hand"}], None, "pose 0 has 1 points; expected 3"),
        ([{"points": [[1, 1, 2], [1, 1, 3], [1, 1, 2]], "label": "hand"}], None, "point 'thumb'"),
        ([{"points": [[1, 1, 2], [1, 1], [1, 1, 2]], "label": "hand"}], None, "[x, y, visible]"),
        ([{"points": [[0, 0, 0]] * 3, "label": "hand"}], None, "pose 0 has no placed point"),
        ([pose(label="foot")], None, "unknown label 'foot'"),
        ([pose(-20)], None, "negative coordinate"),
        ([pose(150)], {"media": "a.png", "width": 200, "height": 100}, "outside the 200×100 image"),
    ],
)
def test_invalid_poses_are_refused_by_name(value: object, data: dict | None, message: str) -> None:
    assert message in refusal(SPEC, value, data)


def test_unplaced_points_may_sit_anywhere() -> None:
    answer = [{"points": [[10, 10, 2], [-5, 9999, 0], [20, 20, 2]], "label": "hand"}]
    assert parse(SPEC, answer, {"media": "a.png", "width": 50, "height": 50}) == answer


def test_scores_and_distances() -> None:
    ref = [pose(), pose(200)]
    assert score(SPEC, ref, ref) == 1.0
    near = [pose(1), pose(201)]
    assert 0.5 < score(SPEC, near, ref) < 1.0
    assert score(SPEC, [pose(label="hand")], []) == 0.0
    missing_point = [pose(hidden_index=True), pose(200)]
    assert score(SPEC, missing_point, ref) < 1.0
    assert distance(SPEC, ref, ref) == 0.0
    assert distance(SPEC, ref, []) == 1.0
    assert 0.0 < distance(SPEC, ref, near) < 0.5
    assert distance(SPEC, ref, missing_point) > 0.0


def test_default_sigmas() -> None:
    coco = KeypointsSpec(name="c", field="f", labels=["person"], points=list(COCO_PERSON_POINTS))
    assert np.array_equal(coco.effective_sigmas(), COCO_PERSON_SIGMAS)
    assert isinstance(SPEC, KeypointsSpec) and SPEC.effective_sigmas().tolist() == [0.05] * 3
    loose = make_spec(type="keypoints", labels=["hand"], points=["wrist", "thumb", "index"], sigmas=[1, 1, 1])
    far = [pose(8)]
    assert score(loose, far, [pose()]) > score(SPEC, far, [pose()])


@pytest.mark.parametrize(
    "options",
    [
        {"points": []},
        {"points": ["a", "a"]},
        {"points": ["a", "b"], "sigmas": [0.1]},
        {"points": ["a"], "sigmas": [0]},
        {"points": ["a", "b"], "skeleton": [["a", "c"]]},
        {"points": ["a", "b"], "skeleton": [["a", "a"]]},
        {"points": ["a", "b"], "skeleton": [["a"]]},
    ],
)
def test_bad_specs_are_refused(options: dict) -> None:
    with pytest.raises(ValueError):
        make_spec(type="keypoints", labels=["x"], **options)


def test_aggregate_is_the_medoid() -> None:
    a, b, c = [pose()], [pose(1)], [pose(150)]
    merged = control_type("keypoints").aggregate(SPEC, [c, a, b], {})
    assert merged.value in (a, b) and 0.0 < merged.confidence < 1.0


def test_schema_puts_keypoints_on_images_only() -> None:
    control = {"type": "keypoints", "labels": ["hand"], "points": ["wrist"]}
    assert schema_accepts("image", control)
    assert not any(schema_accepts(kind, control) for kind in ("text", "audio", "video", "json"))


def test_a_skeleton_joins_named_points_and_is_kept() -> None:
    spec = make_spec(
        type="keypoints", labels=["hand"], points=["wrist", "thumb", "index"], skeleton=[["wrist", "thumb"]]
    )
    assert isinstance(spec, KeypointsSpec) and spec.skeleton == [["wrist", "thumb"]]
    assert spec.model_dump(mode="json")["skeleton"] == [["wrist", "thumb"]]
    assert SPEC.skeleton is None  # optional: poses without lines


def test_a_skeleton_naming_an_unknown_point_says_which() -> None:
    with pytest.raises(ValueError, match="skeleton names unknown points \\['elbow'\\]"):
        make_spec(type="keypoints", labels=["hand"], points=["wrist", "thumb"], skeleton=[["wrist", "elbow"]])
