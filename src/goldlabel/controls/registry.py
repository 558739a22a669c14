"""The control-type registry: the one list of annotation types the platform knows."""

from __future__ import annotations

from goldlabel.controls.base import ControlType
from goldlabel.controls.choices import Choices
from goldlabel.controls.rating import Rating
from goldlabel.controls.spans import Spans
from goldlabel.controls.text import Text

CONTROL_TYPES: dict[str, ControlType] = {ct.type_name: ct for ct in (Choices(), Rating(), Spans(), Text())}


def control_type(name: str) -> ControlType:
    try:
        return CONTROL_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown control type {name!r}; known: {sorted(CONTROL_TYPES)}") from None
