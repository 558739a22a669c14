"""Hypothesis strategies for what users send as a project's schema: Label Studio XML configs
built from a grammar of its tags and attributes (with arbitrary attribute text, unicode
digits, huge numbers, missing attributes and odd nesting), and JSON schemas from plausible
to arbitrary."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from hypothesis import strategies as st

OBJECT_TAGS = ["Text", "Image", "Audio", "AudioPlus", "Video", "Paragraphs"]
CONTROL_TAGS = [
    "Choices", "Labels", "Rating", "TextArea", "RectangleLabels", "PolygonLabels", "BrushLabels",
    "KeyPointLabels", "TimelineLabels", "VideoRectangle",
]  # fmt: skip
UNSUPPORTED_TAGS = ["HyperText", "List", "Ranker", "Relations", "Number", "Taxonomy", "Rectangle"]
LAYOUT_TAGS = ["View", "Header", "Style", "Filter", "Collapse"]
CHILD_TAGS = ["Choice", "Label"]
ATTRIBUTES = [
    "name", "toName", "value", "required", "choice", "maxRating", "hotkey", "alias", "rows",
    "maxSubmissions", "selected", "background", "granularity", "style", "perRegion",
]  # fmt: skip
NAMES = ["t", "img", "audio", "video", "text", "c", "ner", "x-1", "_", "a b", ""]
#: Numbers as text that broke the converter before: unicode digits, huge numbers.
NUMBER_TEXT = ["²", "①", "٣", "Ⅻ", "𝟗", "9" * 5000, "9" * 20, "-1", "0", "1", "1e3", " 5", "5 ", ""]
#: Texts that broke the converter or the schema before: unicode digits, huge numbers.
TRICKY = [
    "²", "①", "٣", "Ⅻ", "𝟗", "-1", "0", "1", "2", "5", "101", "102", "1e3", " 5", "5 ", "",
    "9" * 5000, "9" * 20, "true", "false", "TRUE", "multiple", "single", "$", "$text", "$ text",
    "$t,$u", "t,img", "&amp;", "<", "]]>",
]  # fmt: skip
#: Text XML cannot hold (a NUL, a lone surrogate, U+FFFE): the parser must refuse it.
UNREPRESENTABLE = ["\u0000", "\ud800", "\ufffe", "a\x07b"]


def mostly(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``usual`` nine times in ten, else ``odd``: most examples get deep into the parser."""
    return st.sampled_from([usual] * 9 + [odd]).flatmap(lambda chosen: chosen)


#: True one time in ``n`` (hypothesis favours the bounds of integer ranges; this stays fair).
def rarely(n: int = 10) -> st.SearchStrategy[bool]:
    return st.sampled_from([False] * (n - 1) + [True])


#: Attribute text: mostly printable, sometimes anything (XML then refuses what it cannot hold).
printable = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=30)
attribute_text = st.sampled_from(NAMES + TRICKY) | printable
rare_text = st.sampled_from(UNREPRESENTABLE) | st.text(max_size=30)
extra_attributes = st.dictionaries(st.sampled_from(ATTRIBUTES), attribute_text, max_size=3)
weird_attributes = st.dictionaries(st.sampled_from(ATTRIBUTES), attribute_text | rare_text, max_size=3)


def _element(tag: str, attrs: dict[str, str], children: list[str]) -> str:
    # quoteattr escapes what XML needs; characters XML forbids stay in, to be refused.
    rendered = "".join(f" {name}={quoteattr(value)}" for name, value in attrs.items())
    inner = "".join(children)
    return f"<{tag}{rendered}>{inner}</{tag}>" if inner else f"<{tag}{rendered}/>"


any_tag = st.sampled_from(
    OBJECT_TAGS + CONTROL_TAGS + UNSUPPORTED_TAGS + LAYOUT_TAGS + CHILD_TAGS
) | st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True)
leaf = st.builds(_element, any_tag, extra_attributes, st.just([]))
#: Any nesting of any tags with any attributes.
nodes = st.recursive(
    leaf,
    lambda inner: st.builds(_element, any_tag, extra_attributes, st.lists(inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def _object(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(["t", "img", "audio", "video", "doc"]))
    attrs = {"name": name, "value": "$" + draw(st.sampled_from(["text", "image", "clip", "t", "x"]))}
    if draw(rarely(50)):
        attrs.pop(draw(st.sampled_from(["name", "value"])))
    return name, _element(draw(st.sampled_from(OBJECT_TAGS)), {**draw(extra_attributes), **attrs}, [])


@st.composite
def _control(draw: st.DrawFn, targets: list[str]) -> str:
    tag = draw(mostly(st.sampled_from(CONTROL_TAGS), st.sampled_from(UNSUPPORTED_TAGS)))
    attrs = {
        "name": draw(st.sampled_from(NAMES[:8])),
        "toName": draw(mostly(st.sampled_from(targets), attribute_text)),
    }
    if tag == "Rating":
        attrs["maxRating"] = draw(st.sampled_from(NUMBER_TEXT) | st.integers(2, 101).map(str))
    if tag == "Choices":
        attrs["choice"] = draw(st.sampled_from(["single", "multiple", "single-radio"]))
    child = "Choice" if tag == "Choices" else "Label"
    usual_values = st.lists(
        st.sampled_from(["A", "B", "PER", "ORG", "x y"]), min_size=1, max_size=4, unique=True
    )
    values = draw(mostly(usual_values, st.lists(attribute_text, max_size=4)))
    children = [
        _element(
            child,
            {
                "value": v,
                **draw(
                    mostly(st.just({}), st.dictionaries(st.sampled_from(["hotkey", "alias"]), attribute_text))
                ),
            },
            [],
        )
        for v in values
    ]
    return _element(tag, {**draw(extra_attributes), **attrs}, children)


@st.composite
def label_configs(draw: st.DrawFn) -> str:
    """A Label Studio config: mostly a plausible one (objects, controls pointing at them, with
    stray attributes and tricky values), sometimes any nesting of tags, or broken text."""
    kind = draw(st.sampled_from(["plausible"] * 8 + ["text", "nodes"]))
    if kind == "text":
        return draw(st.text(max_size=200))
    if kind == "nodes":
        return f"<View>{''.join(draw(st.lists(nodes, max_size=6)))}</View>"
    objects = draw(st.lists(_object(), min_size=1, max_size=3))
    targets = [name for name, _ in objects]
    parts = [xml for _, xml in objects] + draw(st.lists(_control(targets), min_size=1, max_size=4))
    if draw(rarely()):
        parts.append(draw(nodes))
    parts = draw(st.permutations(parts))
    if draw(st.booleans()):  # some nesting in layout tags
        half = len(parts) // 2
        parts = [_element("View", {}, parts[:half]), *parts[half:]]
    return f"<View>{''.join(parts)}</View>"


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(TRICKY),
)
json_values = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
CONTROL_TYPES = [
    "choices", "rating", "spans", "text", "boxes", "polygons", "masks", "keypoints", "segments",
    "tracks", "ranking",
]  # fmt: skip
FIELD_KINDS = ["text", "image", "audio", "video", "json"]
#: Plausible values per control key, beside anything JSON.
PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "options": st.lists(st.sampled_from(["a", "b", "c", "²"]), min_size=1, max_size=4, unique=True),
    "labels": st.lists(st.sampled_from(["A", "B", "C", "Ω"]), min_size=1, max_size=4, unique=True),
    "points": st.lists(st.sampled_from(["nose", "eye", "ear"]), min_size=1, max_size=3, unique=True),
    "items": st.lists(st.sampled_from(["x", "y", "z"]), min_size=2, max_size=3, unique=True),
    "min": st.integers(-10, 0) | st.integers(),
    "max": st.integers(10, 100) | st.integers(),
    "multiple": st.booleans(),
    "max_length": st.integers(-1, 200_000),
    "required": st.booleans(),
    "hotkeys": st.dictionaries(st.sampled_from(["a", "A", "x"]), st.sampled_from(["1", "q"]), max_size=1),
    "cost_matrix": st.lists(st.lists(st.floats(), max_size=3), max_size=3),
    "sigmas": st.lists(st.floats(), max_size=3),
    "iou_threshold": st.floats(0.01, 1) | st.floats(),
    "oks_threshold": st.floats(0.01, 1) | st.floats(),
    "allow_overlap": st.booleans(),
    "speakers": st.booleans(),
    "transcription": st.booleans(),
    "lowercase": st.none() | st.booleans(),
    "error_unit": st.sampled_from(["word", "char", "byte"]),
}


LABELLED = ["iou_threshold", "hotkeys", "required"]
#: Per control type: the keys it needs, and the keys it may have.
KEYS = {
    "choices": (["options"], ["multiple", "cost_matrix", "hotkeys", "required"]),
    "rating": ([], ["min", "max", "required"]),
    "spans": (["labels"], ["allow_overlap", "hotkeys", "required"]),
    "text": ([], ["max_length", "transcription", "lowercase", "error_unit", "required"]),
    "boxes": (["labels"], LABELLED),
    "polygons": (["labels"], LABELLED),
    "masks": (["labels"], LABELLED),
    "keypoints": (["labels", "points"], ["sigmas", "oks_threshold", "hotkeys"]),
    "segments": (["labels"], [*LABELLED, "speakers"]),
    "tracks": (["labels"], LABELLED),
    "ranking": (["items"], ["required"]),
}


@st.composite
def controls(draw: st.DrawFn, fields: list[str]) -> dict[str, Any]:
    control: dict[str, Any] = {
        "name": draw(mostly(st.sampled_from(NAMES[:8]), st.sampled_from(NAMES))),
        "type": draw(mostly(st.sampled_from(CONTROL_TYPES), attribute_text)),
        "field": draw(st.sampled_from(fields or NAMES)),
    }
    own = KEYS.get(control["type"], ([], []))
    keys = own[0] + draw(
        st.lists(mostly(st.sampled_from(own[1] or ["required"]), st.sampled_from(sorted(PLAUSIBLE))))
    )
    for key in keys:
        control[key] = draw(mostly(PLAUSIBLE[key], json_values))
    if control["type"] == "rating" and draw(st.booleans()):
        # a valid scale, at small or huge magnitudes (beyond 64 bits cannot be stored)
        low = draw(st.sampled_from([2**64, -(2**63) - 50, 10**30, -(10**30)]) | st.integers(-10, 10))
        control.update(min=low, max=low + draw(st.integers(1, 100)))
    if draw(rarely()):
        control.pop(draw(st.sampled_from(["name", "type", "field"])))
    return control


@st.composite
def json_schemas(draw: st.DrawFn) -> Any:
    """A schema: usually shaped like one (fields, controls, overlap …), sometimes any JSON."""
    if draw(rarely()):
        return draw(json_values)
    fields = draw(
        st.dictionaries(
            st.sampled_from(NAMES[:7]),
            mostly(st.sampled_from(FIELD_KINDS), attribute_text),
            min_size=1,
            max_size=3,
        )
    )
    schema: dict[str, Any] = {
        "fields": fields,
        "controls": draw(st.lists(controls(list(fields)), min_size=1, max_size=3)),
    }
    for key in draw(st.lists(st.sampled_from(["overlap", "order", "allow_empty_submissions"]), max_size=2)):
        usual = st.integers(1, 100) if key == "overlap" else st.sampled_from(["random", "sequential", True])
        schema[key] = draw(mostly(usual, json_leaf))
    return schema
