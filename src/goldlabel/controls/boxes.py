"""Boxes: labelled axis-aligned rectangles on an image (object detection).

A box is ``{x, y, width, height, label}`` in image pixels, ``(x, y)`` its top-left corner,
the origin the image's top-left corner, y growing downwards: COCO's ``bbox`` convention, so
answers export to COCO unchanged and score exactly like pycocotools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import TypeAdapter

from goldlabel.controls._media import MatchedSpec, Number, agreement_with, check_box, check_label, media_size
from goldlabel.controls.base import Consensus, ControlValueError, Stored, ValidationContext
from goldlabel.controls.regions import Region, RegionControlType
from goldlabel.core.limits import MAX_SHAPES_PER_CONTROL

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.
if TYPE_CHECKING:
    from goldlabel.quality.geometry import Boxes as BoxSet


class BoxesSpec(MatchedSpec):
    type: Literal["boxes"] = "boxes"


class Box(Region):
    x: Number
    y: Number
    width: Number
    height: Number


def as_box_set(value: Sequence[dict[str, Any]]) -> BoxSet:
    """Stored boxes as the quality library's (xywh, labels) input."""
    from goldlabel.quality.geometry import Boxes as BoxSet

    xywh = np.array([[b["x"], b["y"], b["width"], b["height"]] for b in value], dtype=np.float64)
    return BoxSet(xywh.reshape(-1, 4), [b["label"] for b in value])


class Boxes(RegionControlType[BoxesSpec, Box]):
    type_name = "boxes"
    spec_model = BoxesSpec
    value_adapter: TypeAdapter[list[Box]] = TypeAdapter(list[Box])
    field_kinds = frozenset({"image"})

    def describe_value(self, spec: BoxesSpec) -> str:
        return "a list of boxes {x, y, width, height, label} in pixels from the image's top-left corner"

    def check(self, spec: BoxesSpec, value: list[Box], ctx: ValidationContext) -> list[Box]:
        if len(value) > MAX_SHAPES_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_SHAPES_PER_CONTROL} boxes")
        size = media_size(ctx.data, spec.field)
        for i, box in enumerate(value):
            check_label(spec, box.label, f"box {i}")
            check_box(box.x, box.y, box.width, box.height, size, f"box {i}")
        return value

    def score(self, spec: BoxesSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        """Label-aware one-to-one IoU matching; the score rewards finding and fitting boxes."""
        from goldlabel.quality.geometry import score_boxes

        return score_boxes(as_box_set(pred), as_box_set(ref), iou_threshold=spec.iou_threshold)

    def distance(self, spec: BoxesSpec, a: Stored, b: Stored) -> float:
        from goldlabel.quality.geometry import (
            boxes_distance,
        )

        return boxes_distance(as_box_set(a), as_box_set(b), iou_threshold=spec.iou_threshold)

    def aggregate(self, spec: BoxesSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """Cluster the boxes by IoU and fuse each cluster a majority of annotators drew.

        Unlike a medoid this builds boxes no one drew exactly (their fused average), which is
        what a consensus box should be; confidence is the annotators' mean agreement with it.
        """
        from goldlabel.quality.geometry import (
            cluster_boxes,
        )

        merged = cluster_boxes([as_box_set(v) for v in values], iou_threshold=spec.iou_threshold)
        boxes = [
            {"x": b.xywh[0], "y": b.xywh[1], "width": b.xywh[2], "height": b.xywh[3], "label": b.label}
            for b in merged.boxes
        ]
        confidence = agreement_with(values, boxes, lambda a, b: self.distance(spec, a, b))
        return Consensus(value=boxes, confidence=confidence)
