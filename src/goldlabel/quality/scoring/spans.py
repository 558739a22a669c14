"""Named-entity spans (character offsets): score vs reference, distance, consensus.

Exact mode is the CoNLL convention (boundaries and label must both match). Partial mode
follows SemEval-2013 task 9 "partial" in spirit, but instead of a flat 0.5 for any overlap
it credits each one-to-one overlapping pair with its character IoU, so nearly-right
boundaries earn nearly full credit.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from goldlabel.quality.scoring._axis import vote_runs
from goldlabel.quality.scoring._intervals import IntervalDiff, match_intervals, prf


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` of ``text`` carrying ``label``."""

    start: int
    end: int
    label: str


SpanLike = Span | tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class SpanScore:
    """``score`` is ``f1``; counts are of spans, ``credit`` is the matched total."""

    score: float
    precision: float
    recall: float
    f1: float
    credit: float
    n_pred: int
    n_ref: int
    diff: IntervalDiff[Span]


@dataclass(frozen=True, slots=True)
class SpanConsensus:
    """Consensus spans and, per span, the mean fraction of annotators agreeing on it."""

    spans: tuple[Span, ...]
    support: tuple[float, ...]


def _offset(value: object, span: object) -> int:
    """A character offset: an integer, never a float rounded or truncated to one."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(
            f"span offsets are character indices and must be integers, got {value!r} in {span!r}; "
            "convert them yourself (e.g. round) if fractional offsets are expected, or score "
            "time ranges with segments"
        )
    return int(value)


def as_spans(spans: Iterable[SpanLike], *, text_length: int | None = None) -> tuple[Span, ...]:
    """Coerce tuples to :class:`Span`; reject non-integer offsets and empty, reversed or
    out-of-text ranges."""
    out = []
    for s in spans:
        start, end, label = (s.start, s.end, s.label) if isinstance(s, Span) else s
        span = Span(_offset(start, s), _offset(end, s), str(label))
        if span.start < 0 or span.end <= span.start:
            raise ValueError(f"span needs 0 <= start < end, got {span}")
        if text_length is not None and span.end > text_length:
            raise ValueError(f"span {span} ends past the text (length {text_length})")
        out.append(span)
    return tuple(out)


def score_spans(
    pred: Iterable[SpanLike],
    ref: Iterable[SpanLike],
    *,
    mode: Literal["exact", "partial"] = "exact",
    label_aware: bool = True,
) -> SpanScore:
    """Precision/recall/F1 of predicted spans against reference spans.

    ``exact``: a span counts when boundaries (and label, if ``label_aware``) equal a
    reference span's. ``partial``: overlapping spans are paired one-to-one maximising total
    character IoU and each pair earns its IoU. The diff lists matched pairs, boundary and
    label errors, missed and extra spans, whatever the mode.
    """
    if mode not in ("exact", "partial"):
        raise ValueError(f"mode must be 'exact' or 'partial', got {mode!r}")
    p, r = as_spans(pred), as_spans(ref)
    matching = match_intervals(
        p,
        r,
        label_aware=label_aware,
        min_iou=0.0,
        exact=mode == "exact",
        iou_credit=mode == "partial",
    )
    precision, recall, f1 = prf(matching.credit, len(p), len(r))
    return SpanScore(
        score=f1,
        precision=precision,
        recall=recall,
        f1=f1,
        credit=matching.credit,
        n_pred=len(p),
        n_ref=len(r),
        diff=matching.diff,
    )


def spans_distance(a: Iterable[SpanLike], b: Iterable[SpanLike]) -> float:
    """1 − label-aware partial F1: symmetric, 0 for identical span sets (for alpha)."""
    return 1.0 - score_spans(a, b, mode="partial", label_aware=True).f1


def aggregate_spans(
    annotations: Sequence[Iterable[SpanLike]],
    *,
    text_length: int,
    quorum: int | None = None,
) -> SpanConsensus:
    """Character-level label vote turned back into spans.

    Each character takes the label most annotators gave it (ties: alphabetical) when at
    least ``quorum`` annotators (default: a strict majority) gave that label; runs of
    characters with the same winning label become spans. An annotator overlapping its own
    spans votes once per label. Adjacent spans with the same label merge, as characters
    carry no span identity.
    """
    if text_length < 0:
        raise ValueError(f"text_length must be >= 0, got {text_length}")
    parsed = [as_spans(a, text_length=text_length) for a in annotations]
    runs = vote_runs([[(s.start, s.end, s.label) for s in spans] for spans in parsed], quorum=quorum)
    spans = tuple(Span(int(s), int(e), lab) for s, e, lab, _ in runs)
    support = tuple(sup for *_, sup in runs)
    return SpanConsensus(spans=spans, support=support)
