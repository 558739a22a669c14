"""The control-type contract: everything about one kind of answer lives in one module.

A control type owns its spec (the options a project configures), the value model of an
answer, and validation of an answer against the spec and the item's data. Scoring, agreement
distances and aggregation (which call goldlabel.quality) hang off the same class, so adding an
annotation type is one module here plus one widget in the web UI.
"""

from __future__ import annotations

import dataclasses
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from goldlabel.core.limits import MAX_OPTIONS_PER_CONTROL

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$")


class ControlValueError(ValueError):
    """An answer that does not fit its control; the message names the problem for the user."""


class ControlSpec(BaseModel):
    """Options common to every control; each type adds its own fields and a ``type`` literal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    field: str
    required: bool = False
    hotkeys: dict[str, str] = Field(default_factory=dict)

    @field_validator("name", "field")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(
                f"{value!r} is not a valid name: use letters, digits, '_' or '-' (max 64), "
                "starting with a letter or '_'"
            )
        return value

    @field_validator("hotkeys")
    @classmethod
    def _single_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value.values():
            if len(key) != 1 or not key.isprintable() or key.isspace():
                raise ValueError(f"hotkey {key!r} must be a single printable character")
        if len(set(value.values())) != len(value):
            raise ValueError("two labels share the same hotkey")
        return value

    def keyed_labels(self) -> list[str]:
        """The labels or options a hotkey may point at (empty for free-form controls)."""
        return []


@dataclasses.dataclass(frozen=True, slots=True)
class Consensus:
    """The merged answer of several annotators and how sure we are of it (0..1)."""

    value: Any
    confidence: float


def to_jsonable(value: Any) -> Any:
    """Score results and diffs (dataclasses, tuples, numpy) as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


class ControlType(ABC):
    """Base class of the per-type modules; subclasses set the class attributes below.

    Quality hooks (``score``, ``distance``, ``aggregate``) take JSON-ready stored values.
    ``alpha_level`` says how Krippendorff's alpha treats the values: a level of measurement
    on their codes, or None to use ``distance`` between whole answers.
    """

    type_name: ClassVar[str]
    spec_model: ClassVar[type[ControlSpec]]
    value_adapter: ClassVar[TypeAdapter[Any]]
    # Data field kinds this control can be attached to.
    field_kinds: ClassVar[frozenset[str]]

    def parse(self, spec: ControlSpec, value: Any, data: dict[str, Any]) -> Any:
        """Coerce ``value`` to the value model and check it against the spec and item data."""
        try:
            parsed = self.value_adapter.validate_python(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            # union members show up as type names in loc; keep only list indexes and fields
            where = ".".join(str(p) for p in first["loc"] if not str(p).startswith(("str", "list[", "int")))
            raise ControlValueError(
                f"expected {self.describe_value(spec)}: {first['msg']}" + (f" at {where}" if where else "")
            ) from None
        return self.check(spec, parsed, data)

    def check(self, spec: ControlSpec, value: Any, data: dict[str, Any]) -> Any:
        return value

    @abstractmethod
    def describe_value(self, spec: ControlSpec) -> str: ...

    def alpha_level(self, spec: ControlSpec) -> str | None:
        return None

    @abstractmethod
    def score(self, spec: ControlSpec, pred: Any, ref: Any, data: dict[str, Any]) -> Any:
        """A frozen result with ``score`` in [0, 1] and a diff of what was missed/extra/wrong."""

    @abstractmethod
    def distance(self, spec: ControlSpec, a: Any, b: Any) -> float:
        """Disagreement between two answers in [0, 1]: 0 when identical, symmetric."""

    @abstractmethod
    def aggregate(self, spec: ControlSpec, values: Sequence[Any], data: dict[str, Any]) -> Consensus:
        """Merge several annotators' answers (at least one) into one."""

    @staticmethod
    def dump(value: Any) -> Any:
        """JSON-ready form of a parsed value (pydantic models become dicts)."""
        if isinstance(value, BaseModel):
            return value.model_dump(exclude_none=True)
        if isinstance(value, list):
            return [v.model_dump(exclude_none=True) if isinstance(v, BaseModel) else v for v in value]
        return value


class LabelledSpec(ControlSpec):
    """A control whose every object carries one label from a fixed list."""

    labels: list[str] = Field(min_length=1, max_length=MAX_OPTIONS_PER_CONTROL)

    @field_validator("labels")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if any(not label.strip() for label in value):
            raise ValueError("labels must be non-empty strings")
        if len(set(value)) != len(value):
            raise ValueError("labels must be unique")
        return value

    def keyed_labels(self) -> list[str]:
        return self.labels
