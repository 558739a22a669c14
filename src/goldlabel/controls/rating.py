"""Rating: an integer on a closed scale (e.g. 1-5 stars)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import StrictInt, TypeAdapter, model_validator

from goldlabel.controls.base import ControlSpec, ControlType, ControlValueError


class RatingSpec(ControlSpec):
    type: Literal["rating"] = "rating"
    min: int = 1
    max: int = 5

    @model_validator(mode="after")
    def _ordered(self) -> RatingSpec:
        if not self.min < self.max:
            raise ValueError(f"rating min ({self.min}) must be below max ({self.max})")
        if self.max - self.min > 100:
            raise ValueError("a rating scale may have at most 101 steps")
        return self


class Rating(ControlType):
    type_name = "rating"
    spec_model = RatingSpec
    value_adapter: TypeAdapter[Any] = TypeAdapter(StrictInt)
    field_kinds = frozenset({"text", "image", "audio", "video", "json"})

    def describe_value(self, spec: ControlSpec) -> str:
        assert isinstance(spec, RatingSpec)
        return f"an integer from {spec.min} to {spec.max}"

    def check(self, spec: ControlSpec, value: Any, data: dict[str, Any]) -> Any:
        assert isinstance(spec, RatingSpec)
        if not spec.min <= value <= spec.max:
            raise ControlValueError(f"rating {value} is outside {spec.min}..{spec.max}")
        return value
