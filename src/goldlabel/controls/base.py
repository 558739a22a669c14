"""The control-type contract: everything about one kind of answer lives in one module.

A control type owns its spec (the options a project configures), the value model of an
answer, and validation of an answer against the spec and a ``ValidationContext`` (the item's
data and the whole result, so a control may check references to other controls' regions).
Scoring, agreement distances and aggregation (which call goldlabel.quality) hang off the same
class, so adding an annotation type is one module here plus one widget in the web UI.

``ControlType[Spec, Value]`` is generic over its spec model and its parsed value, so each
module's methods are typed by what they receive. Quality hooks and schema migrations work on
*stored* answers: the JSON the database holds (``Stored``), validated when they were saved.
"""

from __future__ import annotations

import dataclasses
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from goldlabel.controls.diff import GenericDiff
from goldlabel.core.limits import MAX_OPTIONS_PER_CONTROL

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$")

#: An answer as stored: JSON (dicts, lists, strings, numbers), valid when it was saved.
Stored = Any


class ControlValueError(ValueError):
    """An answer that does not fit its control; the message names the problem for the user."""


class ControlSpec(BaseModel):
    """Options common to every control; each type adds its own fields.

    ``type`` is the tag of the schema's discriminated union: every subclass narrows it to its
    own ``Literal`` (a subtype of ``str``, so type checkers accept the override and code
    holding any spec can read ``spec.type``).
    """

    # Responses always carry defaulted fields: the OpenAPI document lists them as required.
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)

    type: str
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

    def vocabulary(self) -> list[str]:
        """The fixed names answers are made of (options, labels, ranked items): what a schema
        change can rename or remove. Empty for free-form controls."""
        return self.keyed_labels()


SpecT = TypeVar("SpecT", bound=ControlSpec)
ValueT = TypeVar("ValueT")


@dataclasses.dataclass(frozen=True, slots=True)
class ValidationContext:
    """What validating one control may look at besides its own answer.

    ``result`` is the whole result being validated (every control's answer as sent), and
    ``controls`` the schema's specs by name: a control that refers to other controls' regions
    (relations between regions, per-region attributes) checks those references here.
    """

    data: Mapping[str, Any]
    result: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    controls: Mapping[str, ControlSpec] = dataclasses.field(default_factory=dict)


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


def dedupe(values: Iterable[str]) -> list[str]:
    """Values in first-seen order without repeats (a rename may merge two names into one)."""
    return list(dict.fromkeys(values))


class ControlType(ABC, Generic[SpecT, ValueT]):
    """Base class of the per-type modules; subclasses set the attributes below.

    Quality hooks (``score``, ``distance``, ``aggregate``) take stored answers.
    ``alpha_level`` says how Krippendorff's alpha treats the values: a level of measurement
    on their codes, or None to use ``distance`` between whole answers.
    """

    type_name: ClassVar[str]
    # Data field kinds this control can be attached to.
    field_kinds: ClassVar[frozenset[str]]
    spec_model: type[SpecT]
    value_adapter: TypeAdapter[ValueT]

    def parse(self, spec: SpecT, value: object, ctx: ValidationContext) -> ValueT:
        """Coerce ``value`` to the value model and check it against the spec and context."""
        try:
            parsed = self.value_adapter.validate_python(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            # union members show up as type names in loc; keep only list indexes and fields
            where = ".".join(str(p) for p in first["loc"] if not str(p).startswith(("str", "list[", "int")))
            raise ControlValueError(
                f"expected {self.describe_value(spec)}: {first['msg']}" + (f" at {where}" if where else "")
            ) from None
        return self.check(spec, parsed, ctx)

    def check(self, spec: SpecT, value: ValueT, ctx: ValidationContext) -> ValueT:
        return value

    def dump(self, value: ValueT) -> Stored:
        """JSON-ready form of a parsed value (pydantic models become dicts; ``[]`` stays ``[]``)."""
        return self.value_adapter.dump_python(value, mode="json", exclude_none=True)

    @abstractmethod
    def describe_value(self, spec: SpecT) -> str: ...

    def alpha_level(self, spec: SpecT) -> str | None:
        return None

    @abstractmethod
    def score(self, spec: SpecT, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        """A frozen result with ``score`` in [0, 1] and a diff of what was missed/extra/wrong."""

    def diff(self, spec: SpecT, answer: Stored | None, reference: Stored, data: Mapping[str, Any]) -> Any:
        """What ``answer`` (None: unanswered) got wrong against ``reference``, as one of the
        models of ``controls.diff`` (JSON-able; drawn by the widgets as practice feedback).
        This default says whether the two are equal and carries the score result's detail."""
        if answer is None:
            return GenericDiff(type=self.type_name, equal=False, detail=None)
        detail = to_jsonable(self.score(spec, answer, reference, data))
        return GenericDiff(type=self.type_name, equal=answer == reference, detail=detail)

    def empty(self, spec: SpecT) -> Stored | None:
        """The stored answer that marks nothing (``[]`` for lists of regions or options), used
        to score an unanswered control; None when the type has no such answer (it scores 0)."""
        return None

    @abstractmethod
    def distance(self, spec: SpecT, a: Stored, b: Stored) -> float:
        """Disagreement between two answers in [0, 1]: 0 when identical, symmetric."""

    @abstractmethod
    def aggregate(self, spec: SpecT, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """Merge several annotators' answers (at least one) into one."""

    # Schema changes: what a stored answer uses of the spec's vocabulary, and how it reads once
    # names are renamed or removed. Free-form controls (rating, text) use no vocabulary.

    def names_used(self, value: Stored) -> list[str]:
        """The vocabulary names (``spec.vocabulary()``) a stored answer uses."""
        return []

    def rename(self, value: Stored, mapping: Mapping[str, str | None]) -> Stored | None:
        """The stored answer with names renamed (``None``: removed); None if nothing is left."""
        return value

    def fits(self, spec: SpecT, value: Stored) -> bool:
        """Whether a stored answer still has the shape ``spec`` asks for (range, arity, single or
        multiple), without the item's data; an answer that does not is dropped on a schema change."""
        return True


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


def agreement_with(values: Sequence[Any], consensus: Any, distance: Callable[[Any, Any], float]) -> float:
    """1 - the mean distance of the answers to a built consensus: how well it speaks for them."""
    if not values:
        return 1.0
    return max(0.0, 1.0 - sum(distance(v, consensus) for v in values) / len(values))
