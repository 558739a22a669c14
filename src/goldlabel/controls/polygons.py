"""Polygons: labelled outlines on an image (instance segmentation by vertices).

A polygon is ``{points: [[x, y], ...], label}`` with at least three vertices in image
pixels from the top-left corner (COCO's convention). Self-intersecting outlines are allowed:
the quality library measures the area they enclose.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field, TypeAdapter

from goldlabel.controls._media import MatchedSpec, Point, check_label, check_points, media_size, medoid
from goldlabel.controls.base import Consensus, ControlValueError, Stored, ValidationContext
from goldlabel.controls.regions import Region, RegionControlType, without_ids
from goldlabel.core.limits import MAX_SHAPES_PER_CONTROL, MAX_VERTICES_PER_CONTROL

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.
if TYPE_CHECKING:
    from goldlabel.quality.geometry import Polygons as PolygonSet


class PolygonsSpec(MatchedSpec):
    type: Literal["polygons"] = "polygons"


class Polygon(Region):
    points: list[Point] = Field(min_length=3)


def as_polygon_set(value: Sequence[dict[str, Any]]) -> PolygonSet:
    from goldlabel.quality.geometry import (
        Polygons as PolygonSet,
    )

    return PolygonSet([np.asarray(p["points"], dtype=np.float64) for p in value], [p["label"] for p in value])


class Polygons(RegionControlType[PolygonsSpec, Polygon]):
    type_name = "polygons"
    spec_model = PolygonsSpec
    value_adapter: TypeAdapter[list[Polygon]] = TypeAdapter(list[Polygon])
    field_kinds = frozenset({"image"})

    def describe_value(self, spec: PolygonsSpec) -> str:
        return "a list of polygons {points: [[x, y], ...] (3 or more, pixels from the top-left), label}"

    def check(self, spec: PolygonsSpec, value: list[Polygon], ctx: ValidationContext) -> list[Polygon]:
        from goldlabel.quality.geometry import polygon_iou

        if len(value) > MAX_SHAPES_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_SHAPES_PER_CONTROL} polygons")
        if sum(len(p.points) for p in value) > MAX_VERTICES_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_VERTICES_PER_CONTROL} vertices in all")
        size = media_size(ctx.data, spec.field)
        for i, polygon in enumerate(value):
            check_label(spec, polygon.label, f"polygon {i}")
            check_points(polygon.points, size, f"polygon {i}")
            if polygon_iou(polygon.points, polygon.points) == 0.0:  # zero area: matches nothing
                raise ControlValueError(f"polygon {i} encloses no area")
        return value

    def score(self, spec: PolygonsSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        """Label-aware one-to-one matching on polygon area IoU.

        An answer equal to the reference is perfect by definition; GEOS can put the IoU of a
        repaired (self-intersecting) outline with itself an ulp below 1, so we say so exactly.
        """
        from goldlabel.quality.geometry import (
            score_polygons,
        )

        result = score_polygons(as_polygon_set(pred), as_polygon_set(ref), iou_threshold=spec.iou_threshold)
        if without_ids(pred) == without_ids(ref) and result.f1 == 1.0:
            result = dataclasses.replace(result, score=1.0, mean_iou=1.0)
        return result

    def distance(self, spec: PolygonsSpec, a: Stored, b: Stored) -> float:
        """1 - the match score; exactly 0 for equal answers (GEOS areas can miss by an ulp)."""
        from goldlabel.quality.geometry import (
            polygons_distance,
        )

        if without_ids(a) == without_ids(b):
            return 0.0
        return polygons_distance(as_polygon_set(a), as_polygon_set(b), iou_threshold=spec.iou_threshold)

    def aggregate(self, spec: PolygonsSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """The medoid answer: averaging outlines with different vertex counts has no meaning."""
        return medoid(values, lambda a, b: self.distance(spec, a, b))
