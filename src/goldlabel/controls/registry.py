"""The control-type registry: the one list of annotation types the platform knows."""

from __future__ import annotations

from goldlabel.controls.base import ControlType
from goldlabel.controls.boxes import Boxes
from goldlabel.controls.choices import Choices
from goldlabel.controls.keypoints import Keypoints
from goldlabel.controls.masks import Masks
from goldlabel.controls.polygons import Polygons
from goldlabel.controls.ranking import Ranking
from goldlabel.controls.rating import Rating
from goldlabel.controls.segments import Segments
from goldlabel.controls.spans import Spans
from goldlabel.controls.text import Text
from goldlabel.controls.tracks import Tracks

CONTROL_TYPES: dict[str, ControlType] = {
    ct.type_name: ct
    for ct in (
        Choices(),
        Rating(),
        Spans(),
        Text(),
        Boxes(),
        Polygons(),
        Masks(),
        Keypoints(),
        Segments(),
        Tracks(),
        Ranking(),
    )
}


def control_type(name: str) -> ControlType:
    try:
        return CONTROL_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown control type {name!r}; known: {sorted(CONTROL_TYPES)}") from None
