"""Per-label results of an exam attempt, from goldlabel.quality's per-label metrics.

Choices and ratings count labels per item (one-vs-rest precision, recall and accuracy);
spans are matched label by label with partial credit. Other control types have no labels to
count here (an empty mapping). Only totals over the attempt are returned: nothing says which
item had which reference. An attempt of fewer than ``MIN_ITEMS_FOR_LABELS`` items gets no
per-label section: with one or two items, a label's support next to one's own answers would
say what the reference was (and exam items are drawn again in later attempts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import ProjectSchema
from goldlabel.services.training_views import LabelStats

if TYPE_CHECKING:
    from goldlabel.quality.scoring.per_label import LabelMetrics

MIN_ITEMS_FOR_LABELS = 5


def _labels(spec: ControlSpec, value: Any) -> list[str]:
    if value is None:
        return []
    if spec.type == "rating":
        return [str(value)]
    if spec.type == "choices":
        return [value] if isinstance(value, str) else [str(v) for v in value]
    return []


def _spans(value: Any) -> list[tuple[int, int, str]]:
    return [(s["start"], s["end"], s["label"]) for s in value or []]


def _stats(metrics: dict[str, LabelMetrics]) -> dict[str, LabelStats]:
    return {
        label: LabelStats(
            support=m.support,
            predicted=m.predicted,
            correct=m.correct,
            precision=m.precision,
            recall=m.recall,
            accuracy=m.accuracy,
        )
        for label, m in metrics.items()
    }


def per_label(
    schema: ProjectSchema,
    item_ids: list[int],
    golds: dict[int, tuple[dict[str, Any], dict[str, Any]]],
    answers: dict[int, dict[str, Any]],
) -> dict[str, dict[str, LabelStats]]:
    from goldlabel.quality.scoring.per_label import label_metrics, span_label_metrics  # numpy: when used

    out: dict[str, dict[str, LabelStats]] = {}
    if len([i for i in item_ids if i in golds]) < MIN_ITEMS_FOR_LABELS:
        return out
    for spec in schema.controls:
        graded = [i for i in item_ids if i in golds and golds[i][0].get(spec.name) is not None]
        if not graded:
            continue
        answer = {i: (answers.get(i) or {}).get(spec.name) for i in graded}
        try:
            if spec.type in ("choices", "rating"):
                metrics = label_metrics(
                    [(_labels(spec, answer[i]), _labels(spec, golds[i][0][spec.name])) for i in graded]
                )
            elif spec.type == "spans":
                metrics = span_label_metrics(
                    [(_spans(answer[i]), _spans(golds[i][0][spec.name])) for i in graded]
                )
            else:
                metrics = {}
        except (ValueError, TypeError, KeyError):
            metrics = {}
        out[spec.name] = _stats(metrics)
    return out
