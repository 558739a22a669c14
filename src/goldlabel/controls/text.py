"""Text: a free-text answer or a transcription, capped in length."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import Field, StrictStr, TypeAdapter

from goldlabel.controls.base import (
    Consensus,
    ControlSpec,
    ControlType,
    ControlValueError,
    Stored,
    ValidationContext,
)
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

    def distance(self, spec: TextSpec, a: Stored, b: Stored) -> float:
        from goldlabel.quality.scoring import edit_similarity

        return 1.0 - edit_similarity(a, b, **spec.normalisation())

    def aggregate(self, spec: TextSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """The medoid: the answer closest (least total WER) to all the others."""
        from goldlabel.quality.scoring import transcription_medoid

        if len(values) == 1:
            return Consensus(value=values[0], confidence=1.0)
        medoid = transcription_medoid(list(values), **spec.normalisation())
        mean_wer = medoid.total_wer / (2 * (len(values) - 1))
        return Consensus(value=medoid.text, confidence=max(0.0, 1.0 - mean_wer))

    def fits(self, spec: TextSpec, value: Stored) -> bool:
        return isinstance(value, str) and len(value) <= spec.max_length
