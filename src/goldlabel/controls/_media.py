"""What the media control types (boxes, polygons, masks, keypoints, segments, tracks) share.

Kept private to ``controls``: a labelled spec, strict coordinates, the media size or duration
an item may declare next to its media field, bounds checks and the medoid consensus. Each
type module stays small and still owns everything about its own answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

from pydantic import Field

from goldlabel.controls.base import Consensus, ControlValueError, LabelledSpec

#: A coordinate or time: a JSON number (ints accepted), never a string, bool, NaN or inf.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
#: A point ``[x, y]`` in pixels.
Point = Annotated[list[Number], Field(min_length=2, max_length=2)]


class MatchedSpec(LabelledSpec):
    """A labelled control scored by one-to-one matching at an overlap threshold."""

    # Overlap (IoU; OKS for poses) at which two objects count as the same one.
    iou_threshold: float = Field(default=0.5, gt=0.0, le=1.0)


def check_label(spec: LabelledSpec, label: str, what: str) -> None:
    if label not in spec.labels:
        raise ControlValueError(f"{what}: unknown label {label!r}; allowed: {spec.labels}")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        return None
    return float(value)


def media_size(data: Mapping[str, Any], field: str) -> tuple[float, float] | None:
    """(width, height) in pixels if the item declares them, else None.

    Media fields hold a URL, so an item states its size beside it: ``<field>_width`` and
    ``<field>_height`` (several images per item), or plain ``width`` and ``height``. Only
    then can we tell a shape that leaves the picture from one that does not.
    """
    for wk, hk in ((f"{field}_width", f"{field}_height"), ("width", "height")):
        width, height = _number(data.get(wk)), _number(data.get(hk))
        if width is not None and height is not None:
            return width, height
    return None


def media_duration(data: Mapping[str, Any], field: str) -> float | None:
    """Seconds of audio/video if the item declares ``<field>_duration`` or ``duration``."""
    for key in (f"{field}_duration", "duration"):
        value = _number(data.get(key))
        if value is not None:
            return value
    return None


def check_points(points: Sequence[Sequence[float]], size: tuple[float, float] | None, what: str) -> None:
    """Pixel coordinates start at the image's top-left corner: never negative, and within
    the declared width and height when the item declares them."""
    for x, y in points:
        if x < 0 or y < 0:
            raise ControlValueError(f"{what}: point ({x:g}, {y:g}) has a negative coordinate")
        if size is not None and (x > size[0] or y > size[1]):
            raise ControlValueError(
                f"{what}: point ({x:g}, {y:g}) is outside the {size[0]:g}×{size[1]:g} image"
            )


def check_box(
    x: float, y: float, width: float, height: float, size: tuple[float, float] | None, what: str
) -> None:
    if width <= 0 or height <= 0:
        raise ControlValueError(f"{what}: width and height must be positive, got {width:g}×{height:g}")
    check_points([(x, y), (x + width, y + height)], size, what)


def medoid(values: Sequence[Any], distance: Callable[[Any, Any], float]) -> Consensus:
    """The answer with the least total distance to the others (ties: the first).

    For shapes with no meaningful average (a mask, a polygon, a whole pose set, a track
    set) picking the most central real answer keeps the consensus a valid answer.
    Confidence is 1 - its mean distance to the others.
    """
    n = len(values)
    if n == 0:
        raise ValueError("need at least one answer to aggregate")
    if n == 1:
        return Consensus(value=values[0], confidence=1.0)
    totals = [0.0] * n
    for i in range(n):
        for j in range(i + 1, n):
            d = distance(values[i], values[j])
            totals[i] += d
            totals[j] += d
    best = min(range(n), key=lambda i: (totals[i], i))
    return Consensus(value=values[best], confidence=max(0.0, 1.0 - totals[best] / (n - 1)))


def agreement_with(values: Sequence[Any], consensus: Any, distance: Callable[[Any, Any], float]) -> float:
    """1 - the mean distance of the answers to a built consensus: how well it speaks for them."""
    if not values:
        return 1.0
    return max(0.0, 1.0 - sum(distance(v, consensus) for v in values) / len(values))
