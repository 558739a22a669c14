"""Pascal VOC: one XML file per image with its boxes (``Annotations/<image stem>.xml``).

Each ``<object>`` is a box: ``<name>`` its label, ``<bndbox>`` its ``xmin ymin xmax ymax`` in
pixels as goldlabel stores them (``xmin = x``, ``xmax = x + width``; no 1-based shift, numbers
kept fractional when they are), ``<pose>Unspecified``, ``<truncated>``/``<difficult>`` 0 on
export and ignored on import. ``<size>`` is the image's when known (0 otherwise). The zip also
holds ``labels.txt`` (the control's labels, one a line). VOC holds boxes only: polygons, masks
and keypoints are not written. With ``include_media=true`` the labelled images go in
``JPEGImages/``. Folders per control and per annotator:
``formats/image_datasets.py``.

XML is written from a template (texts escaped) and parsed with defusedxml (no entities, no DTDs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from goldlabel.controls.base import LabelledSpec
from goldlabel.formats import image_datasets as ds
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

LABELS_DIR = "Annotations"
IMAGES_DIR = "JPEGImages"  # VOC's name, whatever the images' type
COORDS = ("xmin", "ymin", "xmax", "ymax")
EDGE = 1e-6


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    specs = ds.image_controls(context.schema, ("boxes",), "Pascal VOC", "boxes")
    return ds.zip_stream(_files(items, specs, context))


def _files(
    items: Iterable[ExportItem], specs: list[LabelledSpec], context: WriteContext
) -> Iterator[tuple[str, bytes | Path]]:
    for folder, spec in ds.dataset_folders(specs):
        yield f"{folder}labels.txt", "".join(f"{label}\n" for label in spec.labels).encode()
    for labels, image in ds.with_media(ds.image_labels(items, specs, context), context, IMAGES_DIR):
        if image is not None:
            yield image
        yield f"{labels.folder}{LABELS_DIR}/{labels.stem}.xml", _xml(labels)


_HEAD = """<?xml version='1.0' encoding='utf-8'?>
<annotation>
  <folder>{folder}</folder>
  <filename>{filename}</filename>
  <path>{path}</path>
  <size>
    <width>{width}</width>
    <height>{height}</height>
    <depth>3</depth>
  </size>
  <segmented>0</segmented>
"""
_OBJECT = """  <object>
    <name>{name}</name>
    <pose>Unspecified</pose>
    <truncated>0</truncated>
    <difficult>0</difficult>
    <bndbox>
      <xmin>{xmin}</xmin>
      <ymin>{ymin}</ymin>
      <xmax>{xmax}</xmax>
      <ymax>{ymax}</ymax>
    </bndbox>
  </object>
"""


def _xml(labels: ds.ImageLabels) -> bytes:
    """The VOC file, from a template with every text escaped: ElementTree's serialiser took
    five times as long (0.6 ms a file), the bulk of a VOC export."""
    width, height = labels.size or (0, 0)
    parts = [
        _HEAD.format(
            folder=IMAGES_DIR,
            filename=escape(ds.media_name(labels.url)),
            path=escape(labels.url),
            width=ds.number_text(width),
            height=ds.number_text(height),
        )
    ]
    for region in labels.regions:
        x, y = float(region["x"]), float(region["y"])
        corners = (x, y, x + float(region["width"]), y + float(region["height"]))
        parts.append(
            _OBJECT.format(
                name=escape(region["label"]),
                **{k: ds.number_text(v) for k, v in zip(COORDS, corners, strict=True)},
            )
        )
    parts.append("</annotation>\n")
    return "".join(parts).encode()


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    """Rows from a zip of ``Annotations/*.xml``, with or without the images: one row per image."""
    schema = context.schema
    specs: dict[str, LabelledSpec] = {
        c.name: c
        for c in schema.controls
        if c.type == "boxes" and schema.fields.get(c.field) == "image" and isinstance(c, LabelledSpec)
    }
    if not specs:
        raise FormatError(None, "a Pascal VOC import needs a boxes control on an image field")
    archive, names = ds.read_zip(stream, context)
    files = ds.label_files(names, LABELS_DIR, ".xml")
    if not files:
        raise FormatError(None, f"the zip holds no VOC files ({LABELS_DIR}/<image>.xml)")
    rows = ds.ImageRows(ds.one_field(specs.values(), "Pascal VOC"), context)
    for name in names:
        if ds.is_image(name):
            rows.add_image(rows.image(name, name)[0])

    def only() -> LabelledSpec:
        if len(specs) != 1:
            raise FormatError(
                None,
                "the project has several boxes controls: put each one's files in a folder named after it",
            )
        return next(iter(specs.values()))

    for f in files:
        spec = ds.control_for(f.dataset, specs, f.path, only)
        root = _parse(archive.read(f.path), f.path)
        image = (root.findtext("filename") or "").strip() or f.stem
        url, size = rows.image(image, f.path)
        regions = [
            _box(obj, spec, size, f"{f.path} object {i}")
            for i, obj in enumerate(root.iter("object"), start=1)
        ]
        rows.add(url, f.author, spec.name, regions)
    yield from rows.build()


def _parse(raw: bytes, path: str) -> Any:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(raw)
    except (ParseError, DefusedXmlException) as exc:
        raise FormatError(None, f"{path}: not valid VOC XML ({exc})") from None
    if root.tag != "annotation":
        raise FormatError(None, f"{path}: the root element must be <annotation>, not <{root.tag}>")
    return root


def _box(obj: Any, spec: LabelledSpec, size: tuple[float, float] | None, where: str) -> dict[str, Any]:
    label = (obj.findtext("name") or "").strip()
    if label not in spec.labels:
        raise FormatError(None, f"{where}: {label!r} is not a label of control {spec.name!r} ({spec.labels})")
    box = obj.find("bndbox")
    try:
        x0, y0, x1, y1 = (float((box.findtext(tag) or "").strip()) for tag in COORDS)
    except (AttributeError, ValueError):
        raise FormatError(None, f"{where}: <bndbox> needs numbers xmin, ymin, xmax and ymax") from None
    if not (x1 > x0 and y1 > y0 and x0 >= -EDGE and y0 >= -EDGE):
        raise FormatError(None, f"{where}: the box ({x0}, {y0}, {x1}, {y1}) is empty or starts off the image")
    if size is not None and (x1 > size[0] + EDGE or y1 > size[1] + EDGE):
        raise FormatError(
            None, f"{where}: the box ends at ({x1}, {y1}), outside the {size[0]:g}×{size[1]:g} image"
        )
    return {
        "x": ds.pixel(x0),
        "y": ds.pixel(y0),
        "width": ds.pixel(x1 - x0),
        "height": ds.pixel(y1 - y0),
        "label": label,
    }
