"""A whole result against a schema: empty lists kept for every list-valued control, region ids
unique within a control, and the validation context handed to every control."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from goldlabel.controls.base import ControlType, ValidationContext
from goldlabel.controls.regions import RegionControlType
from goldlabel.controls.registry import CONTROL_TYPES, AnySpec, type_of
from goldlabel.controls.schema import ProjectSchema, ResultError, validate_result

IMAGE: dict[str, Any] = {"media": "a.png"}
REGION_CONTROLS: list[dict[str, Any]] = [
    {"name": "boxes", "type": "boxes", "labels": ["a"]},
    {"name": "polygons", "type": "polygons", "labels": ["a"]},
    {"name": "masks", "type": "masks", "labels": ["a"]},
    {"name": "poses", "type": "keypoints", "labels": ["a"], "points": ["p"]},
]


def schema(fields: dict[str, str], controls: list[dict[str, Any]], **extra: Any) -> ProjectSchema:
    return ProjectSchema.model_validate(
        {"fields": fields, "controls": [{"field": "media", **c} for c in controls], **extra}
    )


def test_the_union_of_specs_names_every_registered_type() -> None:
    assert set(get_args(AnySpec)) == {ct.spec_model for ct in CONTROL_TYPES.values()}
    assert all(isinstance(ct, ControlType) for ct in CONTROL_TYPES.values())


@pytest.mark.parametrize(
    ("kind", "controls"),
    [
        ("image", REGION_CONTROLS),
        ("text", [{"name": "spans", "type": "spans", "labels": ["a"]}]),
        ("audio", [{"name": "segments", "type": "segments", "labels": ["a"]}]),
        ("video", [{"name": "tracks", "type": "tracks", "labels": ["a"]}]),
        ("text", [{"name": "topics", "type": "choices", "options": ["a"], "multiple": True}]),
    ],
)
def test_an_empty_list_is_kept_as_an_answer(kind: str, controls: list[dict[str, Any]]) -> None:
    s = schema({"media": kind}, controls)
    result = {c["name"]: [] for c in controls}
    assert validate_result(s, result, {"media": "x"}, complete=True) == result


def test_every_region_type_gives_ids() -> None:
    region_types = {name for name, ct in CONTROL_TYPES.items() if isinstance(ct, RegionControlType)}
    assert region_types == {"spans", "boxes", "polygons", "masks", "keypoints", "segments", "tracks"}


def test_an_empty_submission_is_refused_unless_the_schema_allows_it() -> None:
    s = schema({"media": "image"}, REGION_CONTROLS)
    with pytest.raises(ResultError, match="answer at least one control"):
        validate_result(s, {"boxes": None}, IMAGE, complete=True)
    assert validate_result(s, {}, IMAGE, complete=False) == {}
    allowing = schema({"media": "image"}, REGION_CONTROLS, allow_empty_submissions=True)
    assert validate_result(allowing, {}, IMAGE, complete=True) == {}


def test_each_control_sees_the_item_and_the_whole_result(monkeypatch: pytest.MonkeyPatch) -> None:
    s = schema({"media": "image"}, REGION_CONTROLS[:2])
    boxes = type_of(s.controls[0])
    seen: list[ValidationContext] = []
    real_check = boxes.check

    def check(spec: Any, value: Any, ctx: ValidationContext) -> Any:
        seen.append(ctx)
        return real_check(spec, value, ctx)

    monkeypatch.setattr(boxes, "check", check)
    box = {"x": 1, "y": 1, "width": 2, "height": 2, "label": "a"}
    polygon = {"points": [[0, 0], [4, 0], [0, 4]], "label": "a", "id": "p1"}
    result = {"boxes": [box], "polygons": [polygon]}
    validate_result(s, result, IMAGE, complete=True)
    (ctx,) = seen
    assert ctx.data == IMAGE and ctx.result == result
    assert set(ctx.controls) == {"boxes", "polygons"} and ctx.controls["polygons"].type == "polygons"
