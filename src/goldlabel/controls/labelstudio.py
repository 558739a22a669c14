"""Import a Label Studio labeling config (XML) as a goldlabel schema.

Only the tags whose meaning we support are mapped; any other control tag is refused with a
message naming it, so a project never silently loses a control. Parsed with defusedxml:
the config is user input.

Media tags map where the meaning carries over: RectangleLabels → boxes, PolygonLabels →
polygons, BrushLabels → masks, KeyPointLabels → keypoints (label values become the point
names), Labels or TimelineLabels on audio/video → segments, VideoRectangle with the Labels
on its video → tracks. Ranker is refused by name: its items come from each task's data.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

OBJECT_TAGS = {
    "Text": "text",
    "Image": "image",
    "Audio": "audio",
    "AudioPlus": "audio",
    "Video": "video",
    "Paragraphs": "json",
}
LAYOUT_TAGS = {"View", "Header", "Style", "Filter", "Collapse", "Choice", "Label"}
#: Region tags whose regions map one-to-one onto a goldlabel control type.
REGION_TAGS = {
    "RectangleLabels": "boxes",
    "PolygonLabels": "polygons",
    "BrushLabels": "masks",
    "KeyPointLabels": "keypoints",
    "TimelineLabels": "segments",
}
#: What ``<Labels>`` means on each object kind (on an image it only feeds shape tags).
LABELS_BY_KIND = {"text": "spans", "audio": "segments", "video": "segments"}
SUPPORTED = {"Choices", "Labels", "Rating", "TextArea", "VideoRectangle", *REGION_TAGS}
UNSUPPORTED_HINT = (
    "supported: Choices, Labels (on Text, Audio or Video), Rating, TextArea, RectangleLabels, "
    "PolygonLabels, BrushLabels, KeyPointLabels, TimelineLabels, VideoRectangle (with Labels)"
)
WHY_NOT = {
    "Ranker": "Label Studio ranks items taken from each task's data; a goldlabel ranking control "
    "orders a fixed list of items set in the schema, so create it there",
    "List": "it only feeds <Ranker>, which goldlabel does not import (see Ranker)",
}


class LabelConfigError(ValueError):
    """A Label Studio config we cannot map; the message names the tag and what to do."""


def schema_from_label_config(xml: str, *, overlap: int = 1) -> dict[str, Any]:
    """Return a schema dict (validate it with ProjectSchema) from a Label Studio XML config."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise LabelConfigError(f"label config is not valid XML: {exc}") from None
    objects: dict[str, tuple[str, str]] = {}  # Label Studio object name -> (kind, data key)
    elements: list[Element] = []
    for el in root.iter():
        tag = el.tag
        if tag in OBJECT_TAGS:
            name = el.get("name")
            value = el.get("value", "")
            if not name or not value.startswith("$"):
                raise LabelConfigError(f'<{tag}> needs name and value="$field"')
            objects[name] = (OBJECT_TAGS[tag], value[1:])
            continue
        if tag in LAYOUT_TAGS:
            continue
        elements.append(el)
    if not elements:
        raise LabelConfigError(f"label config has no control tag ({UNSUPPORTED_HINT})")
    # Label Studio tracks objects with <VideoRectangle> and labels them with a <Labels> tag
    # on the same video: that pair is one tracks control, not a segments control.
    tracked = {_target(el) for el in elements if el.tag == "VideoRectangle"}
    track_labels = {_target(el): el for el in elements if el.tag == "Labels" and _target(el) in tracked}
    controls: list[dict[str, Any]] = []
    for el in elements:
        if el.tag == "Labels" and _target(el) in tracked:
            continue
        control = _control(el, objects, track_labels)
        # Controls point at object tags by name (toName); data keys come from their $value.
        control["field"] = objects[control["field"]][1]
        controls.append(control)
    return {
        "fields": {key: kind for kind, key in objects.values()},
        "controls": controls,
        "overlap": overlap,
    }


def _target(el: Element) -> str:
    return (el.get("toName") or "").split(",")[0]


def _control(
    el: Element, objects: dict[str, tuple[str, str]], track_labels: dict[str, Element]
) -> dict[str, Any]:
    tag, name, to_name = el.tag, el.get("name"), el.get("toName")
    if tag in WHY_NOT:
        raise LabelConfigError(f"<{tag}> is not supported: {WHY_NOT[tag]}")
    if tag not in SUPPORTED:
        raise LabelConfigError(f"<{tag}> is not supported yet ({UNSUPPORTED_HINT})")
    if not name or not to_name:
        raise LabelConfigError(f"<{tag}> needs name and toName attributes")
    target = _target(el)
    if target not in objects:
        raise LabelConfigError(f"control {name!r} points at unknown toName={target!r}")
    kind = objects[target][0]
    base: dict[str, Any] = {"name": name, "field": target}
    if el.get("required", "false").lower() == "true":
        base["required"] = True
    if tag == "Choices":
        options = [c.get("value") or c.get("alias") for c in el.iter("Choice")]
        multiple = el.get("choice", "single") in {"multiple"}
        return {**base, "type": "choices", "options": options, "multiple": multiple, **_hotkeys(el, "Choice")}
    if tag == "Rating":
        max_rating = el.get("maxRating", "5")
        if not max_rating.isdigit():
            raise LabelConfigError(f"<Rating name={name!r}> maxRating must be a whole number")
        return {**base, "type": "rating", "min": 1, "max": int(max_rating)}
    if tag == "TextArea":
        return {**base, "type": "text"}
    if tag == "VideoRectangle":
        labels_el = track_labels.get(target)
        if labels_el is None:
            raise LabelConfigError(
                f"<VideoRectangle name={name!r}> needs a <Labels> tag on the same video for its labels"
            )
        return {**base, "type": "tracks", "labels": _labels(labels_el), **_hotkeys(labels_el, "Label")}
    if tag == "Labels":
        if kind not in LABELS_BY_KIND:
            raise LabelConfigError(
                f"<Labels name={name!r}> on the {kind} object {target!r} is not supported; on images use "
                "RectangleLabels, PolygonLabels, BrushLabels or KeyPointLabels"
            )
        return {**base, "type": LABELS_BY_KIND[kind], "labels": _labels(el), **_hotkeys(el, "Label")}
    labels = _labels(el)
    if tag == "KeyPointLabels":
        # Label Studio places each named point on its own; goldlabel groups one object's
        # points into a pose, so the label names become the pose's point names.
        return {**base, "type": "keypoints", "points": labels, "labels": ["object"]}
    return {**base, "type": REGION_TAGS[tag], "labels": labels, **_hotkeys(el, "Label")}


def _labels(el: Element) -> list[str | None]:
    labels = [c.get("value") for c in el.iter("Label")]
    if not labels:
        raise LabelConfigError(f"<{el.tag} name={el.get('name')!r}> has no <Label> children")
    return labels


def _hotkeys(el: Element, child: str) -> dict[str, Any]:
    keys = {c.get("value"): c.get("hotkey") for c in el.iter(child) if c.get("hotkey")}
    return {"hotkeys": keys} if keys else {}
