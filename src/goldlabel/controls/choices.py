"""Choices: one option (``multiple=False``) or a set of options from a fixed list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import Field, StrictStr, TypeAdapter, field_validator, model_validator

from goldlabel.controls.base import (
    Consensus,
    ControlSpec,
    ControlType,
    ControlValueError,
    Stored,
    ValidationContext,
    dedupe,
)
from goldlabel.controls.diff import ChoicesDiff
from goldlabel.core.limits import MAX_OPTIONS_PER_CONTROL

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.


class ChoicesSpec(ControlSpec):
    type: Literal["choices"] = "choices"
    options: list[str] = Field(min_length=1, max_length=MAX_OPTIONS_PER_CONTROL)
    multiple: bool = False
    # cost_matrix[ref][pred] in options order: what confusing ref with pred costs (0..1).
    cost_matrix: list[list[float]] | None = None

    @field_validator("options")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if any(not o.strip() for o in value):
            raise ValueError("options must be non-empty strings")
        if len(set(value)) != len(value):
            raise ValueError("options must be unique")
        return value

    @model_validator(mode="after")
    def _costs(self) -> ChoicesSpec:
        m = self.cost_matrix
        if m is None:
            return self
        n = len(self.options)
        if len(m) != n or any(len(row) != n for row in m):
            raise ValueError(f"cost_matrix must be {n}×{n}, in options order")
        if any(not 0 <= c <= 1 for row in m for c in row) or any(m[i][i] for i in range(n)):
            raise ValueError("costs must lie in [0, 1] with zeros on the diagonal")
        if self.multiple:
            raise ValueError("a cost matrix applies to single choices only")
        return self

    def keyed_labels(self) -> list[str]:
        return self.options


Choice = str | list[str]


class Choices(ControlType[ChoicesSpec, Choice]):
    type_name = "choices"
    spec_model = ChoicesSpec
    value_adapter: TypeAdapter[Choice] = TypeAdapter(StrictStr | list[StrictStr])
    field_kinds = frozenset({"text", "image", "audio", "video", "json"})

    def describe_value(self, spec: ChoicesSpec) -> str:
        return "a list of options" if spec.multiple else "one option (a string)"

    def check(self, spec: ChoicesSpec, value: Choice, ctx: ValidationContext) -> Choice:
        if spec.multiple:
            if not isinstance(value, list):
                raise ControlValueError("expected a list of options")
            if len(set(value)) != len(value):
                raise ControlValueError("an option is listed twice")
            picked = value
        else:
            if not isinstance(value, str):
                raise ControlValueError("expected one option (a string), not a list")
            picked = [value]
        unknown = [v for v in picked if v not in spec.options]
        if unknown:
            raise ControlValueError(f"unknown option {unknown[0]!r}; allowed: {spec.options}")
        return value

    def alpha_level(self, spec: ChoicesSpec) -> str | None:
        return None if spec.multiple else "nominal"

    def score(self, spec: ChoicesSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        from goldlabel.quality.scoring import (
            score_choice,
            score_multi_choice,
        )

        if spec.multiple:
            return score_multi_choice(pred, ref)
        if spec.cost_matrix is None:
            return score_choice(pred, ref)
        return score_choice(pred, ref, cost_matrix=spec.cost_matrix, labels=spec.options)

    def diff(
        self, spec: ChoicesSpec, answer: Stored | None, reference: Stored, data: Mapping[str, Any]
    ) -> ChoicesDiff:
        picked, expected = self.names_used(answer) if answer is not None else [], self.names_used(reference)
        return ChoicesDiff(
            matched=[o for o in picked if o in expected],
            missing=[o for o in expected if o not in picked],
            extra=[o for o in picked if o not in expected],
        )

    def empty(self, spec: ChoicesSpec) -> Stored | None:
        return [] if spec.multiple else None

    def distance(self, spec: ChoicesSpec, a: Stored, b: Stored) -> float:
        from goldlabel.quality.scoring import (
            jaccard_distance,
            nominal_distance,
        )

        return jaccard_distance(a, b) if spec.multiple else nominal_distance(a, b)

    def aggregate(self, spec: ChoicesSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """Majority vote; ties go to the option listed first. Multiple: each option by majority."""
        n = len(values)
        if not spec.multiple:
            counts = Counter(values)
            best = max(spec.options, key=lambda o: (counts[o], -spec.options.index(o)))
            return Consensus(value=best, confidence=counts[best] / n)
        counts = Counter(o for v in values for o in set(v))
        chosen = [o for o in spec.options if counts[o] * 2 > n]
        confidence = min((max(counts[o], n - counts[o]) / n for o in spec.options), default=1.0)
        return Consensus(value=chosen, confidence=confidence)

    def names_used(self, value: Stored) -> list[str]:
        return [value] if isinstance(value, str) else list(value)

    def rename(self, value: Stored, mapping: Mapping[str, str | None]) -> Stored | None:
        if isinstance(value, str):
            return mapping.get(value, value)
        return dedupe(new for v in value if (new := mapping.get(v, v)) is not None)

    def fits(self, spec: ChoicesSpec, value: Stored) -> bool:
        return isinstance(value, list) == spec.multiple
