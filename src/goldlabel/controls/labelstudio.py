"""Import a Label Studio labeling config (XML) as a goldlabel schema.

Only the tags whose meaning we support are mapped; any other control tag is refused with a
message naming it, so a project never silently loses a control. A refusal lists EVERY problem
of the config at once (``LabelConfigError.problems``: tag, name, attribute, message), not only
the first, so a user fixes the config in one go. Attributes we do not use (``rows``,
``maxSubmissions``, layout styles …) are listed as warnings, per tag and by name, so nothing is
dropped without saying so. Parsed with defusedxml: the config is user input.

Media tags map where the meaning carries over: RectangleLabels → boxes, PolygonLabels →
polygons, BrushLabels → masks, KeyPointLabels → keypoints (label values become the point
names), Labels or TimelineLabels on audio/video → segments, VideoRectangle with the Labels
on its video → tracks. Ranker is refused by name: its items come from each task's data.

Four Label Studio features are honoured or refused by name, never silently changed:

- ``alias`` on ``<Choice>``/``<Label>``: Label Studio shows ``value`` and stores ``alias`` in
  results. Honoured: the schema keeps the label people see (``value``) and the conversion
  returns ``aliases`` (control -> {alias: value}); ``unalias`` turns imported results back
  into the shown labels (the import service applies it to every Label Studio file imported into
  a project made from the config: ``services.labelstudio_aliases``). An alias that repeats,
  or equals another option's value, is refused (its results would be ambiguous); so is an alias
  under ``<KeyPointLabels>``, whose labels become a pose's point names, not answer values.
- A static ``<Text value="words">`` (a constant, not ``$field``) is text shown to annotators,
  not data. Honoured: it is no field; its words, in config order, are the conversion's
  ``instructions``, which become the description of a project created from the config (when
  none is given). A control whose ``toName`` points at such a text is refused (nothing to label).
- ``toName="a,b"``: a per-task control (Choices, Rating, TextArea) answers once per task
  whichever objects it names, so it is honoured: goldlabel shows it beside the first object
  (a warning says so) and its answer means the same. A region control (Labels, shapes, tracks)
  draws regions on one object in goldlabel, so a list is refused by name: give each object its
  own control.
- ``required="true"`` inside a conditional block (``visibleWhen``, ``whenTagName`` … on the
  control or an enclosing ``<View>``): Label Studio requires it only while it is shown;
  goldlabel shows every control always, so it would become required everywhere. Refused by
  name (drop ``required`` or the condition). A condition on a control that is not required is
  listed as an ignored attribute (the control is then always shown), as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from goldlabel.controls.base import NAME_PATTERN
from goldlabel.controls.labelstudio_problems import ConfigProblem, Conversion, LabelConfigError, describe
from goldlabel.controls.registry import type_of
from goldlabel.core.limits import MAX_RATING_STEPS

if TYPE_CHECKING:
    from goldlabel.controls.schema import ProjectSchema

__all__ = [
    "ConfigProblem", "ConvertedConfig", "LabelConfigError", "schema_from_label_config", "unalias",
]  # fmt: skip

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
#: Controls whose answer is about the whole task (not regions on one object).
PER_TASK_TAGS = frozenset({"Choices", "Rating", "TextArea"})
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
#: Attributes that make a tag (and what it holds) shown only under a condition.
CONDITIONS = frozenset({"visibleWhen", "whenTagName", "whenChoiceValue", "whenLabelValue", "whenRole"})
#: The attributes each tag's mapping reads; any other attribute is reported as ignored.
CONTROL_ATTRIBUTES = frozenset({"name", "toName", "required"})
ATTRIBUTES = {
    **{tag: frozenset({"name", "value"}) for tag in OBJECT_TAGS},
    "Choices": CONTROL_ATTRIBUTES | {"choice"},
    "Rating": CONTROL_ATTRIBUTES | {"maxRating"},
    "Choice": frozenset({"value", "alias", "hotkey"}),
    "Label": frozenset({"value", "alias", "hotkey"}),
}
NAME_RULE = "uses letters, digits, '_' or '-' (at most 64), starting with a letter or '_'"
WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: "²" and "①" are digits to str.isdigit


@dataclass(frozen=True, slots=True)
class ConvertedConfig:
    """The schema a config maps onto (validate it with ProjectSchema), what it ignored, the
    aliases Label Studio stores instead of the shown labels (control -> {alias: label}), and
    the constant texts it shows (see the module's docstring)."""

    schema: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    instructions: list[str] = field(default_factory=list)
    #: The Label Studio tag and name of each control, in the schema's order (to name them when
    #: the schema refuses a value: ``validation_problems``).
    sources: list[tuple[str, str]] = field(default_factory=list)


def schema_from_label_config(xml: str) -> ConvertedConfig:
    """Map a Label Studio XML config onto a goldlabel schema's fields and controls; raise
    LabelConfigError listing every problem when it cannot be mapped."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise LabelConfigError([ConfigProblem(None, None, None, f"not valid XML: {exc}")]) from None
    conv = Conversion()
    found = _walk(root, conv)  # control tags, with the condition they sit under
    if not found:
        conv.refuse(root, f"the config has no control tag ({UNSUPPORTED_HINT})")
    # Label Studio tracks objects with <VideoRectangle> and labels them with a <Labels> tag
    # on the same video: that pair is one tracks control, not a segments control.
    tracked = {_targets(el)[0] for el, _ in found if el.tag == "VideoRectangle"}
    track_labels = {
        _targets(el)[0]: el for el, _ in found if el.tag == "Labels" and _targets(el)[0] in tracked
    }
    controls: list[dict[str, Any]] = []
    sources: list[tuple[str, str]] = []
    for el, condition in found:
        if el.tag == "Labels" and _targets(el)[0] in tracked:
            continue
        control = _control(el, condition, conv, track_labels)
        if control is not None:
            # Controls point at object tags by name (toName); data keys come from their $value.
            control["field"] = conv.objects[control["field"]][1]
            controls.append(control)
            sources.append((el.tag, control["name"]))
    if conv.problems:
        raise LabelConfigError(conv.problems)
    fields = {key: kind for kind, key in conv.objects.values()}
    return ConvertedConfig(
        schema={"fields": fields, "controls": controls},
        warnings=list(conv.warnings),
        aliases=conv.aliases,
        instructions=conv.instructions,
        sources=sources,
    )


def _condition(el: Element) -> str | None:
    """How a tag's own attributes make it conditional, e.g. ``visibleWhen="choice-selected"``."""
    shown = [f'{a}="{el.get(a)}"' for a in sorted(CONDITIONS) if el.get(a) is not None]
    return f"{' '.join(shown)} on {describe(el)}" if shown else None


def _walk(root: Element, conv: Conversion) -> list[tuple[Element, str | None]]:
    """Sort every tag (objects, layout, controls) in document order; each control comes with the
    condition it sits under (its own or an enclosing tag's). A stack, not recursion: a config
    may nest thousands of tags deep."""
    found: list[tuple[Element, str | None]] = []
    stack: list[tuple[Element, str | None]] = [(root, None)]
    while stack:
        el, condition = stack.pop()
        condition = condition or _condition(el)
        if el.tag in OBJECT_TAGS:
            _object(el, conv)
        elif el.tag in LAYOUT_TAGS:
            conv.ignore(el, frozenset())
        elif el.tag not in CHILD_TAGS:
            found.append((el, condition))
        stack.extend((child, condition) for child in reversed(el))
    return found


def _object(el: Element, conv: Conversion) -> None:
    name, value = el.get("name"), el.get("value")
    if not name:
        conv.refuse(el, "an object tag needs a name (controls point at it with toName)", "name")
        return
    if el.get("valueList") is not None:
        conv.refuse(
            el, "several media per task (valueList) are not supported; give each its own tag", "valueList"
        )
        return
    if value is None or value == "$":
        conv.refuse(el, 'needs value="$field", the task data key it shows', "value")
    elif value.startswith("$"):
        if not NAME_PATTERN.match(value[1:]):
            conv.refuse(el, f"value={value!r}: a data key {NAME_RULE}", "value")
            return
        conv.objects[name] = (OBJECT_TAGS[el.tag], value[1:])
        conv.ignore(el, ATTRIBUTES[el.tag])
    elif el.tag == "Text":
        conv.constants.add(name)  # a constant text: shown to annotators, not labelled
        conv.instructions.append(value.strip())
        conv.warn(
            f"{describe(el)} is a constant text, not task data: a new project shows it in its description"
        )
        conv.ignore(el, ATTRIBUTES["Text"])
    else:
        conv.refuse(
            el, f'value={value!r} is a constant; an {el.tag} shows task data: value="$field"', "value"
        )


def _targets(el: Element) -> list[str]:
    return [t.strip() for t in (el.get("toName") or "").split(",")]


def _target(el: Element, conv: Conversion) -> str | None:
    """The object a control labels (the first of a per-task control's list), or None when refused."""
    targets, ok = _targets(el), True
    for target in targets:
        if target in conv.constants:
            conv.refuse(
                el,
                f"toName points at the constant <Text name={target!r}>, which holds no task data",
                "toName",
            )
            ok = False
        elif target not in conv.objects:
            conv.refuse(el, f"toName points at unknown object {target!r}", "toName")
            ok = False
    if len(targets) > 1 and el.tag not in PER_TASK_TAGS:
        conv.refuse(
            el,
            f"toName={el.get('toName')!r} names {len(targets)} objects; a goldlabel region control draws on "
            f"one field: give each object its own <{el.tag}>",
            "toName",
        )
        ok = False
    if not ok:
        return None
    if len(targets) > 1:
        conv.warn(
            f"{describe(el)} is answered once per task; shown beside {targets[0]!r}, the first of its toName"
        )
    return targets[0]


def _control(
    el: Element, condition: str | None, conv: Conversion, track_labels: Mapping[str, Element]
) -> dict[str, Any] | None:
    tag, name = el.tag, el.get("name")
    if tag in WHY_NOT:
        conv.refuse(el, f"not supported: {WHY_NOT[tag]}")
        return None
    if tag not in SUPPORTED:
        conv.refuse(el, f"not supported yet ({UNSUPPORTED_HINT})")
        return None
    missing = [a for a in ("name", "toName") if not el.get(a)]
    if missing:
        conv.refuse(el, "a control needs name and toName attributes", missing[0])
        return None
    assert name is not None
    if not NAME_PATTERN.match(name):
        conv.refuse(el, f"name={name!r}: a control's name {NAME_RULE}", "name")
    required = el.get("required", "false").lower() == "true"
    if required and condition:
        conv.refuse(
            el,
            f'required="true" applies only while it is shown ({condition}); goldlabel shows every '
            "control always, so it would be required on every task: drop required or the condition",
            "required",
        )
    target = _target(el, conv)
    known = ATTRIBUTES.get(tag, CONTROL_ATTRIBUTES)
    conv.ignore(el, known | CONDITIONS if required else known)  # a refused condition is not also a warning
    spec = _spec(el, name, conv, track_labels, target)
    if spec is None or target is None:
        return None
    return {"name": name, "field": target, **({"required": True} if required else {}), **spec}


def _spec(
    el: Element, name: str, conv: Conversion, track_labels: Mapping[str, Element], target: str | None
) -> dict[str, Any] | None:
    """The type-specific part of a control (``None`` when refused)."""
    tag = el.tag
    if tag == "Choices":
        if el.get("value") is not None:
            conv.refuse(
                el,
                f"value={el.get('value')!r}: options taken from each task's data are not supported; "
                "list <Choice> tags",
                "value",
            )
            return None
        options = _values(el, "Choice", name, conv)
        multiple = el.get("choice", "single") == "multiple"
        if not options:
            return None
        return {"type": "choices", "options": options, "multiple": multiple, **_hotkeys(el, "Choice")}
    if tag == "Rating":
        max_rating = el.get("maxRating", "5")
        if not WHOLE_NUMBER.fullmatch(max_rating):
            conv.refuse(el, f"maxRating must be a whole number from 2 to {MAX_RATING_STEPS}", "maxRating")
            return None
        return {"type": "rating", "min": 1, "max": int(max_rating)}
    if tag == "TextArea":
        return {"type": "text"}
    if tag == "VideoRectangle":
        labels_el = track_labels.get(_targets(el)[0])
        if labels_el is None:
            conv.refuse(el, "needs a <Labels> tag on the same video for its labels")
            return None
        conv.ignore(labels_el, CONTROL_ATTRIBUTES)
        labels = _values(labels_el, "Label", name, conv)
        return {"type": "tracks", "labels": labels, **_hotkeys(labels_el, "Label")} if labels else None
    if tag == "Labels":
        kind = conv.objects[target][0] if target in conv.objects else None
        if kind is not None and kind not in LABELS_BY_KIND:
            conv.refuse(
                el,
                f"on the {kind} object {target!r} is not supported; on images use RectangleLabels, "
                "PolygonLabels, BrushLabels or KeyPointLabels",
            )
            return None
        labels = _values(el, "Label", name, conv)
        if not labels or kind is None:
            return None
        return {"type": LABELS_BY_KIND[kind], "labels": labels, **_hotkeys(el, "Label")}
    labels = _values(el, "Label", name, conv)
    if not labels:
        return None
    if tag == "KeyPointLabels":
        # Label Studio places each named point on its own; goldlabel groups one object's
        # points into a pose, so the label names become the pose's point names.
        if conv.aliases.pop(name, None):
            conv.refuse(
                el, "<Label alias> is not supported here: the labels become a pose's point names", "alias"
            )
        if _hotkeys(el, "Label"):
            conv.warn(f"{describe(el)}: <Label> hotkeys are not used by poses")
        return {"type": "keypoints", "points": labels, "labels": ["object"]}
    return {"type": REGION_TAGS[tag], "labels": labels, **_hotkeys(el, "Label")}


def _values(el: Element, child: str, control: str, conv: Conversion) -> list[str]:
    """The shown values of a control's <Choice>/<Label> children, recording their aliases;
    empty (after refusing) when there are none or they clash."""
    values: list[str] = []
    aliases: dict[str, str] = {}
    before = len(conv.problems)
    for c in el.iter(child):
        conv.ignore(c, ATTRIBUTES[child], parent=el)
        value, alias = c.get("value"), c.get("alias")
        if not value:
            conv.refuse(el, f"every <{child}> needs a value", "value")
            continue
        if value in values:
            conv.refuse(el, f"<{child} value={value!r}> is listed twice", "value")
        values.append(value)
        if alias is not None and alias != value:
            if alias in aliases:
                conv.refuse(el, f"alias {alias!r} is given to both {aliases[alias]!r} and {value!r}", "alias")
            aliases[alias] = value
    if not values and len(conv.problems) == before:
        conv.refuse(el, f"has no <{child}> children")
    clashes = sorted(a for a, v in aliases.items() if a in values and a != v)
    if clashes:
        conv.refuse(
            el, f"alias {clashes[0]!r} is also another <{child}>'s value; results would be ambiguous", "alias"
        )
    if aliases:
        conv.aliases[control] = aliases
    return values if len(conv.problems) == before else []


def _hotkeys(el: Element, child: str) -> dict[str, Any]:
    keys = {c.get("value"): c.get("hotkey") for c in el.iter(child) if c.get("hotkey") and c.get("value")}
    return {"hotkeys": keys} if keys else {}


def unalias(
    result: Mapping[str, Any], aliases: Mapping[str, Mapping[str, str]], schema: ProjectSchema
) -> dict[str, Any]:
    """A Label Studio result (control -> goldlabel value) with aliases turned back into the
    labels the schema holds, through each control type's own ``rename``. A value of the wrong
    shape is left as it is: validating the result afterwards refuses it, naming the task."""
    renamed = dict(result)
    for control, mapping in aliases.items():
        spec = schema.control(control)
        if spec is None or renamed.get(control) is None:
            continue
        try:
            renamed[control] = type_of(spec).rename(renamed[control], mapping)
        except (TypeError, KeyError, AttributeError):  # not this control's shape: validation says so
            continue
    return renamed
