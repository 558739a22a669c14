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

from collections.abc import Callable, Mapping
from typing import Any

from goldlabel.controls.base import ControlSpec
from goldlabel.formats import labelstudio_media as media
from goldlabel.formats.labelstudio_values import ResultError, Target, labels_of, number, region_id

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
        # the value's shape is the file's: any wrong type or missing key is this result's fault
        except (
            ResultError,
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
            IndexError,
            OverflowError,
        ) as exc:
            raise ResultError(f"{what}: {_reason(exc)}") from None
        score = result.get("score")
        if isinstance(score, int | float) and not isinstance(score, bool):
            scores.setdefault(spec.name, []).append(float(score))
    for name, value in out.items():
        if specs[name].type == "keypoints":
            out[name] = media.group_poses(specs[name], value)
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
                value = result.get("value")
                if not isinstance(value, dict) or "text" not in value:
                    raise ResultError(f"{what}: a transcript's value needs 'text'")
                try:
                    segment["text"] = _text(value)
                except ResultError as exc:
                    raise ResultError(f"{what}: {exc}") from None
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


def _choices(spec: Any, result: Any, value: Mapping[str, Any], target: Target) -> Any:
    picked = labels_of(value, "choices")
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
    fits = 0 <= start <= end <= len(text)  # a slice past the end would match by clamping
    if quoted is None or text.isascii() or (fits and text[start:end] == quoted):
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
        text, int(number(value, "start")), int(number(value, "end")), value.get("text")
    )
    quoted = value.get("text")
    extra = {"text": text[start:end]} if isinstance(quoted, str) else {}
    labels = labels_of(value, "labels")
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
        times = [((number(r, "start") - 1) / fps, number(r, "end") / fps) for r in ranges]
        labels = labels_of(value, "timelinelabels")
    else:
        times = [(number(value, "start"), number(value, "end"))]
        labels = labels_of(value, "labels")
    many = len(times) * len(labels) > 1
    return [
        {**region_id(result, f"-{k}" if many and k else ""), "start": start, "end": end, "label": label}
        for k, ((start, end), label) in enumerate((t, label) for t in times for label in labels)
    ]


Converter = Callable[[Any, Any, Mapping[str, Any], Target], Any]
_CONVERT: dict[str, Converter] = {
    "choices": _choices,
    "rating": _rating,
    "text": _textarea,
    "spans": _span,
    "segments": _segment,
    "boxes": media.box,
    "polygons": media.polygon,
    "masks": media.mask,
    "keypoints": media.keypoint,
    "tracks": media.track,
}
