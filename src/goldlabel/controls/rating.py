"""Rating: an integer on a closed scale (e.g. 1-5 stars)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import median_low
from typing import Any, Literal

from pydantic import Field, StrictInt, TypeAdapter, model_validator

from goldlabel.controls.base import (
    Consensus,
    ControlSpec,
    ControlType,
    ControlValueError,
    Stored,
    ValidationContext,
)
from goldlabel.controls.diff import RatingDiff
from goldlabel.core.limits import MAX_RATING_BOUND, MAX_RATING_STEPS

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.


class RatingSpec(ControlSpec):
    type: Literal["rating"] = "rating"
    min: int = Field(default=1, ge=-MAX_RATING_BOUND, le=MAX_RATING_BOUND)
    max: int = Field(default=5, ge=-MAX_RATING_BOUND, le=MAX_RATING_BOUND)

    @model_validator(mode="after")
    def _ordered(self) -> RatingSpec:
        if not self.min < self.max:
            raise ValueError(f"rating min ({self.min}) must be below max ({self.max})")
        if self.max - self.min > MAX_RATING_STEPS - 1:
            raise ValueError(f"a rating scale may have at most {MAX_RATING_STEPS} steps")
        return self


class Rating(ControlType[RatingSpec, int]):
    type_name = "rating"
    spec_model = RatingSpec
    value_adapter: TypeAdapter[int] = TypeAdapter(StrictInt)
    field_kinds = frozenset({"text", "image", "audio", "video", "json"})

    def describe_value(self, spec: RatingSpec) -> str:
        return f"an integer from {spec.min} to {spec.max}"

    def check(self, spec: RatingSpec, value: int, ctx: ValidationContext) -> int:
        if not spec.min <= value <= spec.max:
            raise ControlValueError(f"rating {value} is outside {spec.min}..{spec.max}")
        return value

    def alpha_level(self, spec: RatingSpec) -> str | None:
        return "interval"

    def score(self, spec: RatingSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        from goldlabel.quality.scoring import score_rating

        return score_rating(pred, ref, low=spec.min, high=spec.max)

    def diff(
        self, spec: RatingSpec, answer: Stored | None, reference: Stored, data: Mapping[str, Any]
    ) -> RatingDiff:
        delta = answer - reference if answer is not None and reference is not None else None
        return RatingDiff(answer=answer, reference=reference, delta=delta)

    def distance(self, spec: RatingSpec, a: Stored, b: Stored) -> float:
        return float(abs(a - b) / (spec.max - spec.min))

    def aggregate(self, spec: RatingSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """The (lower) median: robust to one careless rater; confidence falls with the spread."""
        middle = median_low(values)
        spread = sum(abs(v - middle) for v in values) / len(values) / (spec.max - spec.min)
        return Consensus(value=middle, confidence=1.0 - spread)

    def fits(self, spec: RatingSpec, value: Stored) -> bool:
        return isinstance(value, int) and spec.min <= value <= spec.max
