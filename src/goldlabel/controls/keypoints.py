"""Keypoints: poses made of named points on an image (e.g. a person's joints).

A pose is ``{points: [[x, y, visible], ...], label}`` with one entry per name in the
spec's ``points``, in that order, pixels from the image's top-left corner. ``visible``
follows COCO: 0 not placed (x, y ignored), 1 placed but hidden, 2 visible. Scored by COCO's
object keypoint similarity (OKS) with per-point ``sigmas`` (how loosely a point may be
placed, relative to the object's size).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import Field, TypeAdapter, field_validator, model_validator

from goldlabel.controls._media import Number, check_label, check_points, media_size, medoid
from goldlabel.controls.base import Consensus, ControlValueError, LabelledSpec, Stored, ValidationContext
from goldlabel.controls.regions import Region, RegionControlType
from goldlabel.core.limits import MAX_KEYPOINTS_PER_POSE, MAX_SHAPES_PER_CONTROL

#: COCO's person keypoints; a spec naming exactly these gets COCO's sigmas by default.
COCO_PERSON_POINTS = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
    "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip

# goldlabel.quality (numpy/scipy/shapely/jiwer) is imported inside the methods that use it, so the
# server starts and idles without loading it.
if TYPE_CHECKING:
    from goldlabel.quality.geometry import Poses
#: Lines a skeleton may draw: every pair of points at most, within a sane bound.
MAX_SKELETON_EDGES = MAX_KEYPOINTS_PER_POSE * 4
#: Sigma for points of unknown kind: between COCO's face points (0.025) and hips (0.107).
DEFAULT_SIGMA = 0.05


class KeypointsSpec(LabelledSpec):
    type: Literal["keypoints"] = "keypoints"
    points: list[str] = Field(min_length=1, max_length=MAX_KEYPOINTS_PER_POSE)
    sigmas: list[float] | None = None
    # OKS at which a pose counts as matching a reference pose (COCO reports 0.5 and 0.75).
    oks_threshold: float = Field(default=0.5, gt=0.0, le=1.0)
    # Pairs of point names the UI joins with a line (COCO's ``skeleton``, by name rather than
    # 1-based index so it reads on its own and survives reordering the points).
    # (A list of 2-lists, not tuples: OpenAPI's request and response shapes of a tuple differ.)
    skeleton: list[Annotated[list[str], Field(min_length=2, max_length=2)]] | None = Field(
        default=None, max_length=MAX_SKELETON_EDGES
    )

    @field_validator("points")
    @classmethod
    def _unique_points(cls, value: list[str]) -> list[str]:
        if any(not p.strip() for p in value) or len(set(value)) != len(value):
            raise ValueError("points must be unique non-empty names")
        return value

    @model_validator(mode="after")
    def _sigmas(self) -> KeypointsSpec:
        if self.sigmas is not None and (
            len(self.sigmas) != len(self.points) or not all(0 < s <= 10 for s in self.sigmas)
        ):
            raise ValueError(f"sigmas must be {len(self.points)} positive numbers, one per point")
        return self

    @model_validator(mode="after")
    def _skeleton(self) -> KeypointsSpec:
        names = set(self.points)
        for a, b in self.skeleton or ():
            unknown = [n for n in (a, b) if n not in names]
            if unknown:
                raise ValueError(f"skeleton names unknown points {unknown}; the points are {self.points}")
            if a == b:
                raise ValueError(f"skeleton joins {a!r} to itself")
        return self

    def effective_sigmas(self) -> np.ndarray:
        from goldlabel.quality.geometry import (
            COCO_PERSON_SIGMAS,
        )

        if self.sigmas is not None:
            return np.asarray(self.sigmas, dtype=np.float64)
        if tuple(self.points) == COCO_PERSON_POINTS:
            return COCO_PERSON_SIGMAS
        return np.full(len(self.points), DEFAULT_SIGMA)


class Pose(Region):
    points: list[list[Number]]


def as_poses(value: Sequence[dict[str, Any]], k: int) -> Poses:
    """Stored poses as (n, k, 3) arrays; unplaced points become NaN, which OKS scores 0."""
    from goldlabel.quality.geometry import Poses

    arr = np.array([p["points"] for p in value], dtype=np.float64).reshape(-1, k, 3)
    arr[..., :2][arr[..., 2] == 0] = np.nan
    return Poses(arr, [p["label"] for p in value])


class Keypoints(RegionControlType[KeypointsSpec, Pose]):
    type_name = "keypoints"
    spec_model = KeypointsSpec
    value_adapter: TypeAdapter[list[Pose]] = TypeAdapter(list[Pose])
    field_kinds = frozenset({"image"})

    def describe_value(self, spec: KeypointsSpec) -> str:
        return (
            f"a list of poses {{points: [[x, y, visible], ...] for {spec.points}, label}} "
            "in pixels from the image's top-left corner, visible 0/1/2"
        )

    def check(self, spec: KeypointsSpec, value: list[Pose], ctx: ValidationContext) -> list[Pose]:
        if len(value) > MAX_SHAPES_PER_CONTROL:
            raise ControlValueError(f"at most {MAX_SHAPES_PER_CONTROL} poses")
        size = media_size(ctx.data, spec.field)
        for i, pose in enumerate(value):
            what = f"pose {i}"
            check_label(spec, pose.label, what)
            if len(pose.points) != len(spec.points):
                raise ControlValueError(
                    f"{what} has {len(pose.points)} points; expected {len(spec.points)}: {spec.points}"
                )
            for name, point in zip(spec.points, pose.points, strict=True):
                if len(point) != 3 or point[2] not in (0, 1, 2):
                    raise ControlValueError(
                        f"{what}, point {name!r}: expected [x, y, visible] with visible 0, 1 or 2"
                    )
            placed = [p[:2] for p in pose.points if p[2]]
            if not placed:
                raise ControlValueError(f"{what} has no placed point (every visible flag is 0)")
            check_points(placed, size, what)
        return value

    def score(self, spec: KeypointsSpec, pred: Stored, ref: Stored, data: Mapping[str, Any]) -> Any:
        """One-to-one OKS matching, as in COCO keypoint evaluation; areas from the reference."""
        from goldlabel.quality.geometry import (
            score_keypoints,
        )

        k = len(spec.points)
        return score_keypoints(
            as_poses(pred, k),
            as_poses(ref, k),
            sigmas=spec.effective_sigmas(),
            oks_threshold=spec.oks_threshold,
        )

    def distance(self, spec: KeypointsSpec, a: Stored, b: Stored) -> float:
        from goldlabel.quality.geometry import (
            keypoints_distance,
        )

        k = len(spec.points)
        return keypoints_distance(
            as_poses(a, k), as_poses(b, k), sigmas=spec.effective_sigmas(), oks_threshold=spec.oks_threshold
        )

    def aggregate(self, spec: KeypointsSpec, values: Sequence[Stored], data: Mapping[str, Any]) -> Consensus:
        """The medoid answer: keeps each pose's points placed by one consistent annotator."""
        return medoid(values, lambda a, b: self.distance(spec, a, b))

    def fits(self, spec: KeypointsSpec, value: Stored) -> bool:
        return all(len(pose["points"]) == len(spec.points) for pose in value)
