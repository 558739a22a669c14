"""Masks: labelled pixel masks on an image (brush / semantic segmentation).

A mask is ``{rle: {size: [height, width], counts}, label}``: COCO's run-length encoding
(column-major runs starting with background; ``counts`` a list of run lengths or
pycocotools' compact string), so answers round-trip with COCO files and pycocotools. Kept
encoded end to end: the quality library compares masks from their runs without decoding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, TypeAdapter

from goldlabel.controls._media import MatchedSpec, check_label, media_size, medoid
from goldlabel.controls.base import Consensus, ControlValueError, Stored, ValidationContext
from goldlabel.controls.regions import Region, RegionControlType
from goldlabel.core.limits import MAX_MASK_PIXELS, MAX_RLE_COUNTS_CHARS, MAX_SHAPES_PER_CONTROL

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.
if TYPE_CHECKING:
    from goldlabel.quality.geometry import Masks as MaskSet


class MasksSpec(MatchedSpec):
    type: Literal["masks"] = "masks"


class CocoRle(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    size: list[StrictInt] = Field(min_length=2, max_length=2)
    counts: StrictStr | list[StrictInt]


class Mask(Region):
    rle: CocoRle


def as_mask_set(value: Sequence[dict[str, Any]]) -> MaskSet:
    from goldlabel.quality.geometry import (
        Masks as MaskSet,
    )

    return MaskSet([m["rle"] for m in value], [m["label"] for m in value])


def _sizes(*values: Sequence[dict[str, Any]]) -> set[tuple[int, int]]:
    return {(m["rle"]["size"][0], m["rle"]["size"][1]) for v in values for m in v}


class Masks(RegionControlType[MasksSpec, Mask]):
    type_name = "masks"
    spec_model = MasksSpec
    value_adapter: TypeAdapter[list[Mask]] = TypeAdapter(list[Mask])
    field_kinds = frozenset({"image"})

    def describe_value(self, spec: MasksSpec) -> str:
        return "a list of masks {rle: {size: [height, width], counts}, label} (COCO run-length encoding)"

    def check(self, spec: MasksSpec, value: list[Mask], ctx: ValidationContext) -> list[Mask]:
        from goldlabel.quality.geometry import rle_area

        if len(value) > MAX_SHAPES_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_SHAPES_PER_CONTROL} masks")
        size = media_size(ctx.data, spec.field)
        first: list[int] | None = None
        for i, mask in enumerate(value):
            what = f"mask {i}"
            check_label(spec, mask.label, what)
            height, width = mask.rle.size
            if height <= 0 or width <= 0 or height * width > MAX_MASK_PIXELS:
                raise ControlValueError(
                    f"{what}: size must be [height, width], positive and at most {MAX_MASK_PIXELS} pixels"
                )
            if len(mask.rle.counts) > MAX_RLE_COUNTS_CHARS:
                raise ControlValueError(f"{what}: counts are too long")
            if size is not None and (width, height) != size:
                raise ControlValueError(
                    f"{what}: size [{height}, {width}] differs from the image's [{size[1]:g}, {size[0]:g}]"
                )
            if first is not None and mask.rle.size != first:
                raise ControlValueError(f"{what}: size {mask.rle.size} differs from mask 0's {first}")
            first = mask.rle.size
            try:
                area = rle_area(mask.rle.model_dump())
            except ValueError as exc:
                raise ControlValueError(f"{what}: {exc}") from None
            if area == 0:
                raise ControlValueError(f"{what} is empty")
        return value

    def score(self, spec: MasksSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        """Label-aware one-to-one matching on mask IoU (computed from the runs)."""
        from goldlabel.quality.geometry import score_masks

        if len(_sizes(pred, ref)) > 1:
            raise ControlValueError(f"masks of sizes {sorted(_sizes(pred, ref))} cannot be compared")
        return score_masks(as_mask_set(pred), as_mask_set(ref), iou_threshold=spec.iou_threshold)

    def distance(self, spec: MasksSpec, a: Stored, b: Stored) -> float:
        """1 - the match score; answers drawn at different image sizes are as far apart as can be."""
        from goldlabel.quality.geometry import (
            masks_distance,
        )

        if len(_sizes(a, b)) > 1:
            return 1.0
        return masks_distance(as_mask_set(a), as_mask_set(b), iou_threshold=spec.iou_threshold)

    def aggregate(self, spec: MasksSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """The medoid answer: an actual annotator's masks, so instances stay whole."""
        return medoid(values, lambda a, b: self.distance(spec, a, b))
