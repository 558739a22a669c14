"""Helpers for control-type tests: every call goes through the public contract
(registry, spec adapter, parse/score/distance/aggregate, ProjectSchema)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from goldlabel.controls.base import ControlSpec, ControlValueError, ValidationContext, to_jsonable
from goldlabel.controls.registry import AnyControlType, type_of
from goldlabel.controls.schema import SPEC_ADAPTER, ProjectSchema

DATA: dict[str, Any] = {"media": "https://example.com/a.png"}


def make_spec(**fields: Any) -> ControlSpec:
    return SPEC_ADAPTER.validate_python({"name": "c", "field": "media", **fields})


def ctype(spec: ControlSpec) -> AnyControlType:
    return type_of(spec)


def context(data: dict[str, Any] | None) -> ValidationContext:
    return ValidationContext(data=DATA if data is None else data)


def parse_with_ids(spec: ControlSpec, value: Any, data: dict[str, Any] | None = None) -> Any:
    """The stored, JSON-ready form of a valid answer, with the region ids the server gave."""
    ct = ctype(spec)
    return ct.dump(ct.parse(spec, value, context(data)))


def parse(spec: ControlSpec, value: Any, data: dict[str, Any] | None = None) -> Any:
    """The stored form of a valid answer, region ids left out (they are drawn at random)."""
    stored = parse_with_ids(spec, value, data)
    if isinstance(stored, list) and all(isinstance(r, dict) for r in stored):
        for region, sent in zip(stored, value, strict=True):
            if "id" not in sent:
                assert isinstance(region.pop("id"), str)
    return stored


def refusal(spec: ControlSpec, value: Any, data: dict[str, Any] | None = None) -> str:
    """The message an invalid answer is refused with."""
    with pytest.raises(ControlValueError) as info:
        ctype(spec).parse(spec, value, context(data))
    return str(info.value)


def score(spec: ControlSpec, pred: Any, ref: Any, data: dict[str, Any] | None = None) -> float:
    result = ctype(spec).score(spec, pred, ref, DATA if data is None else data)
    to_jsonable(result)  # results must serialise for the UI
    value = float(result.score)
    assert 0.0 <= value <= 1.0
    return value


def distance(spec: ControlSpec, a: Any, b: Any) -> float:
    """The distance, checked symmetric and in [0, 1] on every call."""
    ct = ctype(spec)
    d = ct.distance(spec, a, b)
    assert d == pytest.approx(ct.distance(spec, b, a))
    assert 0.0 <= d <= 1.0 + 1e-12
    return d


def schema_accepts(kind: str, control: dict[str, Any]) -> bool:
    try:
        ProjectSchema.model_validate(
            {"fields": {"media": kind}, "controls": [{"name": "c", "field": "media", **control}]}
        )
    except ValidationError as exc:
        assert "cannot label" in str(exc), exc
        return False
    return True
