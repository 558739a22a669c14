"""goldlabel answers to Label Studio result lists: the inverse of ``labelstudio_results``.

Each control's value becomes Label Studio results ``{id, from_name, to_name, type, value,
origin}``: ``from_name`` the control's name, ``to_name`` its field (the object tag a config
built from the schema names after the field), region ids kept as result ids. Image regions are
written in percent of the item's ``<field>_width``/``<field>_height`` with ``original_width``/
``original_height``; masks in Label Studio's brush RLE; tracks as keyframes (1-based frames)
with ``enabled: false`` where a track stops; video segments as ``timelinelabels`` frame ranges
when the item knows its frame rate, else ``labels`` in seconds; a segment's transcript as a
per-region ``textarea`` named ``<control>_text``.

What Label Studio cannot hold is left out and said in docs/API.md: ranking answers (Label
Studio ranks items taken from each task, not a list fixed in the schema), the hidden/visible
distinction of pose points (Label Studio's keypoints are all visible), and empty answers (no
regions, no option: Label Studio has no result meaning "nothing").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from goldlabel.controls._media import media_size
from goldlabel.controls.base import ControlSpec
from goldlabel.controls.regions import new_region_id
from goldlabel.controls.schema import ProjectSchema

#: Control types a Label Studio file holds (``ranking`` has no Label Studio counterpart).
WRITTEN_TYPES = frozenset(
    {"choices", "rating", "text", "spans", "segments", "boxes", "polygons", "masks", "keypoints", "tracks"}
)
TRANSCRIPT_SUFFIX = "_text"


class WriteError(ValueError):
    """An answer that cannot be written as Label Studio results (an image of unknown size)."""


LsResult = dict[str, Any]


def ls_results(schema: ProjectSchema, data: Mapping[str, Any], result: Mapping[str, Any]) -> list[LsResult]:
    """Label Studio results of one goldlabel result, in schema order."""
    out: list[LsResult] = []
    for spec in schema.controls:
        value = result.get(spec.name)
        if value is None or spec.type not in WRITTEN_TYPES:
            continue
        out.extend(_WRITE[spec.type](spec, value, data, schema.fields[spec.field]))
    return out


def _result(spec: ControlSpec, kind: str, value: dict[str, Any], rid: Any = None) -> LsResult:
    return {
        "id": str(rid) if rid else new_region_id(),
        "from_name": spec.name,
        "to_name": spec.field,
        "type": kind,
        "value": value,
        "origin": "manual",
    }


def _size(spec: ControlSpec, data: Mapping[str, Any]) -> tuple[float, float]:
    size = media_size(data, spec.field)
    if size is None:
        raise WriteError(
            f"the size of image {data.get(spec.field)!r} is unknown ({spec.field}_width/"
            f"{spec.field}_height); Label Studio needs it to write regions in percent"
        )
    return size


def _on_image(
    spec: ControlSpec, kind: str, value: dict[str, Any], rid: Any, size: tuple[float, float]
) -> LsResult:
    return {
        **_result(spec, kind, value, rid),
        "original_width": int(size[0]),
        "original_height": int(size[1]),
        "image_rotation": 0,
    }


def _pct(pixels: float, size: float) -> float:
    return float(pixels) * 100 / size


def _choices(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    picked = value if isinstance(value, list) else [value]
    if picked:
        yield _result(spec, "choices", {"choices": list(picked)})


def _rating(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    yield _result(spec, "rating", {"rating": value})


def _text(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    yield _result(spec, "textarea", {"text": [value]})


def utf16_offset(text: str, index: int) -> int:
    """A Python string index as JavaScript's (UTF-16 code units), as Label Studio counts."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def _spans(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    text = data.get(spec.field)
    text = text if isinstance(text, str) else ""
    for span in value:
        start, end = span["start"], span["end"]
        ls = {"start": utf16_offset(text, start), "end": utf16_offset(text, end), "text": text[start:end]}
        yield _result(spec, "labels", {**ls, "labels": [span["label"]]}, span.get("id"))


def _segments(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    fps = data.get(f"{spec.field}_fps")
    frames = kind == "video" and isinstance(fps, int | float) and not isinstance(fps, bool) and fps > 0
    for segment in value:
        rid = segment.get("id") or new_region_id()
        if frames:
            ranges = [{"start": round(segment["start"] * fps) + 1, "end": round(segment["end"] * fps)}]
            yield _result(
                spec, "timelinelabels", {"ranges": ranges, "timelinelabels": [segment["label"]]}, rid
            )
        else:
            times = {"start": segment["start"], "end": segment["end"], "channel": 0}
            yield _result(spec, "labels", {**times, "labels": [segment["label"]]}, rid)
        if segment.get("text"):
            transcript = _result(spec, "textarea", {"text": [segment["text"]]}, rid)
            yield {**transcript, "from_name": spec.name + TRANSCRIPT_SUFFIX}


def _boxes(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    w, h = _size(spec, data)
    for box in value:
        pct = {
            "x": _pct(box["x"], w),
            "y": _pct(box["y"], h),
            "width": _pct(box["width"], w),
            "height": _pct(box["height"], h),
            "rotation": 0,
        }
        yield _on_image(
            spec, "rectanglelabels", {**pct, "rectanglelabels": [box["label"]]}, box.get("id"), (w, h)
        )


def _polygons(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    w, h = _size(spec, data)
    for polygon in value:
        points = [[_pct(x, w), _pct(y, h)] for x, y in polygon["points"]]
        ls = {"points": points, "closed": True, "polygonlabels": [polygon["label"]]}
        yield _on_image(spec, "polygonlabels", ls, polygon.get("id"), (w, h))


def _masks(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    from goldlabel.formats.labelstudio_brush import encode_brush
    from goldlabel.quality.geometry.rle import rle_decode

    for mask in value:
        height, width = mask["rle"]["size"]
        rle = encode_brush(rle_decode(mask["rle"]))
        ls = {"format": "rle", "rle": rle, "brushlabels": [mask["label"]]}
        yield _on_image(spec, "brushlabels", ls, mask.get("id"), (width, height))


def _keypoints(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    """One Label Studio keypoint per placed point, pose after pose (the reader starts a new pose
    when a point name comes again)."""
    w, h = _size(spec, data)
    for pose in value:
        first = True
        # strict=False: an answer saved under an older list of points writes the points both share
        for name, (x, y, visible) in zip(spec.points, pose["points"], strict=False):
            if not visible:
                continue
            ls = {"x": _pct(x, w), "y": _pct(y, h), "width": 0.5, "keypointlabels": [name]}
            yield _on_image(spec, "keypointlabels", ls, pose.get("id") if first else None, (w, h))
            first = False


def _tracks(spec: Any, value: Any, data: Mapping[str, Any], kind: str) -> Iterator[LsResult]:
    """Keyframes: the boxes marked ``keyframe`` (every box when none is), plus each run's first
    and last frame; the last of a run ``enabled: false`` so Label Studio stops the track there."""
    w, h = _size(spec, data)
    fps = data.get(f"{spec.field}_fps")
    total = data.get(f"{spec.field}_frames")
    for track in value:
        boxes = sorted(track["frames"], key=lambda b: b["frame"])
        marked = any(b.get("keyframe") for b in boxes)
        numbers = {b["frame"] for b in boxes}
        sequence = []
        for i, box in enumerate(boxes):
            f = box["frame"]
            last = f + 1 not in numbers
            first = i == 0 or f - 1 not in numbers
            if marked and not (box.get("keyframe") or first or last):
                continue
            key = {
                "frame": f + 1,
                "enabled": not last,
                "rotation": 0,
                "x": _pct(box["x"], w),
                "y": _pct(box["y"], h),
                "width": _pct(box["width"], w),
                "height": _pct(box["height"], h),
            }
            if isinstance(fps, int | float) and fps > 0:
                key["time"] = f / fps
            sequence.append(key)
        ls: dict[str, Any] = {"sequence": sequence, "labels": [track["label"]]}
        if isinstance(total, int):
            ls["framesCount"] = total
        rid = track.get("id") or str(track["track_id"])
        yield _result(spec, "videorectangle", ls, rid)


Writer = Callable[[Any, Any, Mapping[str, Any], str], Iterator[LsResult]]
_WRITE: dict[str, Writer] = {
    "choices": _choices,
    "rating": _rating,
    "text": _text,
    "spans": _spans,
    "segments": _segments,
    "boxes": _boxes,
    "polygons": _polygons,
    "masks": _masks,
    "keypoints": _keypoints,
    "tracks": _tracks,
}
