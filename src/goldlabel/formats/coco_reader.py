"""COCO import: a COCO JSON document to one row per image, its annotations as label sets.

Kept apart from ``coco.py`` (the writer) so each stays readable; they share the category rule.

- **Images** are found by ``file_name`` (its name, base name or stem) among the project's media
  or the zip's images (``ReadContext.media_url``); one row per image, in the document's order.
  An image the project does not hold refuses the file, naming the image id.
- **Categories** map to controls: a ``supercategory`` naming a control (as goldlabel's export
  writes) picks it; otherwise the control whose labels hold the category's name and whose type
  fits the annotation (keypoints -> keypoints, an RLE -> masks, a polygon -> polygons, else a
  ``bbox`` -> boxes). A category no control holds refuses the file, naming the annotation id.
- **Geometry**: ``bbox`` -> a box; a polygon ``segmentation`` -> one polygon per ring (a
  multi-ring object is split into several polygons of its label, as COCO draws it); an RLE
  (compressed string or uncompressed list of ``counts``) -> a mask, its ``size`` the image's;
  ``keypoints`` -> a pose, mapped onto the control's points by the category's ``keypoints``
  names (positional when it names none); points the category lacks are unplaced.
- **Label sets**: annotations carrying ``annotator`` (goldlabel's ``labels=annotations`` export)
  group per annotator, that email the author; the others form one set with no author.
- **score** (goldlabel's consensus confidence, or a detector's): kept per control as the
  label set's ``scores`` (the mean over its regions), so ``labels_as=predictions`` stores it;
  annotations and gold have no score and ignore it.

Coordinates outside the image, or a malformed record, refuse the file naming the record.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, Any

import orjson

from goldlabel.controls.base import LabelledSpec
from goldlabel.core.limits import MAX_COCO_DOCUMENT_BYTES
from goldlabel.formats import image_datasets as ds
from goldlabel.formats.coco import region_controls
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.registry import ReadContext

EDGE = 1e-6
Size = tuple[float, float] | None


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    raw = stream.read(MAX_COCO_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_COCO_DOCUMENT_BYTES:
        raise FormatError(None, f"a COCO document is parsed whole: at most {MAX_COCO_DOCUMENT_BYTES} bytes")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise FormatError(None, f"not valid COCO JSON: {exc}") from None
    if not isinstance(doc, dict) or not all(isinstance(doc.get(k), list) for k in ("images", "annotations")):
        raise FormatError(
            None, "a COCO document is an object with 'images', 'annotations' and 'categories' lists"
        )
    specs = region_controls(context.schema.fields, context.schema.controls)
    if not specs:
        raise FormatError(
            None, "a COCO import needs a boxes, polygons, masks or keypoints control on an image field"
        )
    rows = ds.ImageRows(ds.one_field(specs, "COCO"), context)
    images: dict[Any, tuple[str, Size]] = {}
    for image in doc["images"]:
        if not isinstance(image, dict) or not isinstance(image.get("file_name"), str) or _ref(image) is None:
            raise FormatError(None, f"image {_id(image)}: needs an 'id' (a number or text) and a 'file_name'")
        url, size = rows.image(image["file_name"], f"image {image['id']!r}")
        images[image["id"]] = url, size
        rows.add_image(url)
    categories = {_ref(c): c for c in _list(doc, "categories") if isinstance(c, dict) and _ref(c) is not None}
    for ann in doc["annotations"]:
        where = f"annotation {_id(ann)}"
        if not isinstance(ann, dict):
            raise FormatError(None, f"{where}: must be an object")
        if _ref(ann, "image_id") not in images:
            raise FormatError(None, f"{where}: image_id {ann.get('image_id')!r} is not in 'images'")
        category = categories.get(_ref(ann, "category_id"))
        if category is None:
            raise FormatError(None, f"{where}: category_id {ann.get('category_id')!r} is not in 'categories'")
        url, size = images[ann["image_id"]]
        spec = _control(specs, category, ann, where)
        regions = _regions(spec, category, ann, size, where)
        author = ann.get("annotator")
        score = ann.get("score")
        rows.add(
            url,
            author if isinstance(author, str) else None,
            spec.name,
            regions,
            float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None,
        )
    yield from rows.build()


def _ref(record: Mapping[str, Any], key: str = "id") -> int | str | None:
    """An id that can key a dict: a whole number or a text (never a list, a float or a bool)."""
    value = record.get(key)
    return value if isinstance(value, int | str) and not isinstance(value, bool) else None


def _list(doc: Mapping[str, Any], key: str) -> list[Any]:
    value = doc.get(key)
    return value if isinstance(value, list) else []


def _id(record: Any) -> str:
    return repr(record.get("id")) if isinstance(record, dict) else "?"


def _kind(ann: Mapping[str, Any]) -> str:
    segmentation = ann.get("segmentation")
    if ann.get("keypoints"):
        return "keypoints"
    if isinstance(segmentation, dict):
        return "masks"
    if isinstance(segmentation, list) and segmentation:
        return "polygons"
    return "boxes"


def _control(
    specs: list[LabelledSpec], category: Mapping[str, Any], ann: Mapping[str, Any], where: str
) -> LabelledSpec:
    name = category.get("name")
    named = [s for s in specs if s.name == category.get("supercategory") and name in s.labels]
    if named:
        return named[0]
    kind = _kind(ann)
    fitting = [s for s in specs if name in s.labels and s.type == kind]
    if not fitting and "bbox" in ann:
        fitting = [s for s in specs if name in s.labels and s.type == "boxes"]
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        holders = sorted({s.name for s in specs if name in s.labels})
        why = (
            f"only {holders} hold it, and this annotation is {kind}"
            if holders
            else "no control has this label"
        )
        raise FormatError(
            None, f"{where}: category {name!r} (id {category.get('id')!r}) does not fit the schema: {why}"
        )
    raise FormatError(
        None,
        f"{where}: category {name!r} fits controls {[s.name for s in fitting]}: set its "
        "'supercategory' to the control's name",
    )


def _regions(
    spec: LabelledSpec, category: Mapping[str, Any], ann: Mapping[str, Any], size: Size, where: str
) -> list[dict[str, Any]]:
    label = category["name"]
    if spec.type == "boxes":
        x, y, w, h = _numbers(ann.get("bbox"), 4, where, "bbox")
        _inside([(x, y), (x + w, y + h)], size, where)
        return [{"x": x, "y": y, "width": w, "height": h, "label": label}]
    if spec.type == "polygons":
        rings = ann.get("segmentation")
        if not isinstance(rings, list) or not rings:
            raise FormatError(None, f"{where}: control {spec.name!r} takes a polygon 'segmentation'")
        out = []
        for ring in rings:
            flat = _numbers(ring, None, where, "segmentation")
            if len(flat) < 6 or len(flat) % 2:
                raise FormatError(None, f"{where}: a polygon ring needs 3 or more x, y pairs")
            points = [[flat[i], flat[i + 1]] for i in range(0, len(flat), 2)]
            _inside(points, size, where)
            out.append({"points": points, "label": label})
        return out
    if spec.type == "masks":
        return [{"rle": _rle(ann.get("segmentation"), size, where), "label": label}]
    return [{"points": _pose(spec, category, ann.get("keypoints"), size, where), "label": label}]


def _numbers(value: Any, count: int | None, where: str, key: str) -> list[float]:
    ok = isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    )
    if not ok or (count is not None and len(value) != count):
        raise FormatError(None, f"{where}: '{key}' must be a list of {count or 'the'} numbers")
    return list(value)


def _inside(points: list[Any], size: Size, where: str) -> None:
    if size is None:
        return  # the control's own check bounds them once the item knows its size
    for x, y in points:
        if not (-EDGE <= x <= size[0] + EDGE and -EDGE <= y <= size[1] + EDGE):
            raise FormatError(None, f"{where}: ({x}, {y}) is outside the {size[0]:g}×{size[1]:g} image")


def _rle(value: Any, size: Size, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {"size", "counts"}:
        raise FormatError(None, f"{where}: a mask 'segmentation' is an RLE {{size, counts}}")
    counts = value["counts"]
    if not isinstance(counts, str) and not (
        isinstance(counts, list) and all(isinstance(c, int) for c in counts)
    ):
        raise FormatError(None, f"{where}: RLE 'counts' must be a string or a list of run lengths")
    if size is not None and value["size"] != [int(size[1]), int(size[0])]:
        raise FormatError(
            None,
            f"{where}: the mask's size {value['size']} is not the image's [height, width] "
            f"{[int(size[1]), int(size[0])]}",
        )
    return {"size": value["size"], "counts": counts}


def _pose(
    spec: LabelledSpec, category: Mapping[str, Any], value: Any, size: Size, where: str
) -> list[list[float]]:
    spec_points: list[str] = list(getattr(spec, "points", []))
    names = category.get("keypoints") or spec_points
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise FormatError(None, f"{where}: the category's 'keypoints' must list point names")
    flat = _numbers(value, 3 * len(names), where, "keypoints")
    unknown = [n for n in names if n not in spec_points]
    if unknown:
        raise FormatError(
            None, f"{where}: keypoints {unknown} are not points of control {spec.name!r} ({spec_points})"
        )
    given = {n: flat[3 * i : 3 * i + 3] for i, n in enumerate(names)}
    points: list[list[float]] = []
    for name in spec_points:
        x, y, v = given.get(name, [0, 0, 0])
        if v not in (0, 1, 2):
            raise FormatError(None, f"{where}: point {name!r}'s visibility must be 0, 1 or 2")
        if v:
            _inside([(x, y)], size, where)
        points.append([x, y, int(v)] if v else [0, 0, 0])
    return points
