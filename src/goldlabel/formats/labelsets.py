"""The labels an export item holds, as the ``labels`` parameter asks, in one shape for writers.

Every writer of a label format (COCO, YOLO, CoNLL, WebVTT …) asks ``label_sets(item, labels)``
instead of reading ``annotations`` and ``consensus`` itself, so ``final``, ``annotations``,
``both`` and gold (a gold item's reference is its final label) mean the same in every format.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from goldlabel.formats.registry import Labels


@dataclass(frozen=True, slots=True)
class LabelSet:
    """One answer per control: an item's final label (``kind="final"``: per control its
    ``method`` — majority, dawid_skene, gold … — and ``confidence``), or one annotation
    (``kind="annotation"``: its ``author`` email and ``annotation_id``)."""

    kind: Literal["final", "annotation"]
    result: dict[str, Any]
    author: str | None = None
    annotation_id: int | None = None
    method: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)


def final_label(item: Mapping[str, Any]) -> LabelSet | None:
    """The item's consensus per control (or its gold reference), None when it has none."""
    gold = item.get("gold")
    if gold is not None:
        result = {k: v for k, v in gold["result"].items() if v is not None}
        return LabelSet(
            "final", result, method=dict.fromkeys(result, "gold"), confidence=dict.fromkeys(result, 1.0)
        )
    merged = item.get("consensus") or {}
    values = {name: c["value"] for name, c in merged.items() if c.get("value") is not None}
    if not values:
        return None
    return LabelSet(
        "final",
        values,
        method={name: merged[name]["method"] for name in values},
        confidence={name: float(merged[name]["confidence"]) for name in values},
    )


def annotation_labels(item: Mapping[str, Any]) -> Iterator[LabelSet]:
    for ann in item.get("annotations") or ():
        result = {k: v for k, v in ann["result"].items() if v is not None}
        yield LabelSet("annotation", result, author=ann.get("author"), annotation_id=ann.get("id"))


def label_sets(item: Mapping[str, Any], labels: Labels) -> list[LabelSet]:
    """The final label first (``final``/``both``), then each annotation (``annotations``/``both``).
    A gold item has only its reference, whatever ``labels`` says."""
    out: list[LabelSet] = []
    if labels != "annotations" or item.get("gold") is not None:
        final = final_label(item)
        if final is not None:
            out.append(final)
    if labels != "final" and item.get("gold") is None:
        out.extend(annotation_labels(item))
    return out
