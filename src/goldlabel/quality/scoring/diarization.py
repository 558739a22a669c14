"""Diarization error rate ("who spoke when"), as defined by NIST and pyannote.metrics.

DER = (missed speech + false alarm + speaker confusion) / total reference speech, after
mapping hypothesis speakers to reference speakers one-to-one so that their co-speaking
time is largest (Hungarian). Overlapped speech counts once per speaker, so DER can exceed
1. Computed exactly on the pieces between consecutive boundaries, not on frames.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from goldlabel.quality.scoring._axis import cover
from goldlabel.quality.scoring._intervals import bounds
from goldlabel.quality.scoring.segments import Segment, SegmentLike, as_segments


@dataclass(frozen=True, slots=True)
class DiarizationScore:
    """Durations are seconds of evaluated time; ``score`` = max(0, 1 − ``der``).

    ``mapping`` pairs (hypothesis speaker, reference speaker); unmapped hypothesis
    speakers are all confusion or false alarm. With no reference speech, ``der`` is 0 for
    a silent hypothesis and 1 otherwise (pyannote would divide by zero).
    """

    score: float
    der: float
    missed: float
    false_alarm: float
    confusion: float
    total: float
    mapping: tuple[tuple[str, str], ...]


def _speaker_cover(segments: Sequence[Segment], edges: np.ndarray) -> tuple[list[str], np.ndarray]:
    speakers = sorted({s.label for s in segments})
    code = {spk: i for i, spk in enumerate(speakers)}
    s, e = bounds(segments)
    rows = np.array([code[seg.label] for seg in segments], dtype=np.int64)
    on = cover(
        np.searchsorted(edges, s),
        np.searchsorted(edges, e),
        rows,
        n_rows=len(speakers),
        n_cells=len(edges) - 1,
    )
    return speakers, on


def _evaluated(
    ref: Sequence[Segment],
    edges: np.ndarray,
    *,
    collar: float,
    ref_count: np.ndarray,
    skip_overlap: bool,
) -> np.ndarray:
    """Pieces kept for scoring: outside every collar, and outside overlap if asked."""
    keep = np.ones(len(edges) - 1, dtype=bool)
    if collar > 0:
        times = np.array([t for seg in ref for t in (seg.start, seg.end)])
        zone = cover(
            np.searchsorted(edges, times - collar / 2),
            np.searchsorted(edges, times + collar / 2),
            np.zeros(len(times), dtype=np.int64),
            n_rows=1,
            n_cells=len(edges) - 1,
        )[0]
        keep &= ~zone
    if skip_overlap:
        keep &= ref_count <= 1
    return keep


def score_diarization(
    pred: Iterable[SegmentLike],
    ref: Iterable[SegmentLike],
    *,
    collar: float = 0.0,
    skip_overlap: bool = False,
) -> DiarizationScore:
    """DER of speaker-labelled segments ``pred`` against ``ref`` with its components.

    ``collar`` is the total width (seconds) not scored around each reference boundary,
    half on each side, as in pyannote.metrics (md-eval's ``-c 0.25`` is ``collar=0.5``).
    ``skip_overlap`` drops regions where reference speakers overlap. The speaker mapping
    is computed on the scored regions only, like pyannote.
    """
    if not (np.isfinite(collar) and collar >= 0):
        raise ValueError(f"collar must be a finite number >= 0, got {collar}")
    p, r = as_segments(pred), as_segments(ref)
    times = [t for seg in (*p, *r) for t in (seg.start, seg.end)]
    if collar > 0:
        times += [t + d for seg in r for t in (seg.start, seg.end) for d in (-collar / 2, collar / 2)]
    edges = np.unique(np.array(times, dtype=np.float64))
    if len(edges) < 2:
        return DiarizationScore(1.0, 0.0, 0.0, 0.0, 0.0, 0.0, ())
    ref_spk, ref_on = _speaker_cover(r, edges)
    hyp_spk, hyp_on = _speaker_cover(p, edges)
    n_ref, n_hyp = ref_on.sum(axis=0), hyp_on.sum(axis=0)
    keep = _evaluated(r, edges, collar=collar, ref_count=n_ref, skip_overlap=skip_overlap)
    weight = np.diff(edges) * keep
    together = (ref_on * weight) @ hyp_on.T.astype(np.float64)
    rows, cols = linear_sum_assignment(together, maximize=True)
    mapped = together[rows, cols] > 0
    rows, cols = rows[mapped], cols[mapped]
    correct = (ref_on[rows] & hyp_on[cols]).sum(axis=0)
    total = float(n_ref @ weight)
    missed = float(np.maximum(n_ref - n_hyp, 0) @ weight)
    false_alarm = float(np.maximum(n_hyp - n_ref, 0) @ weight)
    confusion = float((np.minimum(n_ref, n_hyp) - correct) @ weight)
    errors = missed + false_alarm + confusion
    der = errors / total if total > 0 else float(errors > 0)
    return DiarizationScore(
        score=max(0.0, 1.0 - der),
        der=der,
        missed=missed,
        false_alarm=false_alarm,
        confusion=confusion,
        total=total,
        mapping=tuple((hyp_spk[j], ref_spk[i]) for i, j in zip(rows, cols, strict=True)),
    )


def diarization_error_rate(
    pred: Iterable[SegmentLike],
    ref: Iterable[SegmentLike],
    *,
    collar: float = 0.0,
    skip_overlap: bool = False,
) -> float:
    """Just the DER of :func:`score_diarization`."""
    return score_diarization(pred, ref, collar=collar, skip_overlap=skip_overlap).der
