import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.scoring import Segment, diarization_error_rate, score_diarization

REF_TWO_TURNS = [(0, 10, "A"), (10, 20, "B")]


def test_shifted_turn_is_confusion():
    # s1 -> A (8 s together), s2 -> B (10 s); 8-10 s is B's hypothesis speaker over A.
    # DER = confusion 2 / total 20 = 0.1.
    result = score_diarization([(0, 8, "s1"), (8, 20, "s2")], REF_TWO_TURNS)
    assert (result.missed, result.false_alarm, result.confusion, result.total) == (0, 0, 2, 20)
    assert result.der == pytest.approx(0.1)
    assert result.score == pytest.approx(0.9)
    assert result.mapping == (("s1", "A"), ("s2", "B"))


def test_missed_and_false_alarm():
    # 0-2 s missed, 10-12 s false alarm, 10 s of reference speech: (2 + 2) / 10.
    result = score_diarization([(2, 12, "s1")], [(0, 10, "A")])
    assert (result.missed, result.false_alarm, result.confusion) == (2, 2, 0)
    assert result.der == pytest.approx(0.4)


def test_overlapped_speech_counts_per_speaker():
    # Reference speech = 10 + 10 = 20 s. One hypothesis speaker mapped to A (or B, a tie):
    # 5-10 s has two reference speakers and one hypothesis speaker -> 5 s missed;
    # 10-15 s is B's time labelled with A's speaker -> 5 s confusion. DER = 10 / 20.
    ref = [(0, 10, "A"), (5, 15, "B")]
    result = score_diarization([(0, 15, "s1")], ref)
    assert (result.missed, result.confusion, result.total) == (5, 5, 20)
    assert result.der == pytest.approx(0.5)
    # Without the overlap region: 10 s left, half of it confused.
    skipped = score_diarization([(0, 15, "s1")], ref, skip_overlap=True)
    assert (skipped.total, skipped.der) == (10, pytest.approx(0.5))


def test_collar_is_total_width_around_reference_boundaries():
    # collar 0.5 removes +-0.25 s around 0, 10 and 20: 19 s scored. The turn change
    # guessed at 11 s instead of 10 s leaves 10.25-11 = 0.75 s confused.
    hyp = [(0, 11, "s1"), (11, 20, "s2")]
    result = score_diarization(hyp, REF_TWO_TURNS, collar=0.5)
    assert result.total == pytest.approx(19.0)
    assert result.confusion == pytest.approx(0.75)
    assert diarization_error_rate(hyp, REF_TWO_TURNS, collar=0.5) == pytest.approx(0.75 / 19)


def test_empty_cases():
    assert score_diarization([], []).der == 0.0
    assert score_diarization([], []).score == 1.0
    assert score_diarization([(0, 1, "s")], []).der == 1.0
    assert score_diarization([], REF_TWO_TURNS).der == 1.0
    with pytest.raises(ValueError, match="collar"):
        score_diarization([], [], collar=-1)


def _random_speakers(rng, prefix, n_speakers=3, turns=5, length=60.0):
    """Turns per speaker never overlap each other (a speaker cannot overlap itself)."""
    out = []
    for k in range(n_speakers):
        t = 0.0
        for _ in range(turns):
            t += float(rng.uniform(0, length / turns))
            d = float(rng.uniform(0.2, 8))
            out.append((round(t, 2), round(t + d, 2), f"{prefix}{k}"))
            t += d
    return out


def test_matches_pyannote_metrics():
    core = pytest.importorskip("pyannote.core")
    diarization = pytest.importorskip("pyannote.metrics.diarization")
    warnings.filterwarnings("ignore", module="pyannote")

    def annotation(segments):
        ann = core.Annotation()
        for k, (s, e, who) in enumerate(segments):
            ann[core.Segment(s, e), k] = who
        return ann

    rng = np.random.default_rng(11)
    for trial in range(60):
        ref = _random_speakers(rng, "r", n_speakers=int(rng.integers(1, 4)))
        hyp = _random_speakers(rng, "h", n_speakers=int(rng.integers(1, 5)))
        collar = (0.0, 0.5)[trial % 2]
        skip = trial % 4 >= 2
        metric = diarization.DiarizationErrorRate(collar=collar, skip_overlap=skip)
        theirs = metric(annotation(ref), annotation(hyp), detailed=True)
        ours = score_diarization(hyp, ref, collar=collar, skip_overlap=skip)
        assert ours.total == pytest.approx(theirs["total"])
        assert ours.missed == pytest.approx(theirs["missed detection"])
        assert ours.false_alarm == pytest.approx(theirs["false alarm"])
        assert ours.confusion == pytest.approx(theirs["confusion"])
        assert ours.der == pytest.approx(theirs["diarization error rate"])


@st.composite
def speaker_turns(draw):
    out = []
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, 60)) / 2
        out.append(Segment(start, start + draw(st.integers(1, 10)) / 2, draw(st.sampled_from("ABC"))))
    return out


@settings(max_examples=100, deadline=None)
@given(speaker_turns(), speaker_turns(), st.sampled_from([0.0, 0.5]), st.randoms())
def test_der_properties(hyp, ref, collar, rnd):
    result = score_diarization(hyp, ref, collar=collar)
    assert result.der >= 0.0
    assert 0.0 <= result.score <= 1.0
    assert (
        result.missed + result.false_alarm + result.confusion == pytest.approx(result.der * result.total)
        or result.total == 0
    )
    renamed = [Segment(s.start, s.end, "spk_" + s.label.lower()) for s in ref]
    assert score_diarization(renamed, ref, collar=collar).der == pytest.approx(0.0, abs=1e-12)
    shuffled = hyp[:]
    rnd.shuffle(shuffled)
    assert score_diarization(shuffled, ref, collar=collar).der == pytest.approx(result.der)
