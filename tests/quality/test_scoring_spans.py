import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.scoring import Span, aggregate_spans, score_spans, spans_distance

TEXT_LENGTH = 40
PRED = [(0, 5, "PER"), (10, 15, "LOC"), (20, 25, "ORG")]
REF = [(0, 5, "PER"), (10, 15, "ORG"), (21, 25, "ORG"), (30, 35, "MISC")]


@st.composite
def span_lists(draw, max_size=6):
    n = draw(st.integers(0, max_size))
    out = []
    for _ in range(n):
        start = draw(st.integers(0, TEXT_LENGTH - 1))
        end = draw(st.integers(start + 1, min(start + 12, TEXT_LENGTH)))
        out.append(Span(start, end, draw(st.sampled_from(["PER", "LOC"]))))
    return out


def test_exact_label_aware_known_answer():
    result = score_spans(PRED, REF)
    assert (result.precision, result.recall) == (pytest.approx(1 / 3), pytest.approx(1 / 4))
    assert result.f1 == pytest.approx(2 / 7) == result.score
    diff = result.diff
    assert [p.ref for p in diff.matched] == [Span(0, 5, "PER")]
    assert [(p.pred, p.ref) for p in diff.wrong_label] == [(Span(10, 15, "LOC"), Span(10, 15, "ORG"))]
    assert [(p.pred, p.ref, p.iou, p.credit) for p in diff.boundary] == [
        (Span(20, 25, "ORG"), Span(21, 25, "ORG"), 0.8, 0.0)
    ]
    assert diff.missed == (Span(30, 35, "MISC"),)
    assert diff.extra == ()


def test_exact_ignoring_labels_counts_the_relabelled_span():
    assert score_spans(PRED, REF, label_aware=False).f1 == pytest.approx(4 / 7)


def test_partial_credits_character_iou():
    result = score_spans(PRED, REF, mode="partial")
    assert result.credit == pytest.approx(1.8)  # 1 exact + IoU 4/5
    assert result.precision == pytest.approx(0.6)
    assert result.recall == pytest.approx(0.45)
    assert result.f1 == pytest.approx(3.6 / 7)
    assert result.diff.boundary[0].credit == pytest.approx(0.8)


def test_partial_pairs_one_to_one():
    # One long prediction over two reference entities earns credit for one of them only.
    result = score_spans([(0, 10, "PER")], [(0, 4, "PER"), (5, 10, "PER")], mode="partial")
    assert result.credit == pytest.approx(0.5)
    assert len(result.diff.missed) == 1


def test_empty_inputs():
    assert score_spans([], []).score == 1.0
    assert score_spans([], [(0, 1, "A")]).score == 0.0
    assert score_spans([(0, 1, "A")], []).precision == 0.0


@pytest.mark.parametrize("bad", [(5, 5, "A"), (6, 5, "A"), (-1, 3, "A")])
def test_rejects_bad_spans(bad):
    with pytest.raises(ValueError, match="start < end"):
        score_spans([bad], [])


def test_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        score_spans([], [], mode="fuzzy")


def _best_iou_sum(pred, ref):
    """Brute force over every one-to-one pairing (small inputs only)."""

    def iou(a, b):
        inter = max(0, min(a.end, b.end) - max(a.start, b.start))
        return inter / ((a.end - a.start) + (b.end - b.start) - inter) if a.label == b.label else 0

    small, big, flip = (pred, ref, False) if len(pred) <= len(ref) else (ref, pred, True)
    best = 0.0
    for chosen in itertools.permutations(range(len(big)), len(small)):
        pairs = [(s, big[k]) for s, k in zip(small, chosen, strict=True)]
        best = max(best, sum(iou(*((b, a) if flip else (a, b))) for a, b in pairs))
    return best


def test_partial_matches_brute_force_and_exact_matches_multiset():
    rng = np.random.default_rng(7)
    for _ in range(150):

        def draw():
            n = int(rng.integers(0, 5))
            starts = rng.integers(0, 20, n)
            return [Span(int(s), int(s + rng.integers(1, 6)), str(rng.choice(["A", "B"]))) for s in starts]

        pred, ref = draw(), draw()
        partial = score_spans(pred, ref, mode="partial")
        assert partial.credit == pytest.approx(_best_iou_sum(pred, ref))
        exact = score_spans(pred, ref, mode="exact")
        assert exact.credit == sum((Counter(pred) & Counter(ref)).values())


@settings(max_examples=100, deadline=None)
@given(span_lists(), span_lists(), st.sampled_from(["exact", "partial"]), st.booleans(), st.randoms())
def test_span_score_properties(pred, ref, mode, label_aware, rnd):
    result = score_spans(pred, ref, mode=mode, label_aware=label_aware)
    for value in (result.score, result.precision, result.recall):
        assert 0.0 <= value <= 1.0 + 1e-12
    assert score_spans(ref, ref, mode=mode, label_aware=label_aware).score == 1.0
    shuffled_p, shuffled_r = pred[:], ref[:]
    rnd.shuffle(shuffled_p)
    rnd.shuffle(shuffled_r)
    again = score_spans(shuffled_p, shuffled_r, mode=mode, label_aware=label_aware)
    assert again.score == pytest.approx(result.score)
    diff = result.diff
    pairs = diff.matched + diff.boundary + diff.wrong_label
    assert Counter([p.pred for p in pairs] + list(diff.extra)) == Counter(pred)
    assert Counter([p.ref for p in pairs] + list(diff.missed)) == Counter(ref)
    assert sum(p.credit for p in pairs) == pytest.approx(result.credit)


@settings(max_examples=100, deadline=None)
@given(span_lists(), span_lists())
def test_spans_distance_is_symmetric(a, b):
    d = spans_distance(a, b)
    assert 0.0 <= d <= 1.0
    assert d == pytest.approx(spans_distance(b, a))
    assert spans_distance(a, a) == 0.0


def test_aggregate_spans_known_answer():
    annotations = [
        [(0, 5, "PER"), (10, 14, "LOC")],
        [(1, 5, "PER"), (10, 14, "ORG")],
        [(0, 4, "PER")],
    ]
    result = aggregate_spans(annotations, text_length=20)
    # chars 0 and 4 have two PER votes, 1-3 three; LOC/ORG split 1-1 never reaches 2.
    assert result.spans == (Span(0, 5, "PER"),)
    assert result.support == (pytest.approx((2 + 3 * 3 + 2) / 3 / 5),)
    assert aggregate_spans(annotations, text_length=20, quorum=3).spans == (Span(1, 4, "PER"),)


def test_aggregate_spans_validates():
    with pytest.raises(ValueError, match="past the text"):
        aggregate_spans([[(0, 30, "A")]], text_length=20)
    with pytest.raises(ValueError, match="quorum"):
        aggregate_spans([[(0, 3, "A")], []], text_length=20, quorum=3)
    with pytest.raises(ValueError, match="at least one"):
        aggregate_spans([], text_length=20)


def _char_vote(annotations, quorum):
    """Per-character reference implementation of the documented vote."""
    out = []
    for c in range(TEXT_LENGTH):
        votes = Counter()
        for ann in annotations:
            for lab in {s.label for s in ann if s.start <= c < s.end}:
                votes[lab] += 1
        best = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(best[0][0] if best and best[0][1] >= quorum else None)
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(span_lists(max_size=4), min_size=1, max_size=5), st.data())
def test_aggregate_spans_matches_per_character_vote(annotations, data):
    quorum = data.draw(st.integers(1, len(annotations)))
    result = aggregate_spans(annotations, text_length=TEXT_LENGTH, quorum=quorum)
    chars = [None] * TEXT_LENGTH
    for span in result.spans:
        chars[span.start : span.end] = [span.label] * (span.end - span.start)
    assert chars == _char_vote(annotations, quorum)
    assert all(0 < s <= 1 for s in result.support)
    reordered = aggregate_spans(annotations[::-1], text_length=TEXT_LENGTH, quorum=quorum)
    assert reordered == result


def test_exact_mode_matches_nervaluate_strict():
    nervaluate = pytest.importorskip("nervaluate")
    rng = np.random.default_rng(13)
    true, pred, ours = [], [], []
    for _ in range(300):
        starts = np.sort(rng.choice(np.arange(5, 100, 10), size=rng.integers(0, 6), replace=False))
        ref = [Span(int(s), int(s + rng.integers(1, 9)), str(rng.choice(["PER", "LOC"]))) for s in starts]
        hyp = []
        for span in ref:
            roll = rng.random()
            if roll < 0.2:
                continue  # missed
            start = span.start - (roll < 0.4)  # boundary error
            label = ("LOC" if span.label == "PER" else "PER") if roll > 0.85 else span.label
            hyp.append(Span(int(start), span.end, label))
        true.append([{"label": s.label, "start": s.start, "end": s.end} for s in ref])
        pred.append([{"label": s.label, "start": s.start, "end": s.end} for s in hyp])
        ours.append(score_spans(hyp, ref))
    theirs = nervaluate.Evaluator(true, pred, tags=["PER", "LOC"], loader="dict").evaluate()
    strict = theirs["overall"]["strict"]
    assert sum(o.credit for o in ours) == strict.correct
    assert sum(o.n_pred for o in ours) == strict.actual
    assert sum(o.n_ref for o in ours) == strict.possible
