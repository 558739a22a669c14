"""How each control type's answers become what the disagreement engine compares.

- ``choices``: the set of options picked; ``rating``: the value as a one-label set;
- ``spans`` and ``segments``: labelled intervals, matched across annotators by overlap;
  ``boxes``: labelled rectangles, matched the same way;
- other labelled regions (polygons, masks, keypoints, tracks): the set of labels the answer
  uses (whether two annotators used the same labels on the item, not region by region);
- free text and rankings have no labels to confuse: they get no cases (their low-agreement
  items are still listed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.rating import RatingSpec
from goldlabel.services.quality.submissions import ctype

Kind = Literal["sets", "intervals", "boxes"]


def kind_of(spec: ControlSpec) -> Kind | None:
    """How the control's answers are compared, or None when it has no labels."""
    if spec.type in ("spans", "segments"):
        return "intervals"
    if spec.type == "boxes":
        return "boxes"
    if spec.type == "rating" or spec.vocabulary():
        return None if spec.type == "ranking" else "sets"
    return None


def label_order(spec: ControlSpec) -> list[str]:
    if isinstance(spec, RatingSpec):
        return [str(v) for v in range(spec.min, spec.max + 1)]
    return list(spec.vocabulary())


def label_set(spec: ControlSpec, value: Any) -> frozenset[str]:
    """The labels an answer uses (a rating: its value)."""
    if isinstance(spec, RatingSpec):
        return frozenset([str(value)]) if isinstance(value, int) else frozenset()
    try:
        return frozenset(str(n) for n in ctype(spec).names_used(value))
    except (KeyError, TypeError):  # a stored answer of an older shape: no labels
        return frozenset()


def regions(spec: ControlSpec, value: Any) -> list[tuple[Sequence[float], str]]:
    """Labelled geometry of a spans, segments or boxes answer."""
    found: list[tuple[Sequence[float], str]] = []
    for region in value if isinstance(value, list) else []:
        try:
            if spec.type == "boxes":
                geometry: Sequence[float] = (
                    float(region["x"]),
                    float(region["y"]),
                    float(region["width"]),
                    float(region["height"]),
                )
            else:
                geometry = (float(region["start"]), float(region["end"]))
            found.append((geometry, str(region["label"])))
        except (KeyError, TypeError, ValueError):
            continue
    return found
