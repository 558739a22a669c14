"""Text: a free-text answer or a transcription, capped in length."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field, StrictStr, TypeAdapter

from goldlabel.controls.base import Consensus, ControlSpec, ControlType, ControlValueError
from goldlabel.core.limits import MAX_TEXT_ANSWER_CHARS

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.


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

    def score(self, spec: ControlSpec, pred: Any, ref: Any, data: dict[str, Any]) -> Any:
        """Transcriptions by word error rate; free text by normalised edit similarity."""
        from goldlabel.quality.scoring import (
            score_text,
            score_transcription,
        )

        assert isinstance(spec, TextSpec)
        if spec.transcription:
            return score_transcription(pred, ref, lowercase=True, strip_punctuation=True)
        return score_text(pred, ref)

    def distance(self, spec: ControlSpec, a: Any, b: Any) -> float:
        from goldlabel.quality.scoring import (
            edit_similarity,
        )

        return 1.0 - edit_similarity(a, b)

    def aggregate(self, spec: ControlSpec, values: Sequence[Any], data: dict[str, Any]) -> Consensus:
        """The medoid: the answer closest (least total WER) to all the others."""
        from goldlabel.quality.scoring import (
            transcription_medoid,
        )

        if len(values) == 1:
            return Consensus(value=values[0], confidence=1.0)
        medoid = transcription_medoid(list(values), lowercase=True, strip_punctuation=True)
        mean_wer = medoid.total_wer / (2 * (len(values) - 1))
        return Consensus(value=medoid.text, confidence=max(0.0, 1.0 - mean_wer))
