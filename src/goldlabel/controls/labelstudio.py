"""Import a Label Studio labeling config (XML) as a goldlabel schema.

Only the tags whose meaning we support are mapped; any other control tag is refused with a
message naming it, so a project never silently loses a control. Parsed with defusedxml:
the config is user input.
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
UNSUPPORTED_HINT = "supported: Choices, Labels (on Text), Rating, TextArea"


class LabelConfigError(ValueError):
    """A Label Studio config we cannot map; the message names the tag and what to do."""


def schema_from_label_config(xml: str, *, overlap: int = 1) -> dict[str, Any]:
    """Return a schema dict (validate it with ProjectSchema) from a Label Studio XML config."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise LabelConfigError(f"label config is not valid XML: {exc}") from None
    fields: dict[str, str] = {}
    controls: list[dict[str, Any]] = []
    for el in root.iter():
        tag = el.tag
        if tag in OBJECT_TAGS:
            name = el.get("name")
            value = el.get("value", "")
            if not name or not value.startswith("$"):
                raise LabelConfigError(f'<{tag}> needs name and value="$field"')
            fields[name] = OBJECT_TAGS[tag]
            continue
        if tag in LAYOUT_TAGS:
            continue
        controls.append(_control(el))
    if not controls:
        raise LabelConfigError(f"label config has no control tag ({UNSUPPORTED_HINT})")
    # Label Studio controls point at object tags by name (toName); data keys come from $value.
    data_key = {el.get("name"): el.get("value", "")[1:] for el in root.iter() if el.tag in OBJECT_TAGS}
    for control in controls:
        target = control["field"]
        if target not in data_key:
            raise LabelConfigError(f"control {control['name']!r} points at unknown toName={target!r}")
        control["field"] = data_key[target]
    return {
        "fields": {data_key[name]: kind for name, kind in fields.items()},
        "controls": controls,
        "overlap": overlap,
    }


def _control(el: Element) -> dict[str, Any]:
    tag, name, to_name = el.tag, el.get("name"), el.get("toName")
    if tag not in {"Choices", "Labels", "Rating", "TextArea"}:
        raise LabelConfigError(f"<{tag}> is not supported yet ({UNSUPPORTED_HINT})")
    if not name or not to_name:
        raise LabelConfigError(f"<{tag}> needs name and toName attributes")
    base: dict[str, Any] = {"name": name, "field": to_name.split(",")[0]}
    if el.get("required", "false").lower() == "true":
        base["required"] = True
    if tag == "Choices":
        options = [c.get("value") or c.get("alias") for c in el.iter("Choice")]
        multiple = el.get("choice", "single") in {"multiple"}
        return {**base, "type": "choices", "options": options, "multiple": multiple, **_hotkeys(el, "Choice")}
    if tag == "Labels":
        labels = [c.get("value") for c in el.iter("Label")]
        return {**base, "type": "spans", "labels": labels, **_hotkeys(el, "Label")}
    if tag == "Rating":
        max_rating = el.get("maxRating", "5")
        if not max_rating.isdigit():
            raise LabelConfigError(f"<Rating name={name!r}> maxRating must be a whole number")
        return {**base, "type": "rating", "min": 1, "max": int(max_rating)}
    return {**base, "type": "text"}


def _hotkeys(el: Element, child: str) -> dict[str, Any]:
    keys = {c.get("value"): c.get("hotkey") for c in el.iter(child) if c.get("hotkey")}
    return {"hotkeys": keys} if keys else {}
