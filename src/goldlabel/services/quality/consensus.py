"""The consensus of each item per control, and how it was reached.

Single-choice controls use Dawid-Skene over the whole project (each annotator's confusions
weigh their votes): that fit is the only project-wide step, so it is what gets cached, as
each item's label and confidence. Every other control merges one item's answers on its own
(the control's ``aggregate``), so a page computes just its items.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from statistics import fmean
from typing import Any

from goldlabel.controls.base import ControlSpec
from goldlabel.services.quality.agreement import long_table
from goldlabel.services.quality.submissions import canonical, ctype, in_canonical_order
from goldlabel.services.views import ControlConsensus

INFERRED = "dawid_skene"
# How each control type's ``aggregate`` merges answers, named for the API and exports.
AGGREGATE_METHODS: dict[str, str] = {
    "choices": "majority_per_option",  # multiple choices; single choices are inferred
    "rating": "median",
    "spans": "character_majority",
    "text": "medoid",
    "boxes": "iou_cluster_fusion",
    "polygons": "medoid",
    "masks": "medoid",
    "keypoints": "medoid",
    "segments": "segment_clusters",
    "tracks": "medoid",
    "ranking": "borda_count",
}


def is_inferred(spec: ControlSpec) -> bool:
    return ctype(spec).alpha_level(spec) == "nominal"


def fit_inferred(per_item: dict[int, dict[int, Any]]) -> dict[str, list[Any]]:
    """Dawid-Skene over the project: ``{"items", "labels", "confidence"}``, items ascending."""
    from goldlabel.quality.aggregation import DawidSkene

    table = long_table(per_item, as_keys=False)
    if not table["task"]:
        return {"items": [], "labels": [], "confidence": []}
    probas = DawidSkene(n_iter=100).fit_predict_proba(table).sort_index()
    matrix = probas.to_numpy()
    labels = probas.columns.to_numpy()[matrix.argmax(axis=1)]
    return {
        "items": [int(t) for t in probas.index],
        "labels": [str(label) for label in labels],
        "confidence": [float(c) for c in matrix.max(axis=1)],
    }


@dataclass(frozen=True, slots=True)
class ConsensusModel:
    """What the consensus of any item needs: the controls and the cached inferred labels."""

    controls: list[ControlSpec]
    inferred: Mapping[str, dict[str, list[Any]]]  # control -> fit_inferred payload

    def item(
        self, item_id: int, answers: Mapping[str, list[Any]], data: dict[str, Any]
    ) -> dict[str, ControlConsensus]:
        """Per control with at least one answer: value, method, confidence and agreement."""
        result: dict[str, ControlConsensus] = {}
        for spec in self.controls:
            values = answers.get(spec.name)
            if not values:
                continue
            found = self._inferred(spec.name, item_id)
            if found is not None:
                value, confidence, method = *found, INFERRED
            else:
                merged = ctype(spec).aggregate(spec, in_canonical_order(values), data)
                value, confidence = merged.value, merged.confidence
                method = AGGREGATE_METHODS.get(spec.type, "aggregate")
            result[spec.name] = ControlConsensus(
                value=value,
                method=method,
                confidence=float(confidence),
                agreement=pairwise_agreement(spec, values),
                n_annotations=len(values),
            )
        return result

    def _inferred(self, control: str, item_id: int) -> tuple[Any, float] | None:
        """The cached label of an item, or None for a non-inferred control or an item
        submitted after the fit was cached (it then gets its control's own aggregate)."""
        fit = self.inferred.get(control)
        if fit is None:
            return None
        items = fit["items"]
        at = bisect_left(items, item_id)
        if at == len(items) or items[at] != item_id:
            return None
        return fit["labels"][at], float(fit["confidence"][at])


def pairwise_agreement(spec: ControlSpec, values: list[Any]) -> float | None:
    """Mean agreement (1 - distance) over every pair of answers; None with fewer than two.
    Equal answers agree fully without asking the control (its contract: distance 0)."""
    if len(values) < 2:
        return None
    control = ctype(spec)
    keys = [canonical(v) for v in values]
    pairs = combinations(range(len(values)), 2)
    return fmean(
        1.0 if keys[i] == keys[j] else 1.0 - control.distance(spec, values[i], values[j]) for i, j in pairs
    )
