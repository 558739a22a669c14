"""Rating: an integer on a closed scale (e.g. 1-5 stars)."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median_low
from typing import Any, Literal

from pydantic import StrictInt, TypeAdapter, model_validator

from goldlabel.controls.base import Consensus, ControlSpec, ControlType, ControlValueError

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.


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

    def alpha_level(self, spec: ControlSpec) -> str | None:
        return "interval"

    def score(self, spec: ControlSpec, pred: Any, ref: Any, data: dict[str, Any]) -> Any:
        from goldlabel.quality.scoring import score_rating

        assert isinstance(spec, RatingSpec)
        return score_rating(pred, ref, low=spec.min, high=spec.max)

    def distance(self, spec: ControlSpec, a: Any, b: Any) -> float:
        assert isinstance(spec, RatingSpec)
        return abs(a - b) / (spec.max - spec.min)

    def aggregate(self, spec: ControlSpec, values: Sequence[Any], data: dict[str, Any]) -> Consensus:
        """The (lower) median: robust to one careless rater; confidence falls with the spread."""
        assert isinstance(spec, RatingSpec)
        middle = median_low(values)
        spread = sum(abs(v - middle) for v in values) / len(values) / (spec.max - spec.min)
        return Consensus(value=middle, confidence=1.0 - spread)
