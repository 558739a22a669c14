"""Labelled time segments (audio events, video activities): score, distance, consensus.

Segment F1 at a temporal-IoU threshold is the detection view (ActivityNet-style, but with
an optimal one-to-one matching instead of a greedy one); frame accuracy is the dense view
that also rewards getting the silence right.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from goldlabel.quality.scoring._axis import cover, resolve_quorum
from goldlabel.quality.scoring._intervals import (
    IntervalDiff,
    bounds,
    interval_iou,
    iou_matrix,
    match_intervals,
    prf,
)


@dataclass(frozen=True, slots=True, order=True)
class Segment:
    """Half-open time range ``[start, end)`` in seconds carrying ``label``."""

    start: float
    end: float
    label: str


SegmentLike = Segment | tuple[float, float, str]


@dataclass(frozen=True, slots=True)
class SegmentScore:
    """``score`` is ``f1`` (segments matched at ``iou >= iou_threshold``)."""

    score: float
    precision: float
    recall: float
    f1: float
    frame_accuracy: float
    n_pred: int
    n_ref: int
    diff: IntervalDiff[Segment]


@dataclass(frozen=True, slots=True)
class SegmentConsensus:
    """Consensus segments and, per segment, how many annotators contributed to it."""

    segments: tuple[Segment, ...]
    support: tuple[int, ...]


def as_segments(segments: Iterable[SegmentLike]) -> tuple[Segment, ...]:
    """Coerce tuples to :class:`Segment`; reject non-finite, negative or empty ranges."""
    out = []
    for s in segments:
        seg = s if isinstance(s, Segment) else Segment(float(s[0]), float(s[1]), str(s[2]))
        if not (math.isfinite(seg.start) and math.isfinite(seg.end)):
            raise ValueError(f"segment times must be finite, got {seg}")
        if seg.start < 0 or seg.end <= seg.start:
            raise ValueError(f"segment needs 0 <= start < end, got {seg}")
        out.append(seg)
    return tuple(out)


def _check_threshold(iou_threshold: float) -> None:
    if not 0.0 < iou_threshold <= 1.0:
        raise ValueError(f"iou_threshold must be in (0, 1], got {iou_threshold}")


def _frame_labels(
    segments: Sequence[Segment], codes: dict[str, int], n_frames: int, frame_rate: float
) -> np.ndarray:
    """Boolean (labels, frames): frame k is on when its centre (k + 0.5) / rate is covered."""
    centres = (np.arange(n_frames) + 0.5) / frame_rate
    s, e = bounds(segments)
    lo, hi = np.searchsorted(centres, s), np.searchsorted(centres, e)
    lab = np.array([codes[seg.label] for seg in segments], dtype=np.int64)
    return cover(lo, hi, lab, n_rows=len(codes), n_cells=n_frames)


def frame_accuracy(
    pred: Iterable[SegmentLike],
    ref: Iterable[SegmentLike],
    *,
    frame_rate: float,
    duration: float | None = None,
    label_aware: bool = True,
) -> float:
    """Share of frames in ``[0, duration)`` whose set of active labels is the same."""
    p, r = as_segments(pred), as_segments(ref)
    if not (math.isfinite(frame_rate) and frame_rate > 0):
        raise ValueError(f"frame_rate must be a positive number, got {frame_rate}")
    last = max((seg.end for seg in (*p, *r)), default=0.0)
    if duration is None:
        duration = last
    elif last > duration:
        raise ValueError(f"a segment ends at {last}s, after duration={duration}s")
    n_frames = math.ceil(duration * frame_rate)
    if n_frames == 0:
        return 1.0
    if not label_aware:
        p = tuple(Segment(s.start, s.end, "") for s in p)
        r = tuple(Segment(s.start, s.end, "") for s in r)
    codes = {lab: i for i, lab in enumerate(sorted({seg.label for seg in (*p, *r)}))}
    on_p = _frame_labels(p, codes, n_frames, frame_rate)
    on_r = _frame_labels(r, codes, n_frames, frame_rate)
    same = on_p == on_r
    return float(same.all(axis=0).mean())


def score_segments(
    pred: Iterable[SegmentLike],
    ref: Iterable[SegmentLike],
    *,
    iou_threshold: float = 0.5,
    frame_rate: float = 100.0,
    duration: float | None = None,
    label_aware: bool = True,
) -> SegmentScore:
    """Segment F1 at a temporal-IoU threshold plus frame-level accuracy.

    Pairs are one-to-one, most pairs first and then highest total IoU (Hungarian).
    Frames run from 0 to ``duration`` (default: the last segment end) at ``frame_rate``
    frames per second. The diff lists boundary errors (same label, IoU below threshold),
    label errors, missed and extra segments.
    """
    _check_threshold(iou_threshold)
    p, r = as_segments(pred), as_segments(ref)
    matching = match_intervals(
        p, r, label_aware=label_aware, min_iou=iou_threshold, exact=False, iou_credit=False
    )
    precision, recall, f1 = prf(matching.credit, len(p), len(r))
    accuracy = frame_accuracy(p, r, frame_rate=frame_rate, duration=duration, label_aware=label_aware)
    return SegmentScore(
        score=f1,
        precision=precision,
        recall=recall,
        f1=f1,
        frame_accuracy=accuracy,
        n_pred=len(p),
        n_ref=len(r),
        diff=matching.diff,
    )


def segments_distance(
    a: Iterable[SegmentLike], b: Iterable[SegmentLike], *, iou_threshold: float = 0.5
) -> float:
    """1 − label-aware segment F1; symmetric, 0 for identical segment sets (for alpha)."""
    _check_threshold(iou_threshold)
    matching = match_intervals(
        sa := as_segments(a),
        sb := as_segments(b),
        label_aware=True,
        min_iou=iou_threshold,
        exact=False,
        iou_credit=False,
    )
    return 1.0 - prf(matching.credit, len(sa), len(sb))[2]


def _overlapping_pairs(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs i < j of overlapping intervals; ``starts`` must be sorted ascending."""
    stop = np.searchsorted(starts, ends, side="left")  # j < stop[i]  <=>  start_j < end_i
    count = np.maximum(stop - np.arange(len(starts)) - 1, 0)
    i = np.repeat(np.arange(len(starts)), count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return i, i + 1 + offsets


def aggregate_segments(
    annotations: Sequence[Iterable[SegmentLike]],
    *,
    iou_threshold: float = 0.5,
    quorum: int | None = None,
    label_aware: bool = True,
) -> SegmentConsensus:
    """Cluster segments across annotators, keep clusters backed by ``quorum`` annotators.

    Greedy complete-linkage: candidate pairs from different annotators (same label when
    ``label_aware``) are merged by decreasing IoU while every pair in the merged cluster
    keeps IoU >= ``iou_threshold`` and no annotator appears twice. A kept cluster becomes
    the median start, median end and most frequent label (ties: alphabetical). Segments
    are visited in time order, so the result does not depend on annotator order.
    """
    _check_threshold(iou_threshold)
    parsed = [as_segments(a) for a in annotations]
    q = resolve_quorum(quorum, len(parsed))
    flat = sorted((seg, who) for who, segs in enumerate(parsed) for seg in segs)
    if not flat:
        return SegmentConsensus(segments=(), support=())
    segs = [seg for seg, _ in flat]
    who = np.array([w for _, w in flat])
    starts, ends = bounds(segs)
    i, j = _overlapping_pairs(starts, ends)
    keep = who[i] != who[j]
    if label_aware:
        keep &= np.array([segs[a].label == segs[b].label for a, b in zip(i, j, strict=True)], bool)
    i, j = i[keep], j[keep]
    iou = interval_iou(starts[i], ends[i], starts[j], ends[j])
    order = np.argsort(-iou, kind="stable")
    cluster = list(range(len(segs)))
    members: dict[int, list[int]] = {k: [k] for k in range(len(segs))}
    for k in order[iou[order] >= iou_threshold]:
        ca, cb = cluster[i[k]], cluster[j[k]]
        if ca == cb or set(who[members[ca]]) & set(who[members[cb]]):
            continue
        ma, mb = members[ca], members[cb]
        cross = iou_matrix(starts[ma], ends[ma], starts[mb], ends[mb])
        if (cross < iou_threshold).any():
            continue
        for m in mb:
            cluster[m] = ca
        members[ca] = ma + members.pop(cb)
    out = []
    for group in members.values():
        if len(group) < q:
            continue
        votes = Counter(segs[m].label for m in group)
        top = max(votes.values())
        label = min(lab for lab, c in votes.items() if c == top)
        start, end = float(np.median(starts[group])), float(np.median(ends[group]))
        out.append((Segment(start, end, label), len(group)))
    out.sort()
    return SegmentConsensus(segments=tuple(s for s, _ in out), support=tuple(n for _, n in out))
