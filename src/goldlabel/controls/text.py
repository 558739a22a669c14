"""Text: a free-text answer or a transcription, capped in length."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictStr, TypeAdapter

from goldlabel.controls.base import ControlSpec, ControlType, ControlValueError
from goldlabel.core.limits import MAX_TEXT_ANSWER_CHARS


class TextSpec(ControlSpec):
    type: Literal["text"] = "text"
    max_length: int = Field(default=10_000, ge=1, le=MAX_TEXT_ANSWER_CHARS)
    transcription: bool = False


class Text(ControlType):
    type_name = "text"
    spec_model = TextSpec
    value_adapter: TypeAdapter[Any] = TypeAdapter(StrictStr)
    field_kinds = frozenset({"text", "image", "audio", "video", "json"})

    def describe_value(self, spec: ControlSpec) -> str:
        return "a string"

    def check(self, spec: ControlSpec, value: Any, data: dict[str, Any]) -> Any:
        assert isinstance(spec, TextSpec)
        if len(value) > spec.max_length:
            raise ControlValueError(f"text is {len(value)} characters; at most {spec.max_length}")
        return value
