"""Score an answer against a reference, measure distance between two answers, and merge
several answers, for categorical, text, span, time-segment and ranking values.

Every ``score_*`` returns a frozen dataclass whose ``score`` lies in [0, 1] and which
carries a diff (missed, extra, wrong) the UI can show; every ``*_distance`` is symmetric
and 0 for identical answers, ready for Krippendorff's alpha.
"""

from goldlabel.quality.scoring._intervals import IntervalDiff, IntervalPair
from goldlabel.quality.scoring.categorical import (
    ChoiceScore,
    MultiChoiceScore,
    RatingScore,
    jaccard_distance,
    nominal_distance,
    score_choice,
    score_multi_choice,
    score_rating,
)
from goldlabel.quality.scoring.confusion import ConfusedPair, Confusion, confusion_matrix, most_confused
from goldlabel.quality.scoring.diarization import (
    DiarizationScore,
    diarization_error_rate,
    score_diarization,
)
from goldlabel.quality.scoring.per_label import LabelMetrics, label_metrics, span_label_metrics
from goldlabel.quality.scoring.ranking import RankingScore, kendall_distance, score_ranking
from goldlabel.quality.scoring.segments import (
    Segment,
    SegmentConsensus,
    SegmentScore,
    aggregate_segments,
    frame_accuracy,
    score_segments,
    segments_distance,
)
from goldlabel.quality.scoring.spans import (
    Span,
    SpanConsensus,
    SpanScore,
    aggregate_spans,
    score_spans,
    spans_distance,
)
from goldlabel.quality.scoring.text import (
    AlignmentOp,
    TextScore,
    TranscriptionScore,
    char_error_rate,
    edit_similarity,
    score_text,
    score_transcription,
    word_error_rate,
)
from goldlabel.quality.scoring.text_consensus import (
    TranscriptionMedoid,
    transcription_medoid,
    transcription_vote,
)

__all__ = [
    "AlignmentOp",
    "ChoiceScore",
    "ConfusedPair",
    "Confusion",
    "DiarizationScore",
    "IntervalDiff",
    "IntervalPair",
    "LabelMetrics",
    "MultiChoiceScore",
    "RankingScore",
    "RatingScore",
    "Segment",
    "SegmentConsensus",
    "SegmentScore",
    "Span",
    "SpanConsensus",
    "SpanScore",
    "TextScore",
    "TranscriptionMedoid",
    "TranscriptionScore",
    "aggregate_segments",
    "aggregate_spans",
    "char_error_rate",
    "confusion_matrix",
    "diarization_error_rate",
    "edit_similarity",
    "frame_accuracy",
    "jaccard_distance",
    "kendall_distance",
    "label_metrics",
    "most_confused",
    "nominal_distance",
    "score_choice",
    "score_diarization",
    "score_multi_choice",
    "score_ranking",
    "score_rating",
    "score_segments",
    "score_spans",
    "score_text",
    "score_transcription",
    "segments_distance",
    "span_label_metrics",
    "spans_distance",
    "transcription_medoid",
    "transcription_vote",
    "word_error_rate",
]
