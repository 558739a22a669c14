"""MOTA / IDF1 on small hand-made sequences, hand-computed from the definitions.

CLEAR MOT (Bernardin & Stiefelhagen 2008): MOTA = 1 - (FN + FP + IDSW) / GT, where GT
counts reference detections; a reference keeps last frame's partner while the IoU still
clears the threshold; an ID switch is a reference matched to a prediction id other than
its previous one. IDF1 (Ristani et al. 2016) = 2 IDTP / (GT + PRED) with IDTP from the
one-to-one track assignment that maximises frames overlapping at IoU >= threshold.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.quality.geometry import Tracks, score_tracks, tracks_distance

A = [0, 0, 10, 10]
B = [30, 0, 10, 10]


def test_id_switch_sequence() -> None:
    # ref id 1 in frames 0-3; prediction "a" in frames 0-1 then "b" in frames 2-3.
    # frame 2: "a" is gone, 1 is matched to "b" -> one switch. FN = FP = 0, GT = 4:
    # MOTA = 1 - 1/4 = 0.75. IDF1: 1<->a overlaps 2 frames, 1<->b 2 frames; only one can
    # be assigned -> IDTP = 2, IDF1 = 2*2 / (4 + 4) = 0.5, IDP = IDR = 2/4.
    ref = Tracks([0, 1, 2, 3], [1, 1, 1, 1], [A] * 4)
    pred = Tracks([0, 1, 2, 3], ["a", "a", "b", "b"], [A] * 4)
    s = score_tracks(pred, ref)
    assert (s.false_negatives, s.false_positives, s.id_switches) == (0, 0, 1)
    assert s.mota == pytest.approx(0.75)
    assert (s.idf1, s.idp, s.idr) == pytest.approx((0.5, 0.5, 0.5))
    assert s.switches[0] == (2, 1, "a", "b")


def test_misses_and_false_positives() -> None:
    # frame 0: refs 1@A, 2@B; preds x@A, y@B          -> 2 matches
    # frame 1: ref 1@A;         preds x@A, y@B          -> 1 match, y is FP
    # frame 2: refs 1@A, 2@B;   pred x@A shifted by 1   -> 1 match (IoU 90/110), 2 is FN
    # GT = 5, PRED = 5, matches 4, FP = 1, FN = 1, IDSW = 0 -> MOTA = 1 - 2/5 = 0.6
    # MOTP = (1 + 1 + 1 + 90/110) / 4. IDF1: 1<->x 3 frames, 2<->y 1 -> IDTP 4, 8/10.
    shifted = [1, 0, 10, 10]
    ref = Tracks([0, 0, 1, 2, 2], [1, 2, 1, 1, 2], [A, B, A, A, B])
    pred = Tracks([0, 0, 1, 1, 2], ["x", "y", "x", "y", "x"], [A, B, A, B, shifted])
    s = score_tracks(pred, ref)
    assert (s.matches, s.false_positives, s.false_negatives, s.id_switches) == (4, 1, 1, 0)
    assert s.mota == pytest.approx(0.6)
    assert s.motp == pytest.approx((3 + 90 / 110) / 4)
    assert s.idf1 == pytest.approx(0.8)


def test_clear_mot_keeps_a_still_valid_correspondence() -> None:
    # frame 0: ref 1@A matched to x@A. frame 1: x drifts to IoU 80/120 = 0.67 >= 0.5 and
    # y sits exactly on A. CLEAR MOT keeps 1<->x (no switch); y is a false positive.
    # GT = 2, PRED = 3: MOTA = 1 - 1/2 = 0.5. IDF1: 1<->x 2 frames -> 2*2 / 5 = 0.8.
    ref = Tracks([0, 1], [1, 1], [A, A])
    pred = Tracks([0, 1, 1], ["x", "x", "y"], [A, [2, 0, 10, 10], A])
    s = score_tracks(pred, ref)
    assert (s.id_switches, s.false_positives) == (0, 1)
    assert s.mota == pytest.approx(0.5)
    assert s.idf1 == pytest.approx(0.8)


def test_switch_is_counted_across_a_gap() -> None:
    # ref 1 in frames 0-2; x in frame 0, nothing in frame 1 (FN), y in frame 2 -> switch
    # against the last partner x. MOTA = 1 - (1 FN + 1 IDSW) / 3 = 1/3.
    ref = Tracks([0, 1, 2], [1, 1, 1], [A, A, A])
    pred = Tracks([0, 2], ["x", "y"], [A, A])
    s = score_tracks(pred, ref)
    assert (s.false_negatives, s.id_switches) == (1, 1)
    assert s.mota == pytest.approx(1 / 3)
    assert s.idf1 == pytest.approx(2 * 1 / 5)


def test_empty_and_validation() -> None:
    empty = Tracks([], [], [])
    s = score_tracks(empty, empty)
    assert (s.mota, s.idf1, s.motp) == (1.0, 1.0, 1.0)
    only_pred = score_tracks(Tracks([0], [1], [A]), empty)
    assert only_pred.false_positives == 1 and only_pred.idf1 == 0.0
    with pytest.raises(ValueError, match="twice"):
        score_tracks(Tracks([0, 0], [1, 1], [A, B]), empty)
    with pytest.raises(ValueError, match="one row"):
        score_tracks(Tracks([0], [1, 2], [A]), empty)
    with pytest.raises(ValueError, match="integers"):
        score_tracks(Tracks([0.5], [1], [A]), empty)


track_rows = st.lists(
    st.tuples(
        st.integers(0, 4),
        st.integers(0, 3),
        st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(5, 15), st.integers(5, 15)),
    ),
    max_size=12,
    unique_by=lambda r: (r[0], r[1]),
).map(
    lambda rows: Tracks(
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype=np.int64),
        np.array([r[2] for r in rows], dtype=np.float64).reshape(-1, 4),
    )
)


@settings(max_examples=80, deadline=None)
@given(track_rows, track_rows)
def test_track_properties(a: Tracks, b: Tracks) -> None:
    s = score_tracks(a, b)
    assert s.mota <= 1.0
    assert 0.0 <= s.idf1 <= 1.0 and 0.0 <= s.motp <= 1.0
    assert s.matches + s.false_negatives == len(b.frames)
    assert s.matches + s.false_positives == len(a.frames)
    assert tracks_distance(a, b) == pytest.approx(tracks_distance(b, a))
    perfect = score_tracks(b, b)
    assert (perfect.mota, perfect.idf1, perfect.id_switches) == (1.0, 1.0, 0)
    # renaming prediction ids and shuffling rows changes nothing
    order = np.arange(len(a.frames))[::-1]
    renamed = Tracks(a.frames[order], (a.ids[order] + 100).astype(str), a.xywh[order])
    t = score_tracks(renamed, b)
    assert (t.mota, t.idf1, t.id_switches) == pytest.approx((s.mota, s.idf1, s.id_switches))
