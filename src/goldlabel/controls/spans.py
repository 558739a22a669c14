"""Spans: labelled character ranges (named entities) on a text field, end exclusive."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any, Literal

from pydantic import Field, StrictInt, StrictStr, TypeAdapter

from goldlabel.controls.base import (
    Consensus,
    ControlValueError,
    LabelledSpec,
    Stored,
    ValidationContext,
    agreement_with,
)
from goldlabel.controls.diff import SpanPair, SpanRef, SpansDiff
from goldlabel.controls.regions import Region, RegionControlType
from goldlabel.core.limits import MAX_SPANS_PER_CONTROL

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.


class SpansSpec(LabelledSpec):
    type: Literal["spans"] = "spans"
    allow_overlap: bool = True


class Span(Region):
    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(ge=0)
    text: StrictStr | None = None


class Spans(RegionControlType[SpansSpec, Span]):
    type_name = "spans"
    spec_model = SpansSpec
    value_adapter: TypeAdapter[list[Span]] = TypeAdapter(list[Span])
    field_kinds = frozenset({"text"})

    def describe_value(self, spec: SpansSpec) -> str:
        return "a list of spans {start, end, label}"

    def check(self, spec: SpansSpec, value: list[Span], ctx: ValidationContext) -> list[Span]:
        if len(value) > MAX_SPANS_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_SPANS_PER_CONTROL} spans")
        text = ctx.data.get(spec.field)
        if not isinstance(text, str):
            raise ControlValueError(f"field {spec.field!r} of this item is not text")
        for i, span in enumerate(value):
            if span.label not in spec.labels:
                raise ControlValueError(f"span {i}: unknown label {span.label!r}; allowed: {spec.labels}")
            if not span.start < span.end <= len(text):
                raise ControlValueError(
                    f"span {i}: [{span.start}, {span.end}) is outside the text (length {len(text)})"
                    if span.end > len(text)
                    else f"span {i}: start must be below end"
                )
            if span.text is not None and span.text != text[span.start : span.end]:
                raise ControlValueError(
                    f"span {i}: text does not match the item at [{span.start}, {span.end})"
                )
        if not spec.allow_overlap:
            ordered = sorted(value, key=lambda s: (s.start, s.end))
            for a, b in itertools.pairwise(ordered):
                if b.start < a.end:
                    raise ControlValueError(f"spans [{a.start}, {a.end}) and [{b.start}, {b.end}) overlap")
        return value

    @staticmethod
    def _tuples(value: Stored) -> list[tuple[int, int, str]]:
        return [(s["start"], s["end"], s["label"]) for s in value]

    def score(self, spec: SpansSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        """Label-aware partial matching: a span with slightly wrong boundaries earns its overlap."""
        from goldlabel.quality import scoring

        return scoring.score_spans(self._tuples(pred), self._tuples(ref), mode="partial")

    def diff(
        self, spec: SpansSpec, answer: Stored | None, reference: Stored, data: Mapping[str, Any]
    ) -> SpansDiff:
        """Spans paired one-to-one by overlap (the score's matching), each with its text."""
        from goldlabel.quality import scoring

        text = data.get(spec.field, "")
        text = text if isinstance(text, str) else ""

        def ref(span: Any) -> SpanRef:
            return SpanRef(start=span.start, end=span.end, label=span.label, text=text[span.start : span.end])

        def pairs(found: Any) -> list[SpanPair]:
            return [SpanPair(answer=ref(p.pred), reference=ref(p.ref), iou=p.iou) for p in found]

        result = scoring.score_spans(self._tuples(answer or []), self._tuples(reference), mode="partial")
        d = result.diff
        return SpansDiff(
            matched=pairs(d.matched),
            boundary=pairs(d.boundary),
            wrong_label=pairs(d.wrong_label),
            missed=[ref(s) for s in d.missed],
            extra=[ref(s) for s in d.extra],
        )

    def distance(self, spec: SpansSpec, a: Stored, b: Stored) -> float:
        from goldlabel.quality import scoring

        return scoring.spans_distance(self._tuples(a), self._tuples(b))

    def aggregate(self, spec: SpansSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """Character-level majority vote turned back into spans, each with its text (what a
        reviewer reads; offsets alone say nothing). The confidence is how closely the answers
        match the merged one (mean of 1 - distance): it counts the annotators who found nothing
        as much as those who marked spans, so "nothing" outvoting one marked span is not sure."""
        from goldlabel.quality import scoring

        text = data.get(spec.field, "")
        merged = scoring.aggregate_spans([self._tuples(v) for v in values], text_length=len(text))
        spans = [
            {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end]}
            for s in merged.spans
        ]
        confidence = agreement_with(values, spans, partial(self.distance, spec))
        return Consensus(value=spans, confidence=confidence)
