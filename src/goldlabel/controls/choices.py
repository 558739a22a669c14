"""Choices: one option (``multiple=False``) or a set of options from a fixed list."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictStr, TypeAdapter, field_validator

from goldlabel.controls.base import ControlSpec, ControlType, ControlValueError
from goldlabel.core.limits import MAX_OPTIONS_PER_CONTROL


class ChoicesSpec(ControlSpec):
    type: Literal["choices"] = "choices"
    options: list[str] = Field(min_length=1, max_length=MAX_OPTIONS_PER_CONTROL)
    multiple: bool = False

    @field_validator("options")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if any(not o.strip() for o in value):
            raise ValueError("options must be non-empty strings")
        if len(set(value)) != len(value):
            raise ValueError("options must be unique")
        return value

    def keyed_labels(self) -> list[str]:
        return self.options


class Choices(ControlType):
    type_name = "choices"
    spec_model = ChoicesSpec
    value_adapter: TypeAdapter[Any] = TypeAdapter(StrictStr | list[StrictStr])
    field_kinds = frozenset({"text", "image", "audio", "video", "json"})

    def describe_value(self, spec: ControlSpec) -> str:
        assert isinstance(spec, ChoicesSpec)
        return "a list of options" if spec.multiple else "one option (a string)"

    def check(self, spec: ControlSpec, value: Any, data: dict[str, Any]) -> Any:
        assert isinstance(spec, ChoicesSpec)
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
