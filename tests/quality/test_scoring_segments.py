import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.scoring import (
    Segment,
    aggregate_segments,
    frame_accuracy,
    score_segments,
    segments_distance,
)

PRED = [(0, 4, "a"), (5, 9, "b"), (10, 12, "a")]
REF = [(0, 5, "a"), (5, 10, "a"), (20, 22, "b")]


@st.composite
def segment_lists(draw, max_size=6):
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        start = draw(st.integers(0, 40)) / 2
        length = draw(st.integers(1, 16)) / 2
        out.append(Segment(start, start + length, draw(st.sampled_from(["a", "b"]))))
    return out


def test_segment_f1_and_frame_accuracy_known_answer():
    result = score_segments(PRED, REF, frame_rate=1.0)
    assert (result.precision, result.recall, result.f1) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    diff = result.diff
    assert [(p.pred.start, p.ref.start, p.credit) for p in diff.boundary] == [(0, 0, 1.0)]
    assert [(p.pred.label, p.ref.label) for p in diff.wrong_label] == [("b", "a")]
    assert diff.extra == (Segment(10, 12, "a"),)
    assert diff.missed == (Segment(20, 22, "b"),)
    # Frames 0-3 (a = a) and 12-19 (silence in both) agree: 12 of 22 one-second frames.
    assert result.frame_accuracy == pytest.approx(12 / 22)


def test_threshold_and_label_awareness():
    assert score_segments(PRED, REF, iou_threshold=0.9).f1 == 0.0
    assert score_segments(PRED, REF, label_aware=False).f1 == pytest.approx(2 / 3)


def test_duration_pads_with_agreeing_silence_and_is_validated():
    short = frame_accuracy([Segment(0, 1, "a")], [Segment(0, 2, "a")], frame_rate=10)
    padded = frame_accuracy([Segment(0, 1, "a")], [Segment(0, 2, "a")], frame_rate=10, duration=4.0)
    assert (short, padded) == pytest.approx((0.5, 0.75))
    with pytest.raises(ValueError, match="after duration"):
        score_segments(PRED, REF, duration=5.0)
    with pytest.raises(ValueError, match="frame_rate"):
        score_segments(PRED, REF, frame_rate=0)
    with pytest.raises(ValueError, match="iou_threshold"):
        score_segments(PRED, REF, iou_threshold=0)
    with pytest.raises(ValueError, match="finite"):
        score_segments([(0, float("inf"), "a")], [])


def test_matching_maximises_number_of_pairs():
    # Highest total IoU pairs p0-r0 alone (0.95 > 0.208 + 0.25); two pairs count more.
    pred = [Segment(0, 9.5, "a"), Segment(0, 2.5, "a")]
    ref = [Segment(0, 10, "a"), Segment(7, 12, "a")]
    assert score_segments(pred, ref, iou_threshold=0.2).f1 == 1.0


def _frame_accuracy_loop(pred, ref, rate, duration):
    n = int(np.ceil(duration * rate))
    agree = 0
    for k in range(n):
        t = (k + 0.5) / rate
        on_p = {s.label for s in pred if s.start <= t < s.end}
        on_r = {s.label for s in ref if s.start <= t < s.end}
        agree += on_p == on_r
    return agree / n if n else 1.0


def _max_pairs(pred, ref, threshold):
    def ok(p, r):
        inter = max(0.0, min(p.end, r.end) - max(p.start, r.start))
        union = (p.end - p.start) + (r.end - r.start) - inter
        return p.label == r.label and inter / union >= threshold

    best = 0
    small, big, flip = (pred, ref, False) if len(pred) <= len(ref) else (ref, pred, True)
    for chosen in itertools.permutations(range(len(big)), len(small)):
        pairs = zip(small, (big[k] for k in chosen), strict=True)
        best = max(best, sum(ok(*((b, a) if flip else (a, b))) for a, b in pairs))
    return best


def test_cross_check_against_loops_on_random_data():
    rng = np.random.default_rng(5)
    for _ in range(100):

        def draw():
            starts = rng.uniform(0, 10, rng.integers(0, 5)).round(1)
            ends = starts + rng.uniform(0.3, 3, len(starts)).round(1)
            labels = rng.choice(["a", "b"], len(starts))
            return [Segment(*v) for v in zip(starts, ends, labels, strict=True)]

        pred, ref = draw(), draw()
        rate = float(rng.choice([3.0, 10.0, 25.0]))
        result = score_segments(pred, ref, frame_rate=rate, duration=14.0, iou_threshold=0.3)
        assert result.frame_accuracy == pytest.approx(_frame_accuracy_loop(pred, ref, rate, 14.0))
        assert sum(p.credit for p in result.diff.boundary + result.diff.matched) == _max_pairs(pred, ref, 0.3)


@settings(max_examples=100, deadline=None)
@given(segment_lists(), segment_lists(), st.floats(0.1, 1.0), st.randoms())
def test_segment_score_properties(pred, ref, threshold, rnd):
    result = score_segments(pred, ref, iou_threshold=threshold)
    for value in (result.score, result.precision, result.recall, result.frame_accuracy):
        assert 0.0 <= value <= 1.0
    perfect = score_segments(ref, ref, iou_threshold=threshold)
    assert (perfect.score, perfect.frame_accuracy) == (1.0, 1.0)
    shuffled_p, shuffled_r = pred[:], ref[:]
    rnd.shuffle(shuffled_p)
    rnd.shuffle(shuffled_r)
    assert score_segments(shuffled_p, shuffled_r, iou_threshold=threshold).score == result.score
    pairs = result.diff.matched + result.diff.boundary + result.diff.wrong_label
    assert Counter([p.pred for p in pairs] + list(result.diff.extra)) == Counter(pred)
    assert Counter([p.ref for p in pairs] + list(result.diff.missed)) == Counter(ref)
    d = segments_distance(pred, ref, iou_threshold=threshold)
    assert d == pytest.approx(segments_distance(ref, pred, iou_threshold=threshold))
    assert segments_distance(pred, pred, iou_threshold=threshold) == 0.0


def test_aggregate_segments_known_answer():
    annotations = [
        [(0, 5, "a"), (6, 9, "b")],
        [(0.2, 5.1, "a")],
        [(0.1, 4.9, "a"), (6, 9, "b"), (12, 13, "a")],
    ]
    result = aggregate_segments(annotations)
    assert result.segments == (Segment(0.1, 5.0, "a"), Segment(6, 9, "b"))
    assert result.support == (3, 2)
    unanimous = aggregate_segments(annotations, quorum=3)
    assert unanimous.segments == (Segment(0.1, 5.0, "a"),)
    anything = aggregate_segments(annotations, quorum=1)
    assert Segment(12, 13, "a") in anything.segments


def test_aggregate_segments_needs_complete_linkage_and_one_segment_per_annotator():
    # A chains to C only through B: single-linkage would merge all three.
    chain = [[(0, 10, "a")], [(3, 13, "a")], [(6, 16, "a")]]
    result = aggregate_segments(chain, iou_threshold=0.5, quorum=1)
    assert sorted(result.support) == [1, 2]
    # Two segments of one annotator never merge into one cluster.
    twice = aggregate_segments([[(0, 10, "a"), (0, 9, "a")]], quorum=1)
    assert twice.support == (1, 1)


def test_aggregate_segments_label_awareness():
    annotations = [[(0, 5, "a")], [(0, 5, "b")], [(0, 5, "a")]]
    assert aggregate_segments(annotations).segments == (Segment(0, 5, "a"),)
    blind = aggregate_segments(annotations, label_aware=False, quorum=3)
    assert blind.segments == (Segment(0, 5, "a"),) and blind.support == (3,)


@settings(max_examples=100, deadline=None)
@given(st.lists(segment_lists(max_size=4), min_size=1, max_size=4), st.data())
def test_aggregate_segments_properties(annotations, data):
    quorum = data.draw(st.integers(1, len(annotations)))
    result = aggregate_segments(annotations, quorum=quorum, iou_threshold=0.5)
    assert all(quorum <= s <= len(annotations) for s in result.support)
    assert all(seg.start < seg.end for seg in result.segments)
    order = data.draw(st.permutations(range(len(annotations))))
    assert aggregate_segments([annotations[k] for k in order], quorum=quorum, iou_threshold=0.5) == result
    unique = sorted(set(annotations[0]))
    copies = aggregate_segments([unique] * 3, quorum=3)
    assert copies.segments == tuple(unique)
