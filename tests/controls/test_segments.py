"""Time segments through the control contract: seconds, segment F1 or DER, consensus."""

from __future__ import annotations

import pytest

from goldlabel.controls.registry import control_type
from goldlabel.core.limits import MAX_SEGMENT_TEXT_CHARS
from tests.controls.helpers import distance, make_spec, parse, refusal, schema_accepts, score

SPEC = make_spec(type="segments", labels=["speech", "music"])
SPEAKERS = make_spec(type="segments", labels=["A", "B", "C"], speakers=True)


def seg(start: float, end: float, label: str = "speech") -> dict[str, object]:
    return {"start": start, "end": end, "label": label}


def test_a_valid_answer_is_stored_as_given() -> None:
    answer = [seg(0, 1.5), seg(1.0, 4, "music")]  # overlaps are allowed
    assert parse(SPEC, answer, {"media": "a.wav", "media_duration": 4}) == answer


@pytest.mark.parametrize(
    ("value", "data", "message"),
    [
        ([seg(2, 1)], None, "segment 0: end (1s) must be after start (2s)"),
        ([seg(1, 1)], None, "must be after start"),
        ([seg(-1, 1)], None, "start -1s is negative"),
        ([seg(0, 1, "noise")], None, "unknown label 'noise'"),
        ([seg(0, 1), seg(3, 12)], {"media": "a.wav", "duration": 10}, "segment 1: ends at 12s, after"),
        ([{"start": "0", "end": 1, "label": "speech"}], None, "valid number at 0.start"),
    ],
)
def test_invalid_segments_are_refused_by_name(value: object, data: dict | None, message: str) -> None:
    assert message in refusal(SPEC, value, data)


def test_segment_f1_scores_and_distances() -> None:
    ref = [seg(0, 2), seg(3, 5, "music")]
    assert score(SPEC, ref, ref) == 1.0
    assert score(SPEC, [seg(0, 2)], ref) == pytest.approx(2 / 3)
    assert score(SPEC, [seg(0, 2, "music")], [seg(0, 2)]) == 0.0
    assert distance(SPEC, ref, ref) == 0.0
    assert distance(SPEC, ref, [seg(0, 2)]) == pytest.approx(1 / 3)
    assert distance(SPEC, ref, []) == 1.0


def test_speakers_are_scored_by_der_whatever_the_names() -> None:
    ref = [seg(0, 2, "A"), seg(2, 4, "B")]
    renamed = [seg(0, 2, "B"), seg(2, 4, "C")]
    assert score(SPEAKERS, renamed, ref) == 1.0  # same turns, other names: DER 0
    assert score(SPEC, [seg(0, 2)], [seg(0, 2)]) == 1.0
    half = [seg(0, 2, "A")]
    assert score(SPEAKERS, half, ref) == pytest.approx(0.5)
    assert distance(SPEAKERS, ref, renamed) == 0.0
    assert 0.0 < distance(SPEAKERS, ref, half) < 1.0


def test_aggregate_keeps_segments_a_majority_marked() -> None:
    a = [seg(0, 2), seg(5, 6, "music")]
    b = [seg(0.2, 2.2)]
    c = [seg(0.1, 1.9)]
    merged = control_type("segments").aggregate(SPEC, [a, b, c], {})
    assert merged.value == [{"start": pytest.approx(0.1), "end": pytest.approx(2.0), "label": "speech"}]
    assert 0.0 < merged.confidence < 1.0


def test_speaker_aggregate_is_the_medoid() -> None:
    a = [seg(0, 2, "A"), seg(2, 4, "B")]
    b = [seg(0, 2, "B"), seg(2, 4, "A")]
    c = [seg(0, 4, "C")]
    merged = control_type("segments").aggregate(SPEAKERS, [c, a, b], {})
    assert merged.value in (a, b)


def test_schema_puts_segments_on_audio_and_video() -> None:
    control = {"type": "segments", "labels": ["speech"]}
    assert schema_accepts("audio", control) and schema_accepts("video", control)
    assert not any(schema_accepts(kind, control) for kind in ("text", "image", "json"))


def said(start: float, end: float, text: str, label: str = "speech") -> dict[str, object]:
    return {"start": start, "end": end, "label": label, "text": text}


def test_a_segment_carries_its_transcript() -> None:
    answer = [said(0, 1.5, "hello there"), seg(2, 3, "music")]
    assert parse(SPEC, answer) == answer


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * (MAX_SEGMENT_TEXT_CHARS + 1), f"at most {MAX_SEGMENT_TEXT_CHARS} characters"),
        (7, "valid string"),
    ],
)
def test_a_transcript_too_long_or_not_text_is_refused(text: object, message: str) -> None:
    assert message in refusal(SPEC, [{**seg(0, 1), "text": text}])


def test_transcripts_change_no_score_and_no_distance() -> None:
    ref = [said(0, 2, "good morning"), said(3, 5, "la la", "music")]
    other_words = [said(0, 2, "good evening"), seg(3, 5, "music")]
    assert score(SPEC, other_words, ref) == 1.0
    assert distance(SPEC, other_words, ref) == 0.0
    assert score(SPEAKERS, [said(0, 2, "hi", "A")], [said(0, 2, "bye", "B")]) == 1.0


def test_consensus_keeps_the_transcript_most_annotators_wrote() -> None:
    a = [said(0, 2, "good morning")]
    b = [said(0.1, 2.1, "good morning")]
    c = [said(0.2, 1.9, "good mourning")]
    merged = control_type("segments").aggregate(SPEC, [c, a, b], {})
    assert merged.value == [
        {"start": pytest.approx(0.1), "end": pytest.approx(2.0), "label": "speech", "text": "good morning"}
    ]
    tie = control_type("segments").aggregate(SPEC, [[said(0, 2, "b")], [said(0, 2, "a")]], {})
    assert tie.value[0]["text"] == "a"  # a tie goes to the smaller string, whatever the order
    silent = control_type("segments").aggregate(SPEC, [[seg(0, 2)], [seg(0, 2)]], {})
    assert "text" not in silent.value[0]


def test_speaker_consensus_keeps_the_medoid_answers_transcripts() -> None:
    a = [said(0, 2, "hello", "A"), said(2, 4, "hi", "B")]
    merged = control_type("segments").aggregate(SPEAKERS, [a, a, [seg(0, 4, "C")]], {})
    assert merged.value == a
