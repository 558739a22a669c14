import jiwer
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.scoring import (
    char_error_rate,
    edit_similarity,
    score_text,
    score_transcription,
    transcription_medoid,
    transcription_vote,
    word_error_rate,
)

words = st.lists(st.sampled_from(["a", "b", "cat", "sat", "the", "Mat,"]), max_size=8).map(" ".join)


def test_jiwer_readme_example():
    # jiwer docs: wer("hello world", "hello duck") == 0.5 (jiwer takes reference first).
    result = score_transcription("hello duck", "hello world")
    assert result.error_rate == 0.5
    assert result.score == 0.5
    assert [(op.op, op.ref, op.pred) for op in result.alignment] == [
        ("equal", "hello", "hello"),
        ("substitute", "world", "duck"),
    ]


def test_jiwer_alignment_docs_example():
    # jiwer docs, visualize_alignment: sentence 1 is "I S . D", sentence 2 "D I I S I",
    # totals substitutions=2 deletions=2 insertions=4 hits=5, wer=88.89%.
    first = score_transcription("shoe order one", "short one here")
    assert [op.op for op in first.alignment] == ["insert", "substitute", "equal", "delete"]
    second = score_transcription(
        "quite bit of an even longest sentence here", "quite a bit of longer sentence"
    )
    counts = [
        sum(getattr(r, k) for r in (first, second))
        for k in ("substitutions", "deletions", "insertions", "hits")
    ]
    assert counts == [2, 2, 4, 5]
    assert (first.error_rate * 3 + second.error_rate * 6) / 9 == pytest.approx(8 / 9)


def test_jiwer_cer_docs_example():
    # jiwer docs: cer(["i can spell", "i hope"], ["i kan cpell", "i hop"]) = 3 / 17.
    assert char_error_rate("i kan cpell", "i can spell") == pytest.approx(2 / 11)
    assert char_error_rate("i hop", "i hope") == pytest.approx(1 / 6)
    result = score_transcription("i kan cpell", "i can spell", unit="char")
    assert result.substitutions == 2 and result.unit == "char"


def test_normalisation_options():
    assert word_error_rate("hello world", "Hello, World!") == 1.0
    assert word_error_rate("hello world", "Hello World!", lowercase=True) == 0.5
    assert word_error_rate("hello world", "Hello, World!", lowercase=True, strip_punctuation=True) == 0.0
    assert word_error_rate("hello   world ", "hello world") == 0.0
    assert char_error_rate("a  b", "a b") == 0.0
    assert char_error_rate("a  b", "a b", collapse_whitespace=False) == pytest.approx(1 / 3)


def test_empty_reference_follows_jiwer():
    assert word_error_rate("", "") == 0.0
    result = score_transcription("two words", "")
    assert (result.error_rate, result.score, result.insertions) == (2.0, 0.0, 2)


def test_rejects_non_strings():
    with pytest.raises(ValueError, match="string"):
        score_transcription(["hello"], "hello")
    with pytest.raises(ValueError, match="unit"):
        score_transcription("a", "a", unit="phone")


def test_matches_jiwer_on_random_texts():
    rng = np.random.default_rng(3)
    vocab = ["a", "b", "c", "dd", "ee"]
    for _ in range(200):
        ref = " ".join(rng.choice(vocab, rng.integers(1, 9)))
        hyp = " ".join(rng.choice(vocab, rng.integers(0, 9)))
        assert word_error_rate(hyp, ref) == pytest.approx(jiwer.wer(ref, hyp))
        assert char_error_rate(hyp, ref) == pytest.approx(jiwer.cer(ref, hyp))


def test_edit_similarity_known_answer():
    assert edit_similarity("kitten", "sitting") == pytest.approx(1 - 3 / 7)
    assert edit_similarity("", "") == 1.0
    assert edit_similarity("ABC", "abc", lowercase=True) == 1.0


def test_score_text_diff():
    result = score_text("the cat sat", "the bat sat on")
    assert result.distance == 4
    assert result.score == pytest.approx(1 - 4 / 14)
    assert ("substitute", "b", "c") in [(op.op, op.ref, op.pred) for op in result.alignment]


@settings(max_examples=100, deadline=None)
@given(words, words, st.booleans())
def test_transcription_properties(pred, ref, lowercase):
    result = score_transcription(pred, ref, lowercase=lowercase)
    assert 0.0 <= result.score <= 1.0
    assert score_transcription(ref, ref).score == 1.0
    norm_ref = ref.lower() if lowercase else ref
    norm_pred = pred.lower() if lowercase else pred
    assert " ".join(op.ref for op in result.alignment if op.ref) == " ".join(norm_ref.split())
    assert " ".join(op.pred for op in result.alignment if op.pred) == " ".join(norm_pred.split())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_edit_similarity_properties(a, b):
    sim = edit_similarity(a, b)
    assert 0.0 <= sim <= 1.0
    assert sim == pytest.approx(edit_similarity(b, a))
    assert edit_similarity(a, a) == 1.0
    result = score_text(a, b)
    assert "".join(op.pred for op in result.alignment) == " ".join(a.split())
    assert "".join(op.ref for op in result.alignment) == " ".join(b.split())


def test_medoid_known_answer_and_jiwer_cross_check():
    texts = ["the cat sat", "the cat sat down", "a cat sat down"]
    medoid = transcription_medoid(texts)
    # Row + column sums: (1/4 + 2/4) + (1/3 + 2/3), (1/3 + 1/4) + (1/4 + 1/4),
    # (2/3 + 1/4) + (2/4 + 1/4).
    assert medoid.index == 1
    assert medoid.text == "the cat sat down"
    assert medoid.total_wer == pytest.approx(1 / 3 + 1 / 4 + 1 / 4 + 1 / 4)
    for i, hyp in enumerate(texts):
        for j, ref in enumerate(texts):
            if i != j:
                assert medoid.wer_matrix[i, j] == pytest.approx(jiwer.wer(ref, hyp))


def test_medoid_prefers_neither_short_nor_long_outliers():
    assert transcription_medoid(["hello world", "hello word", "bye"]).text == "hello world"
    assert transcription_medoid(["fine", "fine", "whatever it is"]).text == "fine"


def test_vote_fixes_words_the_medoid_got_wrong():
    # All pairwise WERs tie, so the medoid is the first text; the vote fixes its last word.
    assert transcription_vote(["a b c X", "a b Y d", "a Z c d"]) == "a b c d"
    assert transcription_vote(["one two", "one two three", "one two three"]) == "one two three"
    assert transcription_vote(["one two", "one", "one two"]) == "one two"


@settings(max_examples=50, deadline=None)
@given(words, st.integers(1, 4))
def test_vote_of_identical_texts_is_the_text(text, n):
    assert transcription_vote([text] * n) == " ".join(text.split())
    with pytest.raises(ValueError, match="at least one"):
        transcription_vote([])
