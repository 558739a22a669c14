"""Text through the control contract: transcriptions by WER or CER, free text by edit
similarity, each under the project's normalisation."""

from __future__ import annotations

import pytest

from goldlabel.controls.registry import control_type
from tests.controls.helpers import DATA, ctype, distance, make_spec, parse, refusal, score

TRANSCRIPTION = make_spec(type="text", transcription=True)
FREE = make_spec(type="text")


def test_answers_are_strings_within_the_cap() -> None:
    assert parse(FREE, "hello") == "hello"
    assert "at most 5" in refusal(make_spec(type="text", max_length=5), "too long")
    assert "valid string" in refusal(FREE, 3)


def test_transcriptions_ignore_case_and_punctuation_unless_told_otherwise() -> None:
    assert score(TRANSCRIPTION, "Hello, world!", "hello world") == 1.0
    strict = make_spec(type="text", transcription=True, lowercase=False, strip_punctuation=False)
    assert score(strict, "Hello world", "hello world") == pytest.approx(0.5)  # 1 of 2 words wrong


def test_character_error_rate_for_scripts_without_spaces() -> None:
    cer = make_spec(type="text", transcription=True, error_unit="char")
    assert score(TRANSCRIPTION, "今日は晴れ", "今日は雨") == 0.0  # one "word", wrong
    assert score(cer, "今日は晴れ", "今日は雨") == pytest.approx(1 - 2 / 4)  # 1 substitution, 1 insertion


def test_free_text_is_compared_as_written_unless_told_otherwise() -> None:
    assert score(FREE, "Yes", "yes") == pytest.approx(2 / 3)
    assert score(make_spec(type="text", lowercase=True), "Yes", "yes") == 1.0
    assert distance(FREE, "Yes", "yes") == pytest.approx(1 / 3)
    assert distance(make_spec(type="text", lowercase=True), "Yes", "yes") == 0.0


def test_the_consensus_follows_the_normalisation() -> None:
    text = control_type("text")
    answers = ["The cat sat.", "the cat sat", "a dog ran"]
    consensus = text.aggregate(TRANSCRIPTION, answers, DATA)
    assert consensus.value in answers[:2]
    strict = make_spec(type="text", transcription=True, lowercase=False, strip_punctuation=False)
    assert text.aggregate(strict, answers, DATA).confidence < consensus.confidence


def test_consensus_confidence_is_the_agreement_measure_never_a_clamped_error_rate() -> None:
    """A WER can pass 1 (many insertions); clamped, it said 0 where the answers half agreed."""
    spec = TRANSCRIPTION
    answers = ["the cat", "the cat sat on the big red mat today", "the cat"]
    merged = ctype(spec).aggregate(spec, answers, DATA)
    assert merged.value == "the cat"
    expected = 1 - sum(distance(spec, a, merged.value) for a in answers) / len(answers)
    assert merged.confidence == pytest.approx(expected) and 0 < merged.confidence < 1
