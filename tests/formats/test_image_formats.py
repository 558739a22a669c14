"""COCO, YOLO and VOC readers and writers without a server: reading what a writer wrote with
labels=annotations gives each annotator's regions back under their email; YOLO's numbers obey
its documented normalisation (checked by an independent parser); VOC is well-formed XML; the
COCO reader splits multi-ring polygons, maps keypoints by name, keeps RLE counts of both kinds
and scores."""

from __future__ import annotations

import contextlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from goldlabel.controls.schema import load_schema
from goldlabel.formats import coco, coco_reader, voc, yolo
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.registry import ReadContext, WriteContext

SIZES = {"a.jpg": (97.0, 61.0), "b.png": (640.0, 480.0)}
POINTS = ["nose", "left_eye", "right_eye"]
SCHEMA = load_schema(
    {
        "fields": {"image": "image"},
        "controls": [
            {"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"]},
            {"name": "outlines", "type": "polygons", "field": "image", "labels": ["road"]},
            {"name": "masks", "type": "masks", "field": "image", "labels": ["sky"]},
            {"name": "pose", "type": "keypoints", "field": "image", "labels": ["person"], "points": POINTS},
        ],
    }
)


def _context() -> ReadContext:
    def url(name: str) -> str | None:
        base = name.rsplit("/", 1)[-1]
        found = [n for n in SIZES if base in (n, n.rsplit(".", 1)[0])]
        return f"/api/media/1/{found[0]}" if found else None

    return ReadContext(SCHEMA, "labels.zip", lambda u: SIZES.get(u.rsplit("/", 1)[-1]), url)


def _result(k: float) -> dict[str, Any]:
    return {
        "objects": [{"x": 1.5 * k, "y": 2, "width": 10.1, "height": 7, "label": "person"}],
        "outlines": [{"points": [[1, 1], [20.3 * k, 4], [7, 30]], "label": "road"}],
        "pose": [{"points": [[10, 11 * k, 2], [0, 0, 0], [12.25, 13, 1]], "label": "person"}],
    }


def _items() -> list[dict[str, Any]]:
    out = []
    for i, (name, (w, h)) in enumerate(SIZES.items(), start=1):
        data = {"image": f"/api/media/1/{name}", "image_width": w, "image_height": h}
        annotations = [
            {"id": 10 * i + j, "author": author, "result": _result(i + j)}
            for j, author in enumerate(["ann@example.com", "bob@example.com"])
        ]
        out.append({"id": i, "external_id": None, "data": data, "meta": {}, "annotations": annotations})
    return out


def _written(module: Any, labels: str = "annotations") -> bytes:
    return b"".join(module.write(_items(), WriteContext(SCHEMA, labels, 1)))  # type: ignore[arg-type]


def _by_author(rows: list[Row]) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {(r.data["image"], labels.author): labels.result for r in rows for labels in r.labels}


def _expected(controls: set[str]) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {
        (item["data"]["image"], a["author"]): {c: v for c, v in a["result"].items() if c in controls}
        for item in _items()
        for a in item["annotations"]
    }


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) < 1e-6
    return bool(a == b)


@pytest.mark.parametrize(
    ("module", "controls"),
    [(yolo, {"objects", "outlines", "pose"}), (voc, {"objects"}), (coco, {"objects", "outlines", "pose"})],
)
def test_reading_what_was_written_gives_each_annotators_labels(module: Any, controls: set[str]) -> None:
    reader = coco_reader if module is coco else module
    rows = list(reader.read(io.BytesIO(_written(module)), _context()))
    assert [r.data["image"] for r in rows] == [f"/api/media/1/{n}" for n in SIZES]
    assert _close(_by_author(rows), _expected(controls))


def _lines(content: bytes, path: str) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [line.split() for line in archive.read(path).decode().splitlines()]


def test_yolo_numbers_follow_the_documented_normalisation() -> None:
    """Independent of yolo.py: detect is ``c xc/W yc/H w/W h/H``; segment ``c x/W y/H …``; pose
    the box of the placed points then ``x/W y/H v`` per point, ``0 0 0`` when unplaced."""
    content = _written(yolo)
    w, h = SIZES["b.png"]
    result = _result(2 + 1)  # b.png, bob's
    box = result["objects"][0]
    [detect] = _lines(content, "annotations/bob@example.com/objects/labels/b.txt")
    assert detect[0] == "1"  # "person" is the control's second label
    expected = [
        (box["x"] + box["width"] / 2) / w,
        (box["y"] + box["height"] / 2) / h,
        box["width"] / w,
        box["height"] / h,
    ]
    assert [float(v) for v in detect[1:]] == pytest.approx(expected, abs=1e-12)
    [segment] = _lines(content, "annotations/bob@example.com/outlines/labels/b.txt")
    flat = [v for x, y in result["outlines"][0]["points"] for v in (x / w, y / h)]
    assert segment[0] == "0" and [float(v) for v in segment[1:]] == pytest.approx(flat, abs=1e-12)
    [pose] = _lines(content, "annotations/bob@example.com/pose/labels/b.txt")
    placed = [p for p in result["pose"][0]["points"] if p[2]]
    xs, ys = [p[0] for p in placed], [p[1] for p in placed]
    bbox = [
        (min(xs) + max(xs)) / 2 / w,
        (min(ys) + max(ys)) / 2 / h,
        (max(xs) - min(xs)) / w,
        (max(ys) - min(ys)) / h,
    ]
    assert [float(v) for v in pose[1:5]] == pytest.approx(bbox, abs=1e-12)
    triples = [pose[5 + 3 * i : 8 + 3 * i] for i in range(len(POINTS))]
    assert triples[1] == ["0", "0", "0"]
    for (x, y, v), got in zip(result["pose"][0]["points"], triples, strict=True):
        if v:
            assert [float(got[0]), float(got[1]), int(got[2])] == pytest.approx([x / w, y / h, v], abs=1e-12)
    coordinates = [*detect[1:], *segment[1:], *pose[1:5], *(v for t in triples for v in t[:2])]
    assert all(0 <= float(v) <= 1 for v in coordinates)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        import yaml

        data = yaml.safe_load(archive.read("pose/data.yaml"))
    assert data["names"] == {0: "person"} and data["kpt_shape"] == [3, 3]
    assert data["flip_idx"] == [0, 2, 1]  # left_eye <-> right_eye


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5000),
    st.integers(1, 5000),
    st.tuples(*[st.floats(0, 1, allow_nan=False)] * 4),
)
def test_yolo_boxes_come_back_to_the_pixel(width: int, height: int, corners: tuple[float, ...]) -> None:
    x0, x1 = sorted(round(c * width, 3) for c in corners[:2])
    y0, y1 = sorted(round(c * height, 3) for c in corners[2:])
    assume(x1 > x0 and y1 > y0)
    box = {"x": x0, "y": y0, "width": round(x1 - x0, 3), "height": round(y1 - y0, 3)}
    line = yolo._line(SCHEMA.controls[0], {**box, "label": "car"}, (width, height))  # type: ignore[arg-type]
    region = yolo._region(SCHEMA.controls[0], ["car", "person"], (0, 0), line, (width, height), "x")  # type: ignore[arg-type]
    assert {k: region[k] for k in box} == pytest.approx(box, abs=1e-6)


def test_voc_files_are_well_formed_xml() -> None:
    with zipfile.ZipFile(io.BytesIO(_written(voc, "final"))) as archive:
        assert archive.namelist() == ["labels.txt"]  # no consensus on these items: no file
    with zipfile.ZipFile(io.BytesIO(_written(voc))) as archive:
        root = ET.fromstring(archive.read("annotations/ann@example.com/Annotations/a.xml"))
    assert root.tag == "annotation" and root.findtext("filename") == "a.jpg"
    assert (root.findtext("size/width"), root.findtext("size/height")) == ("97", "61")
    [obj] = root.findall("object")
    box = _result(1)["objects"][0]
    corners = [float(obj.findtext(f"bndbox/{k}") or "nan") for k in ("xmin", "ymin", "xmax", "ymax")]
    assert obj.findtext("name") == "person"
    assert corners == pytest.approx([box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]])


def _coco_doc(**changes: Any) -> bytes:
    doc: dict[str, Any] = {
        "images": [{"id": 7, "file_name": "a.jpg", "width": 97, "height": 61}],
        "categories": [
            {"id": 1, "name": "road", "supercategory": "surface"},
            {"id": 2, "name": "sky"},
            {"id": 3, "name": "person", "keypoints": ["right_eye", "nose"]},
        ],
        "annotations": [
            {
                "id": 1,
                "image_id": 7,
                "category_id": 1,
                "segmentation": [[1, 1, 5, 1, 5, 5], [10, 10, 20, 10, 20, 20]],
                "score": 0.5,
            },
            {
                "id": 2,
                "image_id": 7,
                "category_id": 2,
                "segmentation": {"size": [61, 97], "counts": [5, 10, 5976]},
                "score": 0.9,
            },
            {"id": 3, "image_id": 7, "category_id": 3, "keypoints": [30, 31, 2, 40, 41, 1]},
        ],
    }
    doc.update(changes)
    return json.dumps(doc).encode()


def test_coco_reader_splits_rings_maps_points_by_name_and_keeps_scores() -> None:
    [row] = list(coco_reader.read(io.BytesIO(_coco_doc()), _context()))
    [labels] = row.labels
    assert labels.author is None
    assert labels.result["outlines"] == [
        {"points": [[1, 1], [5, 1], [5, 5]], "label": "road"},
        {"points": [[10, 10], [20, 10], [20, 20]], "label": "road"},
    ]
    assert labels.result["masks"] == [{"rle": {"size": [61, 97], "counts": [5, 10, 5976]}, "label": "sky"}]
    assert labels.result["pose"] == [{"points": [[40, 41, 1], [0, 0, 0], [30, 31, 2]], "label": "person"}]
    assert labels.scores == {"outlines": 0.5, "masks": 0.9}


@pytest.mark.parametrize(
    ("annotations", "named"),
    [
        ([{"id": 4, "image_id": 7, "category_id": 9, "bbox": [1, 1, 2, 2]}], "annotation 4: category_id 9"),
        ([{"id": 5, "image_id": 8, "category_id": 1, "bbox": [1, 1, 2, 2]}], "annotation 5: image_id 8"),
        (
            [{"id": 6, "image_id": 7, "category_id": 2, "segmentation": {"size": [10, 10], "counts": "0"}}],
            "annotation 6: the mask's size",
        ),
        ([{"id": 7, "image_id": 7, "category_id": 3, "keypoints": [1, 2]}], "annotation 7: 'keypoints'"),
        (
            [{"id": 8, "image_id": 7, "category_id": 1, "segmentation": [[1, 1, 500, 1, 5, 5]]}],
            "annotation 8: (500, 1) is outside",
        ),
    ],
)
def test_coco_reader_names_the_bad_annotation(annotations: list[dict[str, Any]], named: str) -> None:
    with pytest.raises(FormatError) as caught:
        list(coco_reader.read(io.BytesIO(_coco_doc(annotations=annotations)), _context()))
    assert named in caught.value.message


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), st.text(max_size=6),
    st.sampled_from(["a.jpg", "road", "sky", "person", "objects", "pose", "nose", 7, 1, 2, 3]),
)  # fmt: skip
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)
KEYS = st.sampled_from(
    ["id", "image_id", "category_id", "bbox", "segmentation", "keypoints", "name", "supercategory",
     "file_name", "size", "counts", "annotator", "score", "width", "height"]
)  # fmt: skip
RECORD = st.dictionaries(KEYS, JSONISH, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(RECORD, max_size=3), st.lists(RECORD, max_size=3), st.lists(RECORD, max_size=4))
def test_any_coco_document_gives_rows_or_a_format_error(
    images: list[Any], categories: list[Any], annotations: list[Any]
) -> None:
    images = [{"id": 7, "file_name": "a.jpg"}, *images]
    body = json.dumps({"images": images, "categories": categories, "annotations": annotations}).encode()
    with contextlib.suppress(FormatError):
        list(coco_reader.read(io.BytesIO(body), _context()))


LINE_PIECES = st.sampled_from(
    ["0", "1", "2", "0.5", "1e400", "-1", "nan", "x", "99999999999999999999", "1.0", " ", "\t"]
)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(LINE_PIECES, max_size=16).map(" ".join), max_size=4).map("\n".join),
    st.sampled_from(["objects", "outlines", "pose"]),
    st.one_of(
        st.none(),
        st.binary(max_size=40),
        JSONISH.map(lambda v: json.dumps({"names": v, "kpt_shape": v}).encode()),
    ),
)
def test_any_yolo_zip_gives_rows_or_a_format_error(text: str, control: str, data_yaml: bytes | None) -> None:
    files = {f"{control}/labels/a.txt": text.encode()}
    if data_yaml is not None:
        files[f"{control}/data.yaml"] = data_yaml
    with contextlib.suppress(FormatError):
        list(yolo.read(io.BytesIO(_zip(files)), _context()))


XML_PIECES = st.sampled_from(
    ["<annotation>", "</annotation>", "<object>", "</object>", "<name>person</name>", "<bndbox>",
     "</bndbox>", "<xmin>1</xmin>", "<ymin>nan</ymin>", "<xmax>1e400</xmax>", "<ymax>5</ymax>",
     "<filename>a.jpg</filename>", "&amp;", "<", "x"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(XML_PIECES, max_size=20).map("".join))
def test_any_voc_file_gives_rows_or_a_format_error(xml: str) -> None:
    with contextlib.suppress(FormatError):
        list(voc.read(io.BytesIO(_zip({"Annotations/a.xml": xml.encode()})), _context()))


def test_voc_escapes_labels_and_names() -> None:
    label = 'R&D <"lab">'
    schema = load_schema(
        {
            "fields": {"image": "image"},
            "controls": [{"name": "o", "type": "boxes", "field": "image", "labels": [label]}],
        }
    )
    box = {"x": 1, "y": 2, "width": 3, "height": 4, "label": label}
    item = {
        "id": 1,
        "data": {"image": "/api/media/1/a%26b.jpg"},
        "annotations": [{"id": 1, "author": "a@x.org", "result": {"o": [box]}}],
    }
    content = b"".join(voc.write([item], WriteContext(schema, "annotations", 1)))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        root = ET.fromstring(archive.read("annotations/a@x.org/Annotations/a&b.xml"))
    assert root.findtext("filename") == "a&b.jpg" and root.findtext("object/name") == label
    context = ReadContext(
        schema,
        "x.zip",
        lambda _u: (10.0, 10.0),
        lambda n: "/api/media/1/a%26b.jpg" if n == "a&b.jpg" else None,
    )
    [row] = list(voc.read(io.BytesIO(content), context))
    assert row.labels[0].author == "a@x.org" and row.labels[0].result == {"o": [box]}
