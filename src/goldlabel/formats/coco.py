"""COCO export: one COCO JSON document per project, from its image region controls.

COCO is one JSON object whose lists cross-reference by id (annotations name their image and
category), so unlike the row formats it cannot be written one item at a time: ``document``
builds it in memory — O(images + regions) dicts, capped by ``MAX_COCO_ANNOTATIONS`` — and
``write`` streams the encoded bytes out in chunks.

Every media image (item × image field with a region control) is one COCO image; its size is
the item's ``<field>_width``/``<field>_height`` (the media service fills them), else
``width``/``height``, else 0. Each control × label is one category (``supercategory`` names the
control); a keypoints category carries the point names and the skeleton as 1-based index pairs.
Boxes give ``bbox`` (xywh); polygons a one-ring ``segmentation`` with its shapely area; masks
their stored COCO RLE with area and bbox from the runs; poses flat ``keypoints`` [x, y, v]·k
with the bbox of their placed points. Extra keys per annotation: ``annotation_id`` and
``annotator`` (every submitted answer), or ``score`` (the consensus confidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import orjson

from goldlabel.controls._media import media_size  # the size rule region checks use
from goldlabel.controls.base import ControlSpec, LabelledSpec
from goldlabel.core.errors import ErrorCode, InvalidInput, TooLarge
from goldlabel.core.limits import MAX_COCO_ANNOTATIONS
from goldlabel.formats.labelsets import label_sets
from goldlabel.formats.registry import ExportItem, Labels, WriteContext

COCO_CONTROL_TYPES = frozenset({"boxes", "polygons", "masks", "keypoints"})
WRITE_CHUNK_BYTES = 1 << 16


def region_controls(fields: Mapping[str, str], controls: Iterable[ControlSpec]) -> list[LabelledSpec]:
    """The controls COCO can hold: region controls on an image field."""
    return [
        c
        for c in controls
        if c.type in COCO_CONTROL_TYPES and fields.get(c.field) == "image" and isinstance(c, LabelledSpec)
    ]


def categories(specs: list[LabelledSpec]) -> tuple[list[dict[str, Any]], dict[tuple[str, str], int]]:
    """COCO categories (one per control × label, ids from 1) and their ids by (control, label)."""
    from goldlabel.controls.keypoints import KeypointsSpec  # the quality stack loads on first export

    out: list[dict[str, Any]] = []
    ids: dict[tuple[str, str], int] = {}
    for spec in specs:
        for label in spec.labels:
            category: dict[str, Any] = {"id": len(out) + 1, "name": label, "supercategory": spec.name}
            if isinstance(spec, KeypointsSpec):
                index = {name: i + 1 for i, name in enumerate(spec.points)}
                category["keypoints"] = list(spec.points)
                category["skeleton"] = [[index[a], index[b]] for a, b in spec.skeleton or ()]
            ids[(spec.name, label)] = category["id"]
            out.append(category)
    return out, ids


def _box(region: Mapping[str, Any]) -> dict[str, Any]:
    w, h = float(region["width"]), float(region["height"])
    return {"bbox": [float(region["x"]), float(region["y"]), w, h], "area": w * h}


def _polygon(region: Mapping[str, Any]) -> dict[str, Any]:
    import shapely  # heavy: loaded by the first polygon export, not at server start

    points = np.asarray(region["points"], dtype=np.float64)
    x0, y0 = points.min(axis=0)
    x1, y1 = points.max(axis=0)
    return {
        "segmentation": [points.ravel().tolist()],
        "bbox": [float(x0), float(y0), float(x1 - x0), float(y1 - y0)],
        "area": float(shapely.Polygon(points).area),
    }


def _mask(region: Mapping[str, Any]) -> dict[str, Any]:
    """Area and bbox from the runs, as pycocotools' ``area`` and ``toBbox`` (no decoding)."""
    from goldlabel.quality.geometry.rle import as_rle

    rle = as_rle(region["rle"])
    starts, ends = rle.on_runs()
    bbox = [0.0, 0.0, 0.0, 0.0]
    if starts.size:
        h, last = rle.height, ends - 1
        x0, x1 = starts // h, last // h
        spans = x1 > x0  # a run crossing a column covers it from top to bottom
        y0 = int(np.where(spans, 0, starts % h).min())
        y1 = int(np.where(spans, h - 1, last % h).max())
        bbox = [float(x0.min()), float(y0), float(x1.max() - x0.min() + 1), float(y1 - y0 + 1)]
    return {"segmentation": dict(region["rle"]), "bbox": bbox, "area": float(rle.area)}


def _pose(region: Mapping[str, Any]) -> dict[str, Any]:
    points = np.asarray(region["points"], dtype=np.float64).reshape(-1, 3)
    points[points[:, 2] == 0, :2] = 0.0  # COCO writes unplaced points as 0, 0, 0
    placed = points[points[:, 2] > 0, :2]
    x0, y0 = placed.min(axis=0)
    x1, y1 = placed.max(axis=0)
    w, h = float(x1 - x0), float(y1 - y0)
    return {
        "keypoints": [float(v) if i % 3 < 2 else int(v) for i, v in enumerate(points.ravel())],
        "num_keypoints": len(placed),
        "bbox": [float(x0), float(y0), w, h],
        "area": w * h,
    }


_GEOMETRY = {"boxes": _box, "polygons": _polygon, "masks": _mask, "keypoints": _pose}


def document(
    items: Iterable[Mapping[str, Any]], specs: list[LabelledSpec], *, labels: Labels
) -> dict[str, Any]:
    """The COCO document of export items (``formats/registry.py``'s ``ExportItem``). Raises
    ``TooLarge`` past ``MAX_COCO_ANNOTATIONS``."""
    cats, category_ids = categories(specs)
    fields = list(dict.fromkeys(spec.field for spec in specs))
    images: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for item in items:
        image_ids: dict[str, int] = {}
        for field in fields:
            url = item["data"].get(field)
            if not isinstance(url, str):
                continue
            width, height = media_size(item["data"], field) or (0, 0)
            image_ids[field] = len(images) + 1
            image = {"id": image_ids[field], "file_name": url, "width": int(width), "height": int(height)}
            images.append({**image, "item_id": item["id"]})
        for extra, result in _answers(item, labels):
            for spec in specs:
                image_id = image_ids.get(spec.field)
                for region in result.get(spec.name) or () if image_id is not None else ():
                    if len(annotations) >= MAX_COCO_ANNOTATIONS:
                        raise TooLarge(
                            f"more than {MAX_COCO_ANNOTATIONS} regions, too many for one COCO document"
                        )
                    annotations.append(
                        {
                            "id": len(annotations) + 1,
                            "image_id": image_id,
                            "category_id": category_ids[(spec.name, region["label"])],
                            "iscrowd": 0,
                            **_GEOMETRY[spec.type](region),
                            **extra,
                        }
                    )
    return {"images": images, "categories": cats, "annotations": annotations}


def _answers(item: Mapping[str, Any], labels: Labels) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(extra keys, result) per control answer the document holds for an item."""
    for labelset in label_sets(item, labels):
        if labelset.kind == "annotation":
            yield {"annotation_id": labelset.annotation_id, "annotator": labelset.author}, labelset.result
            continue
        for name, value in labelset.result.items():
            yield {"score": labelset.confidence[name]}, {name: value}


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    """The encoded document in chunks of ``WRITE_CHUNK_BYTES``; InvalidInput (``no_image_regions``)
    for a project without image region controls."""
    specs = region_controls(context.schema.fields, context.schema.controls)
    if not specs:
        raise InvalidInput(
            "COCO holds image regions, and this project has no boxes, polygons, masks or keypoints "
            "control on an image field",
            code=ErrorCode.NO_IMAGE_REGIONS,
        )
    body = orjson.dumps(document(items, specs, labels=context.labels))
    for start in range(0, len(body), WRITE_CHUNK_BYTES):
        yield body[start : start + WRITE_CHUNK_BYTES]
