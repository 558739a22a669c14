"""What an answer got wrong against a reference, shaped for the practice feedback the web UI
draws: one pydantic model per kind of diff, tagged by ``kind`` (a discriminated union, so the
generated TypeScript types narrow on it).

Each control type's ``diff`` (``controls.base.ControlType.diff``) returns one of these; types
without a dedicated shape return ``GenericDiff`` (whether the answer equals the reference and
the detail of their score result). An unanswered control is diffed as the empty answer.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Diff(BaseModel):
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)


class ChoicesDiff(_Diff):
    """Options chosen by both, reference options not chosen (``missing``) and chosen options the
    reference does not have (``extra``)."""

    kind: Literal["choices"] = "choices"
    matched: list[str]
    missing: list[str]
    extra: list[str]


class RatingDiff(_Diff):
    """``delta`` = answer - reference (None when unanswered)."""

    kind: Literal["rating"] = "rating"
    answer: int | None
    reference: int | None
    delta: int | None


class SpanRef(_Diff):
    start: int
    end: int
    label: str
    text: str


class SpanPair(_Diff):
    answer: SpanRef
    reference: SpanRef
    iou: float


class SpansDiff(_Diff):
    """``matched``: same range and label; ``boundary``: same label, other range;
    ``wrong_label``: overlapping spans with another label; ``missed``: reference spans not
    marked; ``extra``: marked spans the reference does not have."""

    kind: Literal["spans"] = "spans"
    matched: list[SpanPair]
    boundary: list[SpanPair]
    wrong_label: list[SpanPair]
    missed: list[SpanRef]
    extra: list[SpanRef]


class TextOp(_Diff):
    """One aligned stretch of words: ``reference`` words became ``answer`` words by ``op``."""

    op: Literal["equal", "substitute", "insert", "delete"]
    reference: str
    answer: str


class TextDiff(_Diff):
    kind: Literal["text"] = "text"
    ops: list[TextOp]


class GenericDiff(_Diff):
    """For control types without a dedicated diff: ``detail`` is their score result as JSON
    (matched, missed and extra regions where the type's score lists them)."""

    kind: Literal["generic"] = "generic"
    type: str
    equal: bool
    detail: Any = None


AnyDiff = Annotated[
    ChoicesDiff | RatingDiff | SpansDiff | TextDiff | GenericDiff, Field(discriminator="kind")
]
