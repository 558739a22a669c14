"""Import a Label Studio labeling config (XML) as a goldlabel schema.

Only the tags whose meaning we support are mapped; any other control tag is refused with a
message naming it, so a project never silently loses a control. Attributes we do not use
(``rows``, ``maxSubmissions``, layout styles …) are listed as warnings, per tag and by name,
so nothing is dropped without saying so. Parsed with defusedxml: the config is user input.

Media tags map where the meaning carries over: RectangleLabels → boxes, PolygonLabels →
polygons, BrushLabels → masks, KeyPointLabels → keypoints (label values become the point
names), Labels or TimelineLabels on audio/video → segments, VideoRectangle with the Labels
on its video → tracks. Ranker is refused by name: its items come from each task's data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from goldlabel.core.limits import MAX_RATING_STEPS

OBJECT_TAGS = {
    "Text": "text",
    "Image": "image",
    "Audio": "audio",
    "AudioPlus": "audio",
    "Video": "video",
    "Paragraphs": "json",
}
LAYOUT_TAGS = {"View", "Header", "Style", "Filter", "Collapse"}
CHILD_TAGS = {"Choice", "Label"}
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
#: The attributes each tag's mapping reads; any other attribute is reported as ignored.
CONTROL_ATTRIBUTES = frozenset({"name", "toName", "required"})
ATTRIBUTES = {
    **{tag: frozenset({"name", "value"}) for tag in OBJECT_TAGS},
    "Choices": CONTROL_ATTRIBUTES | {"choice"},
    "Rating": CONTROL_ATTRIBUTES | {"maxRating"},
    "Choice": frozenset({"value", "alias", "hotkey"}),
    "Label": frozenset({"value", "hotkey"}),
}
WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: "²" and "①" are digits to str.isdigit


class LabelConfigError(ValueError):
    """A Label Studio config we cannot map; the message names the tag and what to do."""


@dataclass(frozen=True, slots=True)
class ConvertedConfig:
    """The schema a config maps onto (validate it with ProjectSchema), and what it ignored."""

    schema: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


class _Ignored:
    """Collects, per tag, the attributes the mapping does not read."""

    def __init__(self) -> None:
        self.warnings: dict[str, None] = {}  # ordered and without repeats

    def check(self, el: Element, known: frozenset[str], *, parent: Element | None = None) -> None:
        ignored = sorted(set(el.attrib) - known)
        if not ignored:
            return
        where = f"{_describe(parent)}: <{el.tag}>" if parent is not None else _describe(el)
        self.warnings[f"{where} ignores {', '.join(ignored)}"] = None


def _describe(el: Element) -> str:
    name = el.get("name")
    return f"<{el.tag} name={name!r}>" if name else f"<{el.tag}>"


def schema_from_label_config(xml: str) -> ConvertedConfig:
    """Map a Label Studio XML config onto a goldlabel schema's fields and controls."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise LabelConfigError(f"label config is not valid XML: {exc}") from None
    ignored = _Ignored()
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
            ignored.check(el, ATTRIBUTES[tag])
        elif tag in LAYOUT_TAGS:
            ignored.check(el, frozenset())
        elif tag not in CHILD_TAGS:
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
        control = _control(el, objects, track_labels, ignored)
        # Controls point at object tags by name (toName); data keys come from their $value.
        control["field"] = objects[control["field"]][1]
        controls.append(control)
    schema = {"fields": {key: kind for kind, key in objects.values()}, "controls": controls}
    return ConvertedConfig(schema=schema, warnings=list(ignored.warnings))


def _target(el: Element) -> str:
    return (el.get("toName") or "").split(",")[0]


def _control(
    el: Element,
    objects: dict[str, tuple[str, str]],
    track_labels: dict[str, Element],
    ignored: _Ignored,
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
    if "," in to_name:
        ignored.warnings[f"{_describe(el)} labels only its first toName, {target!r}"] = None
    ignored.check(el, ATTRIBUTES.get(tag, CONTROL_ATTRIBUTES))
    kind = objects[target][0]
    base: dict[str, Any] = {"name": name, "field": target}
    if el.get("required", "false").lower() == "true":
        base["required"] = True
    if tag == "Choices":
        options = [_child_value(el, c, ignored) for c in el.iter("Choice")]
        multiple = el.get("choice", "single") == "multiple"
        return {**base, "type": "choices", "options": options, "multiple": multiple, **_hotkeys(el, "Choice")}
    if tag == "Rating":
        max_rating = el.get("maxRating", "5")
        if not WHOLE_NUMBER.fullmatch(max_rating):
            raise LabelConfigError(
                f"<Rating name={name!r}> maxRating must be a whole number from 2 to {MAX_RATING_STEPS}"
            )
        return {**base, "type": "rating", "min": 1, "max": int(max_rating)}
    if tag == "TextArea":
        return {**base, "type": "text"}
    if tag == "VideoRectangle":
        labels_el = track_labels.get(target)
        if labels_el is None:
            raise LabelConfigError(
                f"<VideoRectangle name={name!r}> needs a <Labels> tag on the same video for its labels"
            )
        ignored.check(labels_el, CONTROL_ATTRIBUTES)
        labels = _labels(labels_el, ignored)
        return {**base, "type": "tracks", "labels": labels, **_hotkeys(labels_el, "Label")}
    if tag == "Labels":
        if kind not in LABELS_BY_KIND:
            raise LabelConfigError(
                f"<Labels name={name!r}> on the {kind} object {target!r} is not supported; on images use "
                "RectangleLabels, PolygonLabels, BrushLabels or KeyPointLabels"
            )
        return {**base, "type": LABELS_BY_KIND[kind], "labels": _labels(el, ignored), **_hotkeys(el, "Label")}
    labels = _labels(el, ignored)
    if tag == "KeyPointLabels":
        # Label Studio places each named point on its own; goldlabel groups one object's
        # points into a pose, so the label names become the pose's point names.
        if _hotkeys(el, "Label"):
            ignored.warnings[f"{_describe(el)}: <Label> hotkeys are not used by poses"] = None
        return {**base, "type": "keypoints", "points": labels, "labels": ["object"]}
    return {**base, "type": REGION_TAGS[tag], "labels": labels, **_hotkeys(el, "Label")}


def _child_value(parent: Element, child: Element, ignored: _Ignored) -> str:
    ignored.check(child, ATTRIBUTES[child.tag], parent=parent)
    value = child.get("value") or (child.get("alias") if child.tag == "Choice" else None)
    if not value:
        raise LabelConfigError(f"{_describe(parent)}: every <{child.tag}> needs a value")
    return value


def _labels(el: Element, ignored: _Ignored) -> list[str]:
    labels = [_child_value(el, c, ignored) for c in el.iter("Label")]
    if not labels:
        raise LabelConfigError(f"<{el.tag} name={el.get('name')!r}> has no <Label> children")
    return labels


def _hotkeys(el: Element, child: str) -> dict[str, Any]:
    keys = {c.get("value") or c.get("alias"): c.get("hotkey") for c in el.iter(child) if c.get("hotkey")}
    return {"hotkeys": keys} if keys else {}
