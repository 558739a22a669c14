"""Label Studio result lists to goldlabel answers: one control's value per ``from_name``.

Label Studio keeps an annotation as a flat list of results, one per region or per answer, each
``{id, from_name, to_name, type, value, original_width?, original_height?, score?}``. Here the
results of one annotation or prediction become one goldlabel result (control name -> stored
value, see controls/<type>.py): a region control's results merge into its list of regions,
coordinates in percent become pixels, Label Studio's brush RLE becomes COCO RLE, frame-numbered
video keyframes become explicit 0-based frames.

Nothing is dropped without saying so: a result naming a control the schema lacks, of a type the
control cannot hold (``relation``, ``ranker``, ``taxonomy`` …), with a coordinate outside 0-100%
or an image of unknown size raises ``ResultError`` naming the result; the reader adds the task.
The exception: a ``textarea`` result that carries a segment's id (Label Studio's per-region
transcript) becomes that segment's ``text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from goldlabel.controls._media import media_size
from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.limits import MAX_TRACK_BOXES_PER_CONTROL

#: Label Studio result types each goldlabel control type reads.
LS_TYPES: dict[str, frozenset[str]] = {
    "choices": frozenset({"choices"}),
    "rating": frozenset({"rating"}),
    "text": frozenset({"textarea"}),
    "spans": frozenset({"labels"}),
    "segments": frozenset({"labels", "timelinelabels"}),
    "boxes": frozenset({"rectanglelabels"}),
    "polygons": frozenset({"polygonlabels"}),
    "masks": frozenset({"brushlabels"}),
    "keypoints": frozenset({"keypointlabels"}),
    "tracks": frozenset({"videorectangle"}),
}
#: Coordinates a hair beyond 0-100% are float noise of Label Studio's editor, clamped.
PERCENT_SLACK = 1e-6
#: Pixels computed from percentages are rounded to this many decimals, so whole pixels
#: written as percentages come back whole (37 -> 5.78125% -> 37.0, not 37.00000000000001).
PIXEL_DECIMALS = 6
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


def convert_results(results: Any, target: Target) -> tuple[dict[str, Any], dict[str, float]]:
    """(goldlabel result, mean Label Studio ``score`` per control where results carry one)."""
    if not isinstance(results, list):
        raise ResultError("'result' must be a list of results")
    specs = {spec.name: spec for spec in target.schema.controls}
    out: dict[str, Any] = {}
    scores: dict[str, list[float]] = {}
    transcripts: list[tuple[str, dict[str, Any]]] = []
    for result in results:
        if not isinstance(result, dict):
            raise ResultError("each result must be an object")
        name, kind = result.get("from_name"), result.get("type")
        what = f"result {result.get('id')!r} ({kind}, from_name {name!r})"
        spec = specs.get(name) if isinstance(name, str) else None
        if spec is None and kind == "textarea":
            transcripts.append((what, result))
            continue
        try:
            if kind == "relation":
                raise ResultError(
                    "relations between regions are not supported yet: remove the relation results "
                    "to import the regions without them"
                )
            if spec is None:
                known = sorted(specs)
                raise ResultError(f"the schema has no control named {name!r}; its controls: {known}")
            if kind not in LS_TYPES.get(spec.type, ()):
                allowed = sorted(LS_TYPES.get(spec.type, ()))
                raise ResultError(f"a {spec.type} control cannot hold a {kind!r} result (it reads {allowed})")
            value = result.get("value")
            if not isinstance(value, dict):
                raise ResultError("'value' must be an object")
            _merge(out, spec, _CONVERT[spec.type](spec, result, value, target))
        except (ResultError, KeyError, TypeError, ValueError) as exc:
            raise ResultError(f"{what}: {_reason(exc)}") from None
        score = result.get("score")
        if isinstance(score, int | float) and not isinstance(score, bool):
            scores.setdefault(spec.name, []).append(float(score))
    for name, value in out.items():
        if specs[name].type == "keypoints":
            out[name] = group_poses(specs[name], value)
    for what, result in transcripts:
        _transcript(out, specs, what, result)
    return out, {name: sum(s) / len(s) for name, s in scores.items()}


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"the value lacks {exc.args[0]!r}"
    return str(exc)


def _merge(out: dict[str, Any], spec: ControlSpec, value: Any) -> None:
    if isinstance(value, list) and spec.type not in ("choices",):
        out.setdefault(spec.name, []).extend(value)
        return
    if spec.name in out:
        raise ResultError(
            f"control {spec.name!r} takes one answer and the annotation holds several "
            "(per-region answers are not supported)"
        )
    out[spec.name] = value


def _transcript(out: dict[str, Any], specs: Mapping[str, ControlSpec], what: str, result: Any) -> None:
    """A per-region ``textarea``: the text of the segment with its id."""
    rid = result.get("id")
    for spec in specs.values():
        if spec.type != "segments":
            continue
        for segment in out.get(spec.name) or ():
            if segment.get("id") == rid:
                segment["text"] = _text(result.get("value") or {})
                return
    raise ResultError(
        f"{what}: the schema has no control named {result.get('from_name')!r}, and no segment "
        "has this result's id (a per-region transcript)"
    )


def _text(value: Mapping[str, Any]) -> str:
    lines = value["text"]
    if isinstance(lines, str):
        return lines
    if not isinstance(lines, list) or not all(isinstance(t, str) for t in lines):
        raise ResultError("'text' must be a list of strings")
    return "\n".join(lines)


def _labels(value: Mapping[str, Any], key: str) -> list[str]:
    labels = value[key]
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise ResultError(f"{key!r} must be a non-empty list of label names")
    return labels


def region_id(result: Mapping[str, Any], suffix: str = "") -> dict[str, str]:
    """The result's id as the region's (kept when it is a valid region id, else the server
    draws one)."""
    rid = f"{result.get('id')}{suffix}"
    return {"id": rid} if isinstance(result.get("id"), str) and _REGION_ID.match(rid) else {}


def _number(value: Mapping[str, Any], key: str) -> float:
    v = value[key]
    if isinstance(v, bool) or not isinstance(v, int | float) or v != v or v in (float("inf"), -float("inf")):
        raise ResultError(f"{key!r} must be a number")
    return float(v)


def percent(value: Mapping[str, Any], key: str) -> float:
    v = _number(value, key)
    if not -PERCENT_SLACK <= v <= 100 + PERCENT_SLACK:
        raise ResultError(f"{key!r} is {v:g}%, outside 0-100%")
    return min(max(v, 0.0), 100.0)


def to_pixels(pct: float, size: float) -> float:
    return round(pct * size / 100, PIXEL_DECIMALS)


def image_size(spec: ControlSpec, result: Mapping[str, Any], target: Target) -> tuple[float, float]:
    """(width, height) in pixels: the result's ``original_width``/``original_height``, else the
    task's ``<field>_width``/``<field>_height``, else the project's measured file."""
    w, h = result.get("original_width"), result.get("original_height")
    if all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in (w, h)):
        return float(w), float(h)  # type: ignore[arg-type]
    size = media_size(target.data, spec.field)
    url = target.data.get(spec.field)
    if size is None and isinstance(url, str):
        size = target.media_size(url)
    if size is None:
        raise ResultError(
            f"the size of image {url!r} is unknown: the result has no original_width/original_height, "
            f"the task no {spec.field}_width/{spec.field}_height, and the project holds no measured "
            "file of that name; upload the images first or add their size"
        )
    return size


def _choices(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    picked = _labels(value, "choices")
    if spec.multiple:
        return picked
    if len(picked) != 1:
        raise ResultError(f"control {spec.name!r} takes one choice, the result has {picked}")
    return picked[0]


def _rating(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    rating = value["rating"]
    if isinstance(rating, float) and rating.is_integer():
        rating = int(rating)
    if isinstance(rating, bool) or not isinstance(rating, int):
        raise ResultError("'rating' must be a whole number")
    return rating


def _textarea(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    return _text(value)


def python_offsets(text: str, start: int, end: int, quoted: Any) -> tuple[int, int]:
    """Label Studio counts text offsets in UTF-16 code units (JavaScript strings): the same as
    Python's code points unless the text holds characters beyond U+FFFF (emoji …). The offsets
    are kept when they already select the result's ``text``, else converted."""
    if quoted is None or text[start:end] == quoted or text.isascii():
        return start, end
    units = 0
    starts: dict[int, int] = {}
    for i, ch in enumerate(text):
        starts[units] = i
        units += 2 if ord(ch) > 0xFFFF else 1
    starts[units] = len(text)
    if start not in starts or end not in starts:
        raise ResultError(f"offsets {start}..{end} split a character of the text")
    return starts[start], starts[end]


def _span(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    text = target.data.get(spec.field)
    if not isinstance(text, str):
        raise ResultError(f"the task's {spec.field!r} is not a text")
    start, end = python_offsets(
        text, int(_number(value, "start")), int(_number(value, "end")), value.get("text")
    )
    quoted = value.get("text")
    extra = {"text": text[start:end]} if isinstance(quoted, str) else {}
    labels = _labels(value, "labels")
    return [
        {**region_id(result, f"-{k}" if k else ""), "start": start, "end": end, "label": label, **extra}
        for k, label in enumerate(labels)
    ]


def _segment(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    if result["type"] == "timelinelabels":
        fps = target.data.get(f"{spec.field}_fps")
        if isinstance(fps, bool) or not isinstance(fps, int | float) or fps <= 0:
            raise ResultError(
                f"timeline ranges count frames: the task needs {spec.field}_fps to turn them into seconds"
            )
        ranges = value["ranges"]
        if not isinstance(ranges, list) or not ranges:
            raise ResultError("'ranges' must be a non-empty list of {start, end} frames")
        times = [((_number(r, "start") - 1) / fps, _number(r, "end") / fps) for r in ranges]
        labels = _labels(value, "timelinelabels")
    else:
        times = [(_number(value, "start"), _number(value, "end"))]
        labels = _labels(value, "labels")
    many = len(times) * len(labels) > 1
    return [
        {**region_id(result, f"-{k}" if many and k else ""), "start": start, "end": end, "label": label}
        for k, ((start, end), label) in enumerate((t, label) for t in times for label in labels)
    ]


def _box(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    if abs(value.get("rotation") or 0) > 1e-9:
        raise ResultError("the rectangle is rotated; goldlabel boxes are axis-aligned")
    w, h = image_size(spec, result, target)
    x, y = percent(value, "x"), percent(value, "y")
    width, height = percent(value, "width"), percent(value, "height")
    # Label Studio lets a box overhang the image's edge (its own samples do); goldlabel's boxes
    # lie within the image, so the overhang is cut off at the edge.
    width, height = min(width, 100 - x), min(height, 100 - y)
    if width <= 0 or height <= 0:
        raise ResultError("the rectangle has no area inside the image")
    box = {
        "x": to_pixels(x, w),
        "y": to_pixels(y, h),
        "width": to_pixels(width, w),
        "height": to_pixels(height, h),
    }
    return [
        {**region_id(result, f"-{k}" if k else ""), **box, "label": label}
        for k, label in enumerate(_labels(value, "rectanglelabels"))
    ]


def _polygon(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    w, h = image_size(spec, result, target)
    points = value["points"]
    if not isinstance(points, list) or not all(isinstance(p, list) and len(p) == 2 for p in points):
        raise ResultError("'points' must be a list of [x, y] percentages")
    pixels = [
        [to_pixels(percent({"x": p[0]}, "x"), w), to_pixels(percent({"y": p[1]}, "y"), h)] for p in points
    ]
    labels = _labels(value, "polygonlabels")
    return [
        {**region_id(result, f"-{k}" if k else ""), "points": pixels, "label": label}
        for k, label in enumerate(labels)
    ]


def _mask(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
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
    labels = _labels(value, "brushlabels")
    return [
        {**region_id(result, f"-{k}" if k else ""), "rle": rle, "label": label}
        for k, label in enumerate(labels)
    ]


def _keypoint(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    """One placed point; ``group_poses`` assembles the control's points into poses."""
    w, h = image_size(spec, result, target)
    names = _labels(value, "keypointlabels")
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


def _track(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    """Keyframes (1-based frame numbers, percent boxes) to every frame (0-based, pixels):
    linear between a keyframe and the next while it is ``enabled``, and after the last enabled
    keyframe up to the video's end (``framesCount``), as Label Studio's editor draws them."""
    w, h = image_size(spec, result, target)
    sequence = value["sequence"]
    if not isinstance(sequence, list) or not sequence:
        raise ResultError("'sequence' must be a non-empty list of keyframes")
    keys = sorted(
        (
            (
                int(_number(k, "frame")) - 1,
                [percent(k, "x"), percent(k, "y"), percent(k, "width"), percent(k, "height")],
                k.get("enabled", True) is not False,
            )
            for k in sequence
        ),
        key=lambda k: k[0],
    )
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
    labels = _labels(value, "labels")
    rid = region_id(result)
    track_id = rid.get("id") or str(result.get("id"))
    return [
        {
            **region_id(result, f"-{k}" if k else ""),
            "track_id": track_id if not k else f"{track_id}-{k}",
            "frames": frames,
            "label": label,
        }
        for k, label in enumerate(labels)
    ]


Converter = Callable[[Any, Any, Mapping[str, Any], Target], Any]
_CONVERT: dict[str, Converter] = {
    "choices": _choices,
    "rating": _rating,
    "text": _textarea,
    "spans": _span,
    "segments": _segment,
    "boxes": _box,
    "polygons": _polygon,
    "masks": _mask,
    "keypoints": _keypoint,
    "tracks": _track,
}
