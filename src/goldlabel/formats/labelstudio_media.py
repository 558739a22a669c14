"""Label Studio's image and video regions to goldlabel's: rectangles, polygons, brushes, keypoints
(grouped into poses) and video rectangles (keyframes to every frame), in pixels.

Coordinates are percentages of the image (``labelstudio_values.percent``, refused outside
0-100%), turned into pixels with the image's size (the result's, the task's or the project's
measured file, else refused). A rectangle overhanging the image's edge, which Label Studio
allows, is cut at the edge; a rotated one is refused (goldlabel's boxes are axis-aligned).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from goldlabel.core.limits import MAX_TRACK_BOXES_PER_CONTROL
from goldlabel.formats.labelstudio_values import (
    ResultError,
    Target,
    image_size,
    labels_of,
    number,
    percent,
    region_id,
    to_pixels,
)


def _clipped(value: Mapping[str, Any]) -> list[float]:
    """A rectangle's [x, y, width, height] in percent. Label Studio lets a box overhang the
    image's edge (its own samples do); goldlabel's boxes lie within the image, so the overhang
    is cut off at the edge."""
    if abs(number(value, "rotation") if "rotation" in value and value["rotation"] is not None else 0) > 1e-9:
        raise ResultError("the rectangle is rotated; goldlabel boxes are axis-aligned")
    x, y = percent(value, "x"), percent(value, "y")
    width, height = min(percent(value, "width"), 100 - x), min(percent(value, "height"), 100 - y)
    if width <= 0 or height <= 0:
        raise ResultError("the rectangle has no area inside the image")
    return [x, y, width, height]


def box(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    w, h = image_size(spec, result, target)
    x, y, width, height = _clipped(value)
    box = {
        "x": to_pixels(x, w),
        "y": to_pixels(y, h),
        "width": to_pixels(width, w),
        "height": to_pixels(height, h),
    }
    return [
        {**region_id(result, f"-{k}" if k else ""), **box, "label": label}
        for k, label in enumerate(labels_of(value, "rectanglelabels"))
    ]


def polygon(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    w, h = image_size(spec, result, target)
    points = value["points"]
    if not isinstance(points, list) or not all(isinstance(p, list) and len(p) == 2 for p in points):
        raise ResultError("'points' must be a list of [x, y] percentages")
    pixels = [
        [to_pixels(percent({"x": p[0]}, "x"), w), to_pixels(percent({"y": p[1]}, "y"), h)] for p in points
    ]
    labels = labels_of(value, "polygonlabels")
    return [
        {**region_id(result, f"-{k}" if k else ""), "points": pixels, "label": label}
        for k, label in enumerate(labels)
    ]


def mask(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    from goldlabel.formats.labelstudio_brush import decode_brush
    from goldlabel.quality.geometry.rle import rle_encode

    if value.get("format", "rle") != "rle" or not isinstance(value.get("rle"), list):
        raise ResultError("a brush result needs 'rle' (Label Studio's run-length encoding)")
    w, h = image_size(spec, result, target)
    if not (w.is_integer() and h.is_integer()):
        raise ResultError(f"a mask needs a whole-pixel image size, not {w:g}×{h:g}")
    mask = decode_brush(value["rle"], int(h), int(w))
    rle = rle_encode(mask)
    rle["counts"] = rle["counts"].decode("ascii")
    labels = labels_of(value, "brushlabels")
    return [
        {**region_id(result, f"-{k}" if k else ""), "rle": rle, "label": label}
        for k, label in enumerate(labels)
    ]


def keypoint(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    """One placed point; ``group_poses`` assembles the control's points into poses."""
    w, h = image_size(spec, result, target)
    names = labels_of(value, "keypointlabels")
    if len(names) != 1 or names[0] not in spec.points:
        raise ResultError(f"a keypoint names one of the points {spec.points}, not {names}")
    xy = [to_pixels(percent(value, "x"), w), to_pixels(percent(value, "y"), h)]
    return [{"_point": names[0], "_xy": xy, **region_id(result)}]


def group_poses(spec: Any, points: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Label Studio places each named point on its own: in result order, the points make one
    pose until a point name comes again, which starts the next pose. Points a pose lacks are
    unplaced (visible 0); placed ones are visible (2): Label Studio has no hidden points."""
    if len(spec.labels) != 1:
        raise ResultError(
            f"keypoints control {spec.name!r} has several labels {spec.labels}; Label Studio's "
            "keypoints carry only point names, so the pose's label cannot be told"
        )
    poses: list[dict[str, Any]] = []
    current: dict[str, list[float]] = {}
    first_id: dict[str, str] = {}

    def close() -> None:
        if current:
            pts = [[*current[n], 2] if n in current else [0, 0, 0] for n in spec.points]
            poses.append({**first_id, "points": pts, "label": spec.labels[0]})

    for point in points:
        if point["_point"] in current:
            close()
            current, first_id = {}, {}
        if not current and "id" in point:
            first_id = {"id": point["id"]}
        current[point["_point"]] = point["_xy"]
    close()
    return poses


def track(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    """Keyframes (1-based frame numbers, percent boxes) to every frame (0-based, pixels):
    linear between a keyframe and the next while it is ``enabled``, and after the last enabled
    keyframe up to the video's end (``framesCount``), as Label Studio's editor draws them."""
    w, h = image_size(spec, result, target)
    sequence = value["sequence"]
    if not isinstance(sequence, list) or not sequence:
        raise ResultError("'sequence' must be a non-empty list of keyframes")
    if not isinstance(result.get("id"), str | int) or isinstance(result.get("id"), bool):
        raise ResultError("a video rectangle needs its 'id': it is the track's id")
    # one keyframe per frame (a repeated frame number: the later entry wins), in frame order
    by_frame = {
        int(number(k, "frame")) - 1: (_clipped(k), k.get("enabled", True) is not False) for k in sequence
    }
    keys = sorted((frame, box, enabled) for frame, (box, enabled) in by_frame.items())
    if keys[0][0] < 0:
        raise ResultError("keyframe numbers start at 1")
    total = value.get("framesCount") or target.data.get(f"{spec.field}_frames")
    frames: list[dict[str, Any]] = []
    for i, (frame, box, enabled) in enumerate(keys):
        nxt = keys[i + 1] if i + 1 < len(keys) else None
        stop = (
            nxt[0]
            if nxt is not None
            else (int(total) if enabled and isinstance(total, int | float) else frame + 1)
        )
        for f in range(frame, max(stop, frame + 1) if enabled else frame + 1):
            t = (f - frame) / (nxt[0] - frame) if nxt is not None and nxt[0] > frame else 0.0
            pct = [a + (b - a) * t for a, b in zip(box, nxt[1], strict=True)] if nxt is not None else box
            frames.append(
                {
                    "frame": f,
                    "x": to_pixels(pct[0], w),
                    "y": to_pixels(pct[1], h),
                    "width": to_pixels(pct[2], w),
                    "height": to_pixels(pct[3], h),
                    **({"keyframe": True} if f == frame else {}),
                }
            )
            if len(frames) > MAX_TRACK_BOXES_PER_CONTROL:
                raise ResultError(f"the track spans more than {MAX_TRACK_BOXES_PER_CONTROL} frames")
    labels = labels_of(value, "labels")
    track_id = str(result["id"])
    return [
        {
            **region_id(result, f"-{k}" if k else ""),
            "track_id": track_id if not k else f"{track_id}-{k}",
            "frames": frames,
            "label": label,
        }
        for k, label in enumerate(labels)
    ]
