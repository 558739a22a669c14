"""Ranking: order a fixed list of items, best first (e.g. compare model outputs).

The answer is the list of the spec's ``items`` in the annotator's order: every item once.
Scored by Kendall's tau (the share of item pairs put in the reference's order); merged by
Borda count, which uses every position rather than only who came first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import Field, StrictStr, TypeAdapter, field_validator

from goldlabel.controls._media import agreement_with
from goldlabel.controls.base import (
    Consensus,
    ControlSpec,
    ControlType,
    ControlValueError,
    Stored,
    ValidationContext,
    dedupe,
)
from goldlabel.core.limits import MAX_OPTIONS_PER_CONTROL

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.


class RankingSpec(ControlSpec):
    type: Literal["ranking"] = "ranking"
    items: list[str] = Field(min_length=2, max_length=MAX_OPTIONS_PER_CONTROL)

    @field_validator("items")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if any(not item.strip() for item in value):
            raise ValueError("items must be non-empty strings")
        if len(set(value)) != len(value):
            raise ValueError("items must be unique")
        return value

    def vocabulary(self) -> list[str]:
        return self.items


class Ranking(ControlType[RankingSpec, list[str]]):
    type_name = "ranking"
    spec_model = RankingSpec
    value_adapter: TypeAdapter[list[str]] = TypeAdapter(list[StrictStr])
    field_kinds = frozenset({"text", "image", "audio", "video", "json"})

    def describe_value(self, spec: RankingSpec) -> str:
        return f"a list ordering every item of {spec.items} once, best first"

    def check(self, spec: RankingSpec, value: list[str], ctx: ValidationContext) -> list[str]:
        unknown = [v for v in value if v not in spec.items]
        if unknown:
            raise ControlValueError(f"unknown item {unknown[0]!r}; items: {spec.items}")
        twice = [v for v, n in Counter(value).items() if n > 1]
        if twice:
            raise ControlValueError(f"item {twice[0]!r} is ranked twice")
        missing = [v for v in spec.items if v not in value]
        if missing:
            raise ControlValueError(f"the ranking misses {missing}; rank every item once")
        return value

    def score(self, spec: RankingSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        from goldlabel.quality.scoring import (
            score_ranking,
        )

        return score_ranking(pred, ref)

    def distance(self, spec: RankingSpec, a: Stored, b: Stored) -> float:
        """Kendall distance; exactly 0 for equal rankings (scipy's tau can miss 1 by an ulp)."""
        from goldlabel.quality.scoring import (
            kendall_distance,
        )

        if list(a) == list(b):
            return 0.0
        return min(1.0, max(0.0, kendall_distance(a, b)))

    def aggregate(self, spec: RankingSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """Borda count: an item gets (n - 1 - position) points per ranking; ties keep the
        spec's order. Confidence is 1 - the mean Kendall distance to the result."""
        n = len(spec.items)
        points = Counter({item: 0 for item in spec.items})
        for ranking in values:
            for position, item in enumerate(ranking):
                points[item] += n - 1 - position
        order = sorted(spec.items, key=lambda item: (-points[item], spec.items.index(item)))
        return Consensus(
            value=order, confidence=agreement_with(values, order, lambda a, b: self.distance(spec, a, b))
        )

    def names_used(self, value: Stored) -> list[str]:
        return list(value)

    def rename(self, value: Stored, mapping: Mapping[str, str | None]) -> Stored | None:
        return dedupe(new for v in value if (new := mapping.get(v, v)) is not None)

    def fits(self, spec: RankingSpec, value: Stored) -> bool:
        """A ranking orders every item once: one made before items were added no longer does."""
        return sorted(value) == sorted(spec.items)
