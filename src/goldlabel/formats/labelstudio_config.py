"""A Label Studio labeling config (XML) for a goldlabel schema: what a ``labelstudio`` export
needs beside it to open in Label Studio with every control it holds.

The inverse of ``controls/labelstudio.py`` (which maps a config onto a schema): one object tag
per field named after the field (``<Image name="image" value="$image"/>``), one control tag per
control named after the control, as ``labelstudio_results_out`` names results' ``from_name``/
``to_name``. A tracks control is a ``<VideoRectangle>`` with its labels in a ``<Labels>`` tag
named ``<control>_labels``; a segments control gets a per-region ``<TextArea>`` named
``<control>_text`` for its transcripts; a keypoints control's point names are its labels.
Ranking and json fields have no Label Studio counterpart and are left out.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, indent, tostring

from goldlabel.controls.base import LabelledSpec
from goldlabel.controls.schema import ProjectSchema
from goldlabel.formats.labelstudio_results_out import TRANSCRIPT_SUFFIX, WRITTEN_TYPES

OBJECT_TAGS = {"text": "Text", "image": "Image", "audio": "Audio", "video": "Video"}
REGION_TAGS = {
    "boxes": "RectangleLabels",
    "polygons": "PolygonLabels",
    "masks": "BrushLabels",
    "keypoints": "KeyPointLabels",
}


def label_config(schema: ProjectSchema) -> str:
    """The XML config; values are escaped by ElementTree."""
    root = Element("View")
    for field, kind in schema.fields.items():
        if kind in OBJECT_TAGS:
            SubElement(root, OBJECT_TAGS[kind], name=field, value=f"${field}")
    for spec in schema.controls:
        kind = schema.fields[spec.field]
        if spec.type not in WRITTEN_TYPES or kind not in OBJECT_TAGS:
            continue
        attrs = {"name": spec.name, "toName": spec.field}
        if spec.type == "choices":
            tag = SubElement(root, "Choices", attrs, choice="multiple" if spec.multiple else "single")
            for option in spec.options:
                SubElement(tag, "Choice", value=option)
        elif spec.type == "rating":
            SubElement(root, "Rating", attrs, maxRating=str(spec.max))
        elif spec.type == "text":
            SubElement(root, "TextArea", attrs)
        elif spec.type == "tracks":
            _labels(root, "Labels", {"name": f"{spec.name}_labels", "toName": spec.field}, spec.labels)
            SubElement(root, "VideoRectangle", attrs)
        elif spec.type == "segments":
            _labels(root, "TimelineLabels" if kind == "video" else "Labels", attrs, spec.labels)
            transcript = {"name": spec.name + TRANSCRIPT_SUFFIX, "toName": spec.field}
            SubElement(root, "TextArea", transcript, perRegion="true")
        elif spec.type == "keypoints":
            _labels(root, "KeyPointLabels", attrs, spec.points)
        elif isinstance(spec, LabelledSpec):
            _labels(root, REGION_TAGS.get(spec.type, "Labels"), attrs, spec.labels)
    indent(root)
    return tostring(root, encoding="unicode")


def _labels(root: Element, tag: str, attrs: dict[str, str], labels: list[str]) -> None:
    element = SubElement(root, tag, attrs)
    for label in labels:
        SubElement(element, "Label", value=label)
