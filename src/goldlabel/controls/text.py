"""Text: a free-text answer or a transcription, capped in length."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any, Literal

from pydantic import Field, StrictStr, TypeAdapter

from goldlabel.controls.base import (
    Consensus,
    ControlSpec,
    ControlType,
    ControlValueError,
    Stored,
    ValidationContext,
    agreement_with,
)
from goldlabel.controls.diff import TextDiff, TextOp
from goldlabel.core.limits import MAX_TEXT_ANSWER_CHARS

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.


class TextSpec(ControlSpec):
    type: Literal["text"] = "text"
    max_length: int = Field(default=10_000, ge=1, le=MAX_TEXT_ANSWER_CHARS)
    transcription: bool = False
    # How answers are compared when scored, compared for agreement and aggregated. Unset:
    # transcriptions ignore case and punctuation, free text is compared as written.
    lowercase: bool | None = None
    strip_punctuation: bool | None = None
    # Transcriptions: word error rate, or character error rate (scripts without spaces).
    error_unit: Literal["word", "char"] = "word"

    def normalisation(self) -> dict[str, bool]:
        def chosen(option: bool | None) -> bool:
            return self.transcription if option is None else option

        return {"lowercase": chosen(self.lowercase), "strip_punctuation": chosen(self.strip_punctuation)}


class Text(ControlType[TextSpec, str]):
    type_name = "text"
    spec_model = TextSpec
    value_adapter: TypeAdapter[str] = TypeAdapter(StrictStr)
    field_kinds = frozenset({"text", "image", "audio", "video", "json"})

    def describe_value(self, spec: TextSpec) -> str:
        return "a string"

    def check(self, spec: TextSpec, value: str, ctx: ValidationContext) -> str:
        if len(value) > spec.max_length:
            raise ControlValueError(f"text is {len(value)} characters; at most {spec.max_length}")
        return value

    def score(self, spec: TextSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        """Transcriptions by word (or character) error rate; free text by edit similarity."""
        from goldlabel.quality.scoring import score_text, score_transcription

        if spec.transcription:
            return score_transcription(pred, ref, unit=spec.error_unit, **spec.normalisation())
        return score_text(pred, ref, **spec.normalisation())

    def diff(
        self, spec: TextSpec, answer: Stored | None, reference: Stored, data: Mapping[str, Any]
    ) -> TextDiff:
        """Word-level edit operations turning the reference into the answer (as normalised for
        scoring: a transcription's case and punctuation do not show up as differences)."""
        from goldlabel.quality.scoring import score_transcription

        aligned = score_transcription(answer or "", reference, unit="word", **spec.normalisation())
        return TextDiff(ops=[TextOp(op=a.op, reference=a.ref, answer=a.pred) for a in aligned.alignment])

    def empty(self, spec: TextSpec) -> Stored | None:
        return ""

    def distance(self, spec: TextSpec, a: Stored, b: Stored) -> float:
        from goldlabel.quality.scoring import edit_similarity

        return 1.0 - edit_similarity(a, b, **spec.normalisation())

    def aggregate(self, spec: TextSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """The medoid: the answer closest (least total WER) to all the others. Its confidence is
        1 - the mean ``distance`` of the answers to it, the same measure agreement uses (a WER
        can pass 1, and clamped it said 0 where the answers half agreed)."""
        from goldlabel.quality.scoring import transcription_medoid

        if len(values) == 1:
            return Consensus(value=values[0], confidence=1.0)
        medoid = transcription_medoid(list(values), **spec.normalisation())
        confidence = agreement_with(values, medoid.text, partial(self.distance, spec))
        return Consensus(value=medoid.text, confidence=confidence)

    def fits(self, spec: TextSpec, value: Stored) -> bool:
        return isinstance(value, str) and len(value) <= spec.max_length
