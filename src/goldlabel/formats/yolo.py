"""YOLO (Ultralytics) datasets: detect from boxes, segment from polygons, pose from keypoints.

Ultralytics' layout: ``labels/<image stem>.txt`` per image, a line per object with the class
index and coordinates normalised by the image's width and height (0..1, origin top-left), and a
``data.yaml`` naming the classes (``names``; for pose also ``kpt_shape: [k, 3]`` and
``flip_idx``, the point each point becomes when the image is mirrored)::

    detect   c xc yc w h                  (box centre and size)
    segment  c x1 y1 x2 y2 ... xn yn      (one polygon ring)
    pose     c xc yc w h x1 y1 v1 ... xk yk vk   (box of the placed points; v 0/1/2)

Masks are not written: Ultralytics' segment labels are polygons, and tracing a mask's outline
would change it. Folders per control and per annotator: ``formats/image_datasets.py``. Numbers
are written in Python's shortest exact form; an import rounds pixels to 1e-6, so ``x / w * w``
comes back as ``x``. An image whose size is unknown cannot be normalised: it is left out of the
export and named in ``skipped.txt``. With ``include_media=true`` the images that have labels go in
``images/<stem><suffix>`` (Ultralytics' own layout: the zip trains as it is).

PyYAML reads and writes ``data.yaml`` (``yaml.safe_*`` only).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from goldlabel.controls.base import LabelledSpec
from goldlabel.formats import image_datasets as ds
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

TASKS = {"boxes": "detect", "polygons": "segment", "keypoints": "pose"}
HOLDS = "boxes (detect), polygons (segment) or keypoints (pose)"
EDGE = 1e-6  # normalised coordinates a rounding error outside 0..1 are clipped, not refused
_SIDES = (("left", "right"), ("Left", "Right"), ("l_", "r_"), ("L", "R"))


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    specs = ds.image_controls(context.schema, TASKS, "YOLO", HOLDS)
    return ds.zip_stream(_files(items, specs, context))


def _files(
    items: Iterable[ExportItem], specs: list[LabelledSpec], context: WriteContext
) -> Iterator[tuple[str, bytes | Path]]:
    for folder, spec in ds.dataset_folders(specs):
        yield f"{folder}data.yaml", _data_yaml(spec)
    skipped: list[str] = []
    for labels, image in ds.with_media(ds.image_labels(items, specs, context), context, "images"):
        if labels.size is None:
            skipped.append(f"{labels.folder}{labels.stem}: {labels.url}")
            continue
        if image is not None:
            yield image
        text = "".join(_line(labels.spec, r, labels.size) + "\n" for r in labels.regions)
        yield f"{labels.folder}labels/{labels.stem}.txt", text.encode()
    if skipped:
        note = "Images left out: their width and height are unknown, so YOLO cannot normalise them.\n"
        yield "skipped.txt", (note + "\n".join(skipped) + "\n").encode()


def _data_yaml(spec: LabelledSpec) -> bytes:
    import yaml

    # No ``path``: Ultralytics then reads ``train``/``val`` beside this file.
    doc: dict[str, Any] = {"train": "images", "val": "images"}
    doc["names"] = dict(enumerate(spec.labels))
    points = getattr(spec, "points", None)
    if spec.type == "keypoints" and points is not None:
        doc["kpt_shape"] = [len(points), 3]
        doc["flip_idx"] = flip_idx(points)
    header = f"# goldlabel: control {spec.name!r} ({spec.type}, YOLO {TASKS[spec.type]})\n"
    return (header + str(yaml.safe_dump(doc, sort_keys=False))).encode()


def flip_idx(points: list[str]) -> list[int]:
    """Each point's mirror by name (``left_eye`` <-> ``right_eye``), else itself."""
    index = {name: i for i, name in enumerate(points)}
    out = []
    for name in points:
        mirror = name
        for a, b in _SIDES:
            if a in name:
                mirror = name.replace(a, b, 1)
                break
            if b in name:
                mirror = name.replace(b, a, 1)
                break
        out.append(index.get(mirror, index[name]))
    return out


_n = ds.number_text


def _line(spec: LabelledSpec, region: dict[str, Any], size: tuple[float, float]) -> str:
    w, h = size
    c = str(spec.labels.index(region["label"]))
    if spec.type == "boxes":
        x, y, bw, bh = (float(region[k]) for k in ("x", "y", "width", "height"))
        return " ".join(
            [
                c,
                _n((x + bw / 2) / w),
                _n((y + bh / 2) / h),
                _n(bw / w),
                _n(bh / h),
            ]
        )
    if spec.type == "polygons":
        return " ".join([c, *(f"{_n(px / w)} {_n(py / h)}" for px, py in region["points"])])
    placed = [(px, py) for px, py, v in region["points"] if v]
    x0, x1 = min(p[0] for p in placed), max(p[0] for p in placed)
    y0, y1 = min(p[1] for p in placed), max(p[1] for p in placed)
    box = [
        _n((x0 + x1) / 2 / w),
        _n((y0 + y1) / 2 / h),
        _n((x1 - x0) / w),
        _n((y1 - y0) / h),
    ]
    pts = [f"{_n(px / w)} {_n(py / h)} {int(v)}" if v else "0 0 0" for px, py, v in region["points"]]
    return " ".join([c, *box, *pts])


# --- reading ---------------------------------------------------------------------------------


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    """Rows from a zip of ``labels/*.txt`` (and ``data.yaml``), with or without the images:
    one row per image (in the zip, or named by a label file and held by the project)."""
    schema = context.schema
    specs: dict[str, LabelledSpec] = {
        c.name: c
        for c in schema.controls
        if c.type in TASKS and schema.fields.get(c.field) == "image" and isinstance(c, LabelledSpec)
    }
    if not specs:
        raise FormatError(None, f"a YOLO import needs a control of {HOLDS} on an image field")
    archive, names = ds.read_zip(stream, context)
    yamls = {posixpath.dirname(n): n for n in names if n.lower().endswith((".yaml", ".yml"))}
    files = ds.label_files(names, "labels", ".txt")
    if not files:
        raise FormatError(None, "the zip holds no label files (labels/<image>.txt)")
    datasets: dict[str, tuple[LabelledSpec, list[str], tuple[int, int]]] = {}
    rows = ds.ImageRows(ds.one_field(specs.values(), "YOLO"), context)
    for name in names:
        if ds.is_image(name):
            rows.add_image(rows.image(name, name)[0])
    for f in files:
        text = _text(archive.read(f.path), f.path)
        if f.dataset not in datasets:
            datasets[f.dataset] = _dataset(f.dataset, yamls, archive, specs, text, f.path)
        spec, class_names, shape = datasets[f.dataset]
        url, size = rows.image(f.stem, f.path)
        if size is None:
            raise FormatError(
                None, f"{f.path}: the size of image {f.stem!r} is unknown, so its labels cannot be placed"
            )
        regions = [
            _region(spec, class_names, shape, line, size, f"{f.path} line {n}")
            for n, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
        rows.add(url, f.author, spec.name, regions)
    yield from rows.build()


def _text(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(None, f"{path}: not UTF-8 text") from None


def _dataset(
    dataset: str, yamls: dict[str, str], archive: Any, specs: dict[str, LabelledSpec], sample: str, where: str
) -> tuple[LabelledSpec, list[str], tuple[int, int]]:
    """The control a dataset folder fills, its class names and its poses' (points, values per
    point) ((0, 0) for boxes and polygons)."""
    import yaml

    path = yamls.get(dataset) or (next(iter(yamls.values())) if len(yamls) == 1 else None)
    doc: Any = {}
    if path is not None:
        try:
            doc = yaml.safe_load(archive.read(path)) or {}
        except yaml.YAMLError as exc:
            raise FormatError(None, f"{path}: not valid YAML ({exc})") from None
        if not isinstance(doc, dict):
            raise FormatError(None, f"{path}: expected a mapping with 'names'")
    shape = doc.get("kpt_shape")
    first = next((line.split() for line in sample.splitlines() if line.strip()), [])
    task = "pose" if shape else "detect" if len(first) in (0, 5) else "segment"

    def choose() -> LabelledSpec:
        kind = next(t for t, v in TASKS.items() if v == task)
        found = [s for s in specs.values() if s.type == kind]
        if len(found) != 1:
            raise FormatError(
                None,
                f"the labels look like YOLO {task}; the project has {len(found)} {kind} controls: "
                "put each control's labels in a folder named after it",
            )
        return found[0]

    spec = ds.control_for(dataset, specs, where, choose)
    names = _names(doc.get("names"), spec, path or where)
    pose = (0, 0)
    if spec.type == "keypoints":
        points = getattr(spec, "points", [])
        if not (
            isinstance(shape, list) and len(shape) == 2 and shape[0] == len(points) and shape[1] in (2, 3)
        ):
            raise FormatError(
                None,
                f"{path or where}: kpt_shape {shape} does not fit control {spec.name!r}'s "
                f"{len(points)} points",
            )
        pose = (len(points), shape[1])
    return spec, names, pose


def _names(value: Any, spec: LabelledSpec, where: str) -> list[str]:
    if value is None:
        return list(spec.labels)
    if isinstance(value, dict) and set(value) == set(range(len(value))):
        value = [value[i] for i in range(len(value))]
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise FormatError(None, f"{where}: 'names' must list the class names")
    return value


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _region(
    spec: LabelledSpec,
    names: list[str],
    pose: tuple[int, int],
    line: str,
    size: tuple[float, float],
    where: str,
) -> dict[str, Any]:
    parts = line.split()
    if not (parts[0].isascii() and parts[0].isdigit()) or not all(_NUMBER.match(p) for p in parts[1:]):
        raise FormatError(None, f"{where}: expected a class index and numbers, got {line.strip()[:80]!r}")
    c = int(parts[0])
    if c >= len(names):
        raise FormatError(None, f"{where}: class {c} is not in the dataset's names ({len(names)} classes)")
    if names[c] not in spec.labels:
        raise FormatError(
            None, f"{where}: class {names[c]!r} is not a label of control {spec.name!r} ({spec.labels})"
        )
    values = [float(p) for p in parts[1:]]
    w, h = size
    if spec.type == "boxes":
        if len(values) != 4:
            raise FormatError(
                None, f"{where}: a detect line has a class and 4 numbers, this one {len(values)}"
            )
        xc, yc, bw, bh = (_unit(v, where) for v in values)
        x, y = _px(xc - bw / 2, w), _px(yc - bh / 2, h)
        return {"x": x, "y": y, "width": _px(bw, w), "height": _px(bh, h), "label": names[c]}
    if spec.type == "polygons":
        if len(values) < 6 or len(values) % 2:
            raise FormatError(None, f"{where}: a segment line has a class and 3 or more x y pairs")
        xy = [_unit(v, where) for v in values]
        return {
            "points": [[_px(xy[i], w), _px(xy[i + 1], h)] for i in range(0, len(xy), 2)],
            "label": names[c],
        }
    count, dims = pose
    if len(values) != 4 + count * dims:
        raise FormatError(
            None, f"{where}: a pose line has a class, 4 box numbers and {count}×{dims} point values"
        )
    points = []
    for i in range(count):
        x, y = _unit(values[4 + i * dims], where), _unit(values[5 + i * dims], where)
        flag = values[6 + i * dims] if dims == 3 else (2 if x or y else 0)
        if flag not in (0, 1, 2):
            raise FormatError(None, f"{where}: point {i + 1}'s visibility must be 0, 1 or 2")
        v = int(flag)
        points.append([_px(x, w), _px(y, h), v] if v else [0, 0, 0])
    return {"points": points, "label": names[c]}


def _unit(value: float, where: str) -> float:
    if not -EDGE <= value <= 1 + EDGE:
        raise FormatError(None, f"{where}: {value} is outside the image (YOLO coordinates are 0..1)")
    return min(max(value, 0.0), 1.0)


def _px(value: float, side: float) -> float:
    return ds.pixel(value * side)
