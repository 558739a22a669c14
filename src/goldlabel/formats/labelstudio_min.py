"""Label Studio's JSON-MIN export: one flat object per label set, for people who read labels
without Label Studio's result lists.

Shaped exactly as label-studio-sdk's ``convert_to_json_min`` writes it: the task's data fields,
``id``, one key per control holding ``prettify_result``'s simplified value (a single choice or
text as a plain value, else the list of result values with the image size where the result
has one), then ``annotator`` (the author's email), ``annotation_id``, ``created_at``,
``updated_at`` and ``lead_time`` (seconds). A task without labels is one object with those keys
null, as there. goldlabel's final label (``labels=final``) is an object with ``annotator`` null
plus ``method`` and ``confidence`` per control. Label Studio imports such a file as tasks (the
flat keys become data), not as annotations: use ``labelstudio`` to migrate annotations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from goldlabel.formats.labelsets import label_sets
from goldlabel.formats.labelstudio import annotation_times, json_list, results_of, task_id
from goldlabel.formats.registry import ExportItem, WriteContext

#: Label Studio's tag name per control type (``prettify_result`` keys on it).
LS_TAGS = {
    "choices": "Choices",
    "rating": "Rating",
    "text": "TextArea",
    "spans": "Labels",
    "segments": "Labels",
    "boxes": "RectangleLabels",
    "polygons": "PolygonLabels",
    "masks": "BrushLabels",
    "keypoints": "KeyPointLabels",
    "tracks": "VideoRectangle",
}
NO_ANNOTATION = {
    "annotator": None,
    "annotation_id": None,
    "created_at": None,
    "updated_at": None,
    "lead_time": None,
}


def simplified(tag: str, results: list[dict[str, Any]]) -> Any:
    """label-studio-sdk's ``prettify_result`` of one control's results."""
    values = []
    for r in results:
        value = dict(r["value"])
        for key in ("original_width", "original_height"):
            if key in r:
                value[key] = r[key]
        if tag == "Choices" and len(value["choices"]) == 1:
            values.append(value["choices"][0])
        elif tag == "TextArea" and len(value["text"]) == 1:
            values.append(value["text"][0])
        else:
            values.append(value)
    return values[0] if tag in ("Choices", "TextArea") and len(values) == 1 else values


def records(item: Mapping[str, Any], context: WriteContext) -> Iterator[dict[str, Any]]:
    """The JSON-MIN objects of one export item."""
    tags = {spec.name: LS_TAGS[spec.type] for spec in context.schema.controls if spec.type in LS_TAGS}
    sets = label_sets(item, context.labels)
    if not sets:
        yield {**item["data"], "id": task_id(item), **NO_ANNOTATION}
    for labelset in sets:
        record: dict[str, Any] = {**item["data"], "id": task_id(item)}
        by_name: dict[str, list[dict[str, Any]]] = {}
        for r in results_of(item, context, labelset.result):
            by_name.setdefault(r["from_name"], []).append(r)
        for name, results in by_name.items():
            # a segment's transcript is a per-region TextArea named <control>_text
            record[name] = simplified(tags.get(name, "TextArea"), results)
        record.update(
            annotator=labelset.author,
            annotation_id=labelset.annotation_id,
            **annotation_times(item, labelset),
        )
        if labelset.kind == "final":
            record.update(method=labelset.method, confidence=labelset.confidence)
        yield record


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    return json_list(record for item in items for record in records(item, context))
