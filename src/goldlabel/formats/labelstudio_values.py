"""What converting Label Studio results needs whatever their type: the target a task's results
are converted for, the error naming a result, and the checked readers of ids, labels, numbers,
percentages and image sizes that ``labelstudio_results`` and ``labelstudio_media`` share."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from goldlabel.controls._media import media_size
from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import ProjectSchema

#: Coordinates a hair beyond 0-100% are float noise of Label Studio's editor, clamped.
PERCENT_SLACK = 1e-6
#: Pixels computed from percentages are rounded to this many decimals, so whole pixels
#: written as percentages come back whole (37 -> 5.78125% -> 37.0, not 37.00000000000001).
PIXEL_DECIMALS = 6
_UPLOAD_PREFIX = re.compile(r"^[0-9a-f]{8}-")
_REGION_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")

SizeLookup = Callable[[str], tuple[float, float] | None]


class ResultError(ValueError):
    """A Label Studio result that does not fit the schema; the message names the result."""


@dataclass(frozen=True, slots=True)
class Target:
    """What converting one task's results needs: the schema, the task's data, and the project's
    measured media sizes (by file name or URL)."""

    schema: ProjectSchema
    data: Mapping[str, Any]
    media_size: SizeLookup


def labels_of(value: Mapping[str, Any], key: str) -> list[str]:
    labels = value[key]
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise ResultError(f"{key!r} must be a non-empty list of label names")
    return labels


def region_id(result: Mapping[str, Any], suffix: str = "") -> dict[str, str]:
    """The result's id as the region's (kept when it is a valid region id, else the server
    draws one)."""
    rid = f"{result.get('id')}{suffix}"
    return {"id": rid} if isinstance(result.get("id"), str) and _REGION_ID.match(rid) else {}


def number(value: Mapping[str, Any], key: str) -> float:
    """``value[key]`` as a finite float (a JSON number; never a bool, a string, NaN or inf)."""
    v = value[key]
    if isinstance(v, bool) or not isinstance(v, int | float) or abs(v) > 1e300 or not math.isfinite(v):
        raise ResultError(f"{key!r} must be a number")
    return float(v)


def percent(value: Mapping[str, Any], key: str) -> float:
    v = number(value, key)
    if not -PERCENT_SLACK <= v <= 100 + PERCENT_SLACK:
        raise ResultError(f"{key!r} is {v:g}%, outside 0-100%")
    return min(max(v, 0.0), 100.0)


def to_pixels(pct: float, size: float) -> float:
    return round(pct * size / 100, PIXEL_DECIMALS)


def original_name(url: str) -> str:
    """The file name a Label Studio upload URL stands for: Label Studio stores an uploaded file
    as ``/data/upload/<project>/<8 hex digits>-<name>``, so the project's media is found by the
    name the user uploaded."""
    base = url.rsplit("/", 1)[-1].rsplit("=", 1)[-1]
    return _UPLOAD_PREFIX.sub("", base, count=1)


def image_size(spec: ControlSpec, result: Mapping[str, Any], target: Target) -> tuple[float, float]:
    """(width, height) in pixels: the result's ``original_width``/``original_height``, else the
    task's ``<field>_width``/``<field>_height``, else the project's measured file (by the URL,
    or by the name Label Studio's upload URL stands for)."""
    w, h = result.get("original_width"), result.get("original_height")
    if all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in (w, h)):
        return float(w), float(h)  # type: ignore[arg-type]
    size = media_size(target.data, spec.field)
    url = target.data.get(spec.field)
    if size is None and isinstance(url, str):
        size = target.media_size(url) or target.media_size(original_name(url))
    if size is None:
        raise ResultError(
            f"the size of image {url!r} is unknown: the result has no original_width/original_height, "
            f"the task no {spec.field}_width/{spec.field}_height, and the project holds no measured "
            "file of that name; upload the images first or add their size"
        )
    return size
