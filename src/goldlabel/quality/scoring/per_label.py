"""Per-label precision, recall and one-vs-rest accuracy over a set of scored items.

``label_metrics`` takes, per item, the labels an answer used and the labels the reference
used (single choice: one each; multi-choice: sets; ratings: the value as a label) and counts,
for every label, true/false positives and negatives. ``span_label_metrics`` does the same for
labelled spans, pairing spans of one label at a time with ``score_spans`` (partial credit:
a span with slightly wrong boundaries earns its overlap).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from goldlabel.quality.scoring.spans import SpanLike, as_spans, score_spans


@dataclass(frozen=True, slots=True)
class LabelMetrics:
    """``support``: reference uses, ``predicted``: answer uses, ``correct``: matched (a count,
    or the summed overlap credit for spans). Rates are None when their denominator is 0;
    ``accuracy`` (one-vs-rest, (TP + TN) / items) is None for spans."""

    label: str
    support: int
    predicted: int
    correct: float
    precision: float | None
    recall: float | None
    accuracy: float | None


def _rate(num: float, den: float) -> float | None:
    return num / den if den else None


def label_metrics(
    pairs: Sequence[tuple[Collection[str], Collection[str]]], labels: Iterable[str] = ()
) -> dict[str, LabelMetrics]:
    """``pairs``: ``(answer labels, reference labels)`` per item. Every label in ``labels`` or
    used by either side gets a row, in first-seen order (``labels`` first)."""
    order = list(dict.fromkeys([*labels, *(lab for p, r in pairs for lab in (*r, *p))]))
    n = len(pairs)
    out: dict[str, LabelMetrics] = {}
    for label in order:
        tp = sum(1 for p, r in pairs if label in p and label in r)
        fp = sum(1 for p, r in pairs if label in p and label not in r)
        fn = sum(1 for p, r in pairs if label not in p and label in r)
        out[label] = LabelMetrics(
            label=label,
            support=tp + fn,
            predicted=tp + fp,
            correct=float(tp),
            precision=_rate(tp, tp + fp),
            recall=_rate(tp, tp + fn),
            accuracy=_rate(n - fp - fn, n),
        )
    return out


def span_label_metrics(
    pairs: Sequence[tuple[Iterable[SpanLike], Iterable[SpanLike]]], labels: Iterable[str] = ()
) -> dict[str, LabelMetrics]:
    """``pairs``: ``(answer spans, reference spans)`` per item; spans of each label are matched
    with label-aware partial ``score_spans`` and the credits summed over the items."""
    items = [(as_spans(p), as_spans(r)) for p, r in pairs]
    order = list(dict.fromkeys([*labels, *(s.label for p, r in items for s in (*r, *p))]))
    out: dict[str, LabelMetrics] = {}
    for label in order:
        credit, n_pred, n_ref = 0.0, 0, 0
        for p, r in items:
            mine = [s for s in p if s.label == label]
            theirs = [s for s in r if s.label == label]
            if mine or theirs:
                scored = score_spans(mine, theirs, mode="partial")
                credit, n_pred, n_ref = credit + scored.credit, n_pred + scored.n_pred, n_ref + scored.n_ref
        out[label] = LabelMetrics(
            label=label,
            support=n_ref,
            predicted=n_pred,
            correct=credit,
            precision=_rate(credit, n_pred),
            recall=_rate(credit, n_ref),
            accuracy=None,
        )
    return out
