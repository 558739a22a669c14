"""A project's schema: its data fields, its controls, and how many annotators see each item.

Also the one place an annotation result is checked against the schema: each control's own
module validates its value; this module checks names and required controls, and reports the
first problem naming the control.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal

import orjson
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    field_validator,
    model_validator,
)

from goldlabel.controls.base import NAME_PATTERN, ControlSpec, ControlValueError, ValidationContext
from goldlabel.controls.registry import AnySpec, type_of
from goldlabel.core.limits import MAX_CONTROLS

FieldKind = Literal["text", "image", "audio", "video", "json"]
MEDIA_KINDS = frozenset({"image", "audio", "video"})

# A tagged union of every registered control's spec: validation picks the model by "type",
# and the OpenAPI document (hence the web UI's generated types) lists each control's shape.
AnyControlSpec = Annotated[AnySpec, Field(discriminator="type")]
SPEC_ADAPTER: TypeAdapter[AnySpec] = TypeAdapter(AnyControlSpec)


class ProjectSchema(BaseModel):
    # Responses always carry defaulted fields: the OpenAPI document lists them as required.
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)

    fields: dict[str, FieldKind] = Field(min_length=1)
    controls: list[AnyControlSpec] = Field(min_length=1, max_length=MAX_CONTROLS)
    overlap: int = Field(default=1, ge=1, le=100)
    order: Literal["sequential", "random"] = "sequential"
    # A submission must answer at least one control, unless the project says that an empty
    # submission ("nothing to label here") is finished work.
    allow_empty_submissions: bool = False
    # How the labeling page arranges the fields (multimodal items: image + caption, audio +
    # transcript): rows of field names shown side by side, each with its controls. None is one
    # row per field in `fields` order; fields a layout leaves out follow, one row each.
    layout: list[Annotated[list[str], Field(min_length=1)]] | None = Field(default=None, min_length=1)

    @field_validator("fields")
    @classmethod
    def _field_names(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if not NAME_PATTERN.match(name):
                raise ValueError(f"field name {name!r} is not valid: use letters, digits, '_' or '-'")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ProjectSchema:
        names = [c.name for c in self.controls]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate:
            raise ValueError(f"two controls are named {duplicate!r}")
        for spec in self.controls:
            kind = self.fields.get(spec.field)
            if kind is None:
                raise ValueError(
                    f"control {spec.name!r} points at field {spec.field!r}, which is not in fields "
                    f"{sorted(self.fields)}"
                )
            if kind not in type_of(spec).field_kinds:
                raise ValueError(f"control {spec.name!r} ({spec.type}) cannot label a {kind} field")
            unknown = set(spec.hotkeys) - set(spec.keyed_labels())
            if unknown:
                raise ValueError(f"control {spec.name!r}: hotkeys for unknown labels {sorted(unknown)}")
        self._check_layout()
        return self

    def _check_layout(self) -> None:
        placed: set[str] = set()
        for row in self.layout or []:
            for name in row:
                if name not in self.fields:
                    raise ValueError(
                        f"layout names field {name!r}, which is not in fields {sorted(self.fields)}"
                    )
                if name in placed:
                    raise ValueError(f"layout places field {name!r} twice; place each field at most once")
                placed.add(name)

    def control(self, name: str) -> ControlSpec | None:
        return next((c for c in self.controls if c.name == name), None)


@dataclass(frozen=True, slots=True)
class ResultError(Exception):
    """A result that does not fit the schema; ``control`` is None for whole-result problems."""

    control: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.control}: {self.message}" if self.control else self.message


def validate_result(
    schema: ProjectSchema, result: Any, data: dict[str, Any], *, complete: bool
) -> dict[str, Any]:
    """Check ``result`` (keyed by control name) and return its JSON-ready normalised form.

    A control is answered when its value is present and not null; ``[]`` (no regions, no
    options) is an answer and is kept. ``complete`` is True for submissions: required controls
    must then be answered, and at least one control unless ``allow_empty_submissions``.
    """
    if not isinstance(result, dict):
        raise ResultError(None, "result must be an object keyed by control name")
    by_name = {c.name: c for c in schema.controls}
    unknown = [k for k in result if k not in by_name]
    if unknown:
        raise ResultError(unknown[0], f"no control named {unknown[0]!r}; controls: {sorted(by_name)}")
    ctx = ValidationContext(data=data, result=result, controls=by_name)
    normalised: dict[str, Any] = {}
    for name, value in result.items():
        if value is None:
            continue
        spec = by_name[name]
        ctype = type_of(spec)
        try:
            normalised[name] = ctype.dump(ctype.parse(spec, value, ctx))
        except ControlValueError as exc:
            raise ResultError(name, str(exc)) from None
    if complete:
        missing = [c.name for c in schema.controls if c.required and c.name not in normalised]
        if missing:
            raise ResultError(missing[0], "this control is required")
        if not normalised and not schema.allow_empty_submissions:
            raise ResultError(
                None,
                "answer at least one control before submitting (or skip the item); a project "
                "that accepts empty submissions sets allow_empty_submissions in its schema",
            )
    return normalised


def validate_item_data(schema: ProjectSchema, data: Any) -> str | None:
    """Return a message if an item's data lacks a field the schema needs, else None."""
    if not isinstance(data, dict):
        return "data must be an object"
    for name, kind in schema.fields.items():
        value = data.get(name)
        if value is None:
            return f"data has no field {name!r}"
        if kind != "json" and not isinstance(value, str):
            expected = "a URL or media path" if kind in MEDIA_KINDS else "text"
            return f"field {name!r} must be a string ({expected})"
    return None


@lru_cache(maxsize=256)
def _load_schema(serialised: bytes) -> ProjectSchema:
    return ProjectSchema.model_validate_json(serialised)


def load_schema(stored: dict[str, Any]) -> ProjectSchema:
    """A stored (already validated) schema as a model, parsed once per distinct schema."""
    return _load_schema(orjson.dumps(stored, option=orjson.OPT_SORT_KEYS))
