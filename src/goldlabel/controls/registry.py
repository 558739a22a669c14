"""The control-type registry: the one list of annotation types the platform knows.

``AnySpec`` is the union of their specs, written out so type checkers see every member; the
schema tags it by ``type`` for validation and the OpenAPI document. A test checks that it
names exactly the registered types' specs.
"""

from __future__ import annotations

from typing import Any

from goldlabel.controls.base import ControlSpec, ControlType
from goldlabel.controls.boxes import Boxes, BoxesSpec
from goldlabel.controls.choices import Choices, ChoicesSpec
from goldlabel.controls.keypoints import Keypoints, KeypointsSpec
from goldlabel.controls.masks import Masks, MasksSpec
from goldlabel.controls.polygons import Polygons, PolygonsSpec
from goldlabel.controls.ranking import Ranking, RankingSpec
from goldlabel.controls.rating import Rating, RatingSpec
from goldlabel.controls.segments import Segments, SegmentsSpec
from goldlabel.controls.spans import Spans, SpansSpec
from goldlabel.controls.text import Text, TextSpec
from goldlabel.controls.tracks import Tracks, TracksSpec

#: A control type whose spec and value types are not known statically (looked up by name).
AnyControlType = ControlType[Any, Any]

AnySpec = (
    ChoicesSpec
    | RatingSpec
    | SpansSpec
    | TextSpec
    | BoxesSpec
    | PolygonsSpec
    | MasksSpec
    | KeypointsSpec
    | SegmentsSpec
    | TracksSpec
    | RankingSpec
)

CONTROL_TYPES: dict[str, AnyControlType] = {
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


def control_type(name: str) -> AnyControlType:
    try:
        return CONTROL_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown control type {name!r}; known: {sorted(CONTROL_TYPES)}") from None


def type_of(spec: ControlSpec) -> AnyControlType:
    """The control type of a validated spec."""
    return CONTROL_TYPES[spec.type]
