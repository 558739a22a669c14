"""One item's final label from its answers: per control the categorical inference's label (a
project-wide fit, ``final_inference``) or the control type's own aggregate, then the item's
confidence (the weakest control's) and agreement (the mean of the controls' pairwise
agreements). No DB: ``services.final_labels`` loads the answers and writes the rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from goldlabel.controls.base import ControlSpec
from goldlabel.services.consensus_settings import ConsensusMethod, ConsensusSettings
from goldlabel.services.final_inference import Inferred
from goldlabel.services.quality.consensus import AGGREGATE_METHODS, is_inferred, pairwise_agreement
from goldlabel.services.quality.submissions import ctype, in_canonical_order


def categorical_methods(
    settings: ConsensusSettings, controls: list[ControlSpec]
) -> dict[str, ConsensusMethod]:
    """The method of each categorical (single-choice) control; the others use their aggregate."""
    return {c.name: settings.methods.get(c.name, settings.method) for c in controls if is_inferred(c)}


@dataclass(frozen=True, slots=True)
class ComputedLabel:
    result: dict[str, Any]
    confidence: float | None
    agreement: float | None
    controls: dict[str, dict[str, Any]]  # control -> {method, confidence, agreement, n_annotations}


def compute_item(
    controls: list[ControlSpec],
    answers: Mapping[str, list[Any]],
    data: Mapping[str, Any],
    inferred: Mapping[str, Inferred | None],
    methods: Mapping[str, str],
) -> ComputedLabel:
    """``answers``: control -> the (kept) answers; ``inferred``: control -> this item's label of
    a categorical control's fit (None: no answers entered the fit)."""
    result: dict[str, Any] = {}
    details: dict[str, dict[str, Any]] = {}
    for spec in controls:
        values = answers.get(spec.name)
        if not values:
            continue
        if spec.name in methods:
            found = inferred.get(spec.name)
            if found is None:
                continue
            value, confidence, method = found.label, found.confidence, methods[spec.name]
        else:
            merged = ctype(spec).aggregate(spec, in_canonical_order(values), data)
            value, confidence = merged.value, float(merged.confidence)
            method = AGGREGATE_METHODS.get(spec.type, "aggregate")
        result[spec.name] = value
        details[spec.name] = {
            "method": method,
            "confidence": confidence,
            "agreement": pairwise_agreement(spec, values),
            "n_annotations": len(values),
        }
    confidences = [d["confidence"] for d in details.values()]
    agreements = [d["agreement"] for d in details.values() if d["agreement"] is not None]
    return ComputedLabel(
        result=result,
        confidence=min(confidences) if confidences else None,
        agreement=fmean(agreements) if agreements else None,
        controls=details,
    )
