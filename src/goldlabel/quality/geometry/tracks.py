"""Video tracks: CLEAR MOT (MOTA, MOTP, identity switches) and identity F1 (IDF1).

A track set is MOT-style long rows: ``frames`` (n,), ``ids`` (n,) and ``xywh`` (n, 4), one
row per object per frame. MOTA follows Bernardin & Stiefelhagen (2008) as implemented by
py-motmetrics: per frame, a reference object keeps its previous prediction if their IoU
still clears the threshold, the rest are matched by the Hungarian algorithm, and a
reference object matched to a different prediction id than last time is an identity
switch. IDF1 follows Ristani et al. (2016): one global one-to-one assignment of reference
to predicted identities maximising the frames they overlap (IoU >= threshold).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linear_sum_assignment

from goldlabel.quality.geometry.boxes import as_xywh, corner_iou, to_corners
from goldlabel.quality.geometry.matching import assign, check_threshold


class Tracks(NamedTuple):
    """Tracked boxes as long rows: frame number, track id and box of each detection."""

    frames: ArrayLike
    ids: ArrayLike
    xywh: ArrayLike


class IdSwitch(NamedTuple):
    """In ``frame``, reference track ``ref_id`` moved from prediction ``before`` to ``after``."""

    frame: int
    ref_id: object
    before: object
    after: object


class IdentityMatch(NamedTuple):
    """IDF1's pairing of a reference track with a predicted one over ``frames`` frames."""

    ref_id: object
    pred_id: object
    frames: int


@dataclass(frozen=True, slots=True)
class TrackScore:
    """Tracking quality of a prediction against reference tracks.

    ``mota`` = 1 - (false_negatives + false_positives + id_switches) / n_ref, in
    (-inf, 1] (negative when the errors outnumber the reference detections; with no
    reference detections the denominator is taken as 1). ``motp`` is the mean IoU of
    matched detections (higher is better). ``idf1``, ``idp``, ``idr`` are identity F1,
    precision and recall, in [0, 1]. Counts are over detections (rows). Both empty: all 1.
    """

    mota: float
    motp: float
    idf1: float
    idp: float
    idr: float
    matches: int
    false_positives: int
    false_negatives: int
    id_switches: int
    n_ref: int
    n_pred: int
    switches: tuple[IdSwitch, ...]
    identities: tuple[IdentityMatch, ...]


_NONE = object()  # a prediction id no frame can contain


class _Rows(NamedTuple):
    frames: np.ndarray
    ids: list[object]
    corners: np.ndarray


def _as_tracks(tracks: Tracks | tuple[Any, ...], *, name: str) -> _Rows:
    if not isinstance(tracks, tuple) or len(tracks) != 3:
        raise ValueError(f"{name} must be Tracks(frames, ids, xywh) or such a triple")
    frames = np.asarray(tracks[0])
    ids = np.asarray(tracks[1])
    xywh = as_xywh(tracks[2], name=f"{name}.xywh")
    if frames.ndim != 1 or ids.ndim != 1 or not len(frames) == len(ids) == len(xywh):
        raise ValueError(f"{name}: frames, ids and xywh must have one row per detection")
    if len(frames) and frames.dtype.kind not in "iu":
        raise ValueError(f"{name}.frames must be integers")
    keys = set(zip(frames.tolist(), ids.tolist(), strict=True))
    if len(keys) != len(frames):
        raise ValueError(f"{name} has a track id twice in one frame")
    return _Rows(frames.astype(np.int64), ids.tolist(), to_corners(xywh))


def _by_frame(rows: _Rows) -> dict[int, np.ndarray]:
    if not len(rows.frames):
        return {}
    order = np.argsort(rows.frames, kind="stable")
    frames, starts = np.unique(rows.frames[order], return_index=True)
    return dict(zip(frames.tolist(), np.split(order, starts[1:]), strict=True))


def score_tracks(
    pred: Tracks | tuple[Any, ...], ref: Tracks | tuple[Any, ...], *, iou_threshold: float = 0.5
) -> TrackScore:
    """Score predicted tracks against reference tracks; see ``TrackScore`` for the fields."""
    thr = check_threshold(iou_threshold, name="iou_threshold")
    p, r = _as_tracks(pred, name="pred"), _as_tracks(ref, name="ref")
    p_frames, r_frames = _by_frame(p), _by_frame(r)
    empty = np.zeros(0, dtype=np.int64)

    last: dict[object, object] = {}  # reference id -> prediction id it was last matched to
    switches: list[IdSwitch] = []
    overlap: dict[tuple[object, object], int] = {}  # frames each id pair overlaps (IDF1)
    n_match, iou_sum = 0, 0.0
    for frame in sorted(p_frames.keys() | r_frames.keys()):
        ri, pi = r_frames.get(frame, empty), p_frames.get(frame, empty)
        iou = corner_iou(r.corners[ri][:, None, :], p.corners[pi][None, :, :])
        valid = iou >= thr
        r_ids = [r.ids[i] for i in ri.tolist()]
        p_ids = [p.ids[i] for i in pi.tolist()]
        for a, b in zip(*np.nonzero(valid), strict=True):
            key = (r_ids[a], p_ids[b])
            overlap[key] = overlap.get(key, 0) + 1

        # CLEAR MOT: keep last frame's correspondences that are still valid ...
        p_col = {pid: j for j, pid in enumerate(p_ids)}
        kept: list[tuple[int, int]] = []
        taken: set[int] = set()
        for a, rid in enumerate(r_ids):
            b = p_col.get(last.get(rid, _NONE), -1)
            if b >= 0 and valid[a, b] and b not in taken:
                kept.append((a, b))
                taken.add(b)
        # ... then match the rest optimally.
        free_r = np.setdiff1d(np.arange(len(r_ids)), [a for a, _ in kept])
        free_p = np.setdiff1d(np.arange(len(p_ids)), [b for _, b in kept])
        rows, cols = assign(iou[np.ix_(free_r, free_p)], thr, None)
        for a, b in zip(free_r[rows].tolist(), free_p[cols].tolist(), strict=True):
            rid, pid = r_ids[a], p_ids[b]
            if rid in last and last[rid] != pid:
                switches.append(IdSwitch(frame, rid, last[rid], pid))
            last[rid] = pid
            kept.append((a, b))
        n_match += len(kept)
        iou_sum += sum(float(iou[a, b]) for a, b in kept)

    n_ref, n_pred = len(r.ids), len(p.ids)
    identities = _identity_matching(overlap)
    idtp = sum(m.frames for m in identities)
    fp, fn = n_pred - n_match, n_ref - n_match
    both_empty = n_ref + n_pred == 0
    return TrackScore(
        mota=1.0 - (fn + fp + len(switches)) / max(n_ref, 1),
        motp=iou_sum / n_match if n_match else float(both_empty),
        idf1=2.0 * idtp / (n_ref + n_pred) if not both_empty else 1.0,
        idp=idtp / n_pred if n_pred else float(both_empty),
        idr=idtp / n_ref if n_ref else float(both_empty),
        matches=n_match,
        false_positives=fp,
        false_negatives=fn,
        id_switches=len(switches),
        n_ref=n_ref,
        n_pred=n_pred,
        switches=tuple(switches),
        identities=identities,
    )


def _identity_matching(overlap: dict[tuple[object, object], int]) -> tuple[IdentityMatch, ...]:
    """Ristani et al.'s global identity assignment: maximise total overlapping frames.

    Minimising IDFN + IDFP = n_ref + n_pred - 2 IDTP is the same as maximising IDTP.
    """
    if not overlap:
        return ()
    r_ids = list(dict.fromkeys(k[0] for k in overlap))
    p_ids = list(dict.fromkeys(k[1] for k in overlap))
    r_pos = {v: i for i, v in enumerate(r_ids)}
    p_pos = {v: i for i, v in enumerate(p_ids)}
    counts = np.zeros((len(r_ids), len(p_ids)), dtype=np.int64)
    for (rid, pid), n in overlap.items():
        counts[r_pos[rid], p_pos[pid]] = n
    rows, cols = linear_sum_assignment(counts, maximize=True)
    return tuple(
        IdentityMatch(r_ids[a], p_ids[b], int(counts[a, b]))
        for a, b in zip(rows.tolist(), cols.tolist(), strict=True)
        if counts[a, b] > 0
    )


def tracks_distance(
    a: Tracks | tuple[Any, ...], b: Tracks | tuple[Any, ...], *, iou_threshold: float = 0.5
) -> float:
    """1 - IDF1: 0 for identical track sets, symmetric, in [0, 1]."""
    return 1.0 - score_tracks(a, b, iou_threshold=iou_threshold).idf1
