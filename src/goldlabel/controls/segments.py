"""Time segments: labelled ranges of audio or video (events, activities, who spoke when).

A segment is ``{start, end, label}`` in seconds from the start of the media, half-open
``[start, end)``, with an optional ``text``: what is said in it (audio-text alignment, a
transcript per speaker turn). With ``speakers`` the labels name speakers and answers are
compared by diarization error rate, which maps one annotator's speaker names onto the other's;
without it, by segment F1 at a temporal-IoU threshold, where labels must agree. Transcripts do
not change a score or a distance (the time ranges and labels do); consensus keeps them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, StrictStr, TypeAdapter

from goldlabel.controls._media import (
    MatchedSpec,
    Number,
    check_label,
    media_duration,
    medoid,
)
from goldlabel.controls.base import Consensus, ControlValueError, Stored, ValidationContext, agreement_with
from goldlabel.controls.regions import Region, RegionControlType
from goldlabel.core.limits import MAX_SEGMENT_TEXT_CHARS, MAX_SEGMENTS_PER_CONTROL

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.
if TYPE_CHECKING:
    from goldlabel.quality.scoring import Segment


class SegmentsSpec(MatchedSpec):
    type: Literal["segments"] = "segments"
    speakers: bool = False


class TimeSegment(Region):
    start: Number
    end: Number
    #: What is said in the segment; absent when the segment carries no transcript.
    text: StrictStr | None = Field(default=None, max_length=MAX_SEGMENT_TEXT_CHARS)


def as_segments(value: Sequence[dict[str, Any]]) -> list[Segment]:
    from goldlabel.quality.scoring import Segment

    return [Segment(float(s["start"]), float(s["end"]), s["label"]) for s in value]


def _iou(a_start: float, a_end: float, b_start: float, b_end: float) -> float:
    overlap = min(a_end, b_end) - max(a_start, b_start)
    return max(0.0, overlap) / (max(a_end, b_end) - min(a_start, b_start))


def consensus_text(segment: Mapping[str, Any], values: Sequence[Stored], iou_threshold: float) -> str | None:
    """The transcript most annotators gave a consensus segment: the texts of their segments
    with its label that overlap it at ``iou_threshold`` or more (ties: the smallest string, so
    the result never depends on the order the answers arrive in); None when nobody wrote one."""
    votes: Counter[str] = Counter(
        str(s["text"])
        for value in values
        for s in value
        if s.get("text")
        and s["label"] == segment["label"]
        and _iou(s["start"], s["end"], segment["start"], segment["end"]) >= iou_threshold
    )
    if not votes:
        return None
    top = max(votes.values())
    return min(text for text, n in votes.items() if n == top)


class Segments(RegionControlType[SegmentsSpec, TimeSegment]):
    type_name = "segments"
    spec_model = SegmentsSpec
    value_adapter: TypeAdapter[list[TimeSegment]] = TypeAdapter(list[TimeSegment])
    field_kinds = frozenset({"audio", "video"})

    def describe_value(self, spec: SegmentsSpec) -> str:
        return "a list of segments {start, end, label} in seconds"

    def check(
        self, spec: SegmentsSpec, value: list[TimeSegment], ctx: ValidationContext
    ) -> list[TimeSegment]:
        if len(value) > MAX_SEGMENTS_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_SEGMENTS_PER_CONTROL} segments")
        duration = media_duration(ctx.data, spec.field)
        for i, seg in enumerate(value):
            what = f"segment {i}"
            check_label(spec, seg.label, what)
            if seg.start < 0:
                raise ControlValueError(f"{what}: start {seg.start:g}s is negative")
            if seg.end <= seg.start:
                raise ControlValueError(f"{what}: end ({seg.end:g}s) must be after start ({seg.start:g}s)")
            if duration is not None and seg.end > duration:
                raise ControlValueError(f"{what}: ends at {seg.end:g}s, after the media's {duration:g}s")
        return value

    def score(self, spec: SegmentsSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        """Speakers: 1 - DER (capped at 0). Otherwise segment F1, plus frame accuracy."""
        from goldlabel.quality.scoring import (
            score_diarization,
            score_segments,
        )

        if spec.speakers:
            return score_diarization(as_segments(pred), as_segments(ref))
        return score_segments(
            as_segments(pred),
            as_segments(ref),
            iou_threshold=spec.iou_threshold,
            duration=media_duration(data, spec.field),
        )

    def distance(self, spec: SegmentsSpec, a: Stored, b: Stored) -> float:
        """DER is not symmetric (it divides by the reference's speech), so for speakers we
        average both directions."""
        from goldlabel.quality.scoring import (
            score_diarization,
            segments_distance,
        )

        sa, sb = as_segments(a), as_segments(b)
        if spec.speakers:
            return 1.0 - (score_diarization(sa, sb).score + score_diarization(sb, sa).score) / 2.0
        return segments_distance(sa, sb, iou_threshold=spec.iou_threshold)

    def aggregate(self, spec: SegmentsSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """Cluster segments a majority agrees on (median bounds, majority label).

        Speaker names are each annotator's own ("A" for one is "spk1" for another), so
        clustering by label would split the same speaker; for speakers we take the medoid.
        """
        from goldlabel.quality.scoring import (
            aggregate_segments,
        )

        def dist(a: Any, b: Any) -> float:
            return self.distance(spec, a, b)

        if spec.speakers:
            return medoid(values, dist)
        merged = aggregate_segments([as_segments(v) for v in values], iou_threshold=spec.iou_threshold)
        segments: list[dict[str, Any]] = []
        for s in merged.segments:
            segment: dict[str, Any] = {"start": s.start, "end": s.end, "label": s.label}
            text = consensus_text(segment, values, spec.iou_threshold)
            if text is not None:
                segment["text"] = text
            segments.append(segment)
        return Consensus(value=segments, confidence=agreement_with(values, segments, dist))
