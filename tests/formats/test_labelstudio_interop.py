"""Label Studio's side of the Label Studio formats: goldlabel's JSON converts with label-studio-sdk's
own converter to COCO and YOLO with every region; Label Studio's sample tasks (from its PyPI
wheel) read as they are; the config built from a schema maps back onto the same schema."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest

from goldlabel.controls.labelstudio import schema_from_label_config
from goldlabel.controls.schema import ProjectSchema
from goldlabel.formats.items import FormatError
from goldlabel.formats.labelstudio import read, write
from goldlabel.formats.labelstudio_config import label_config
from goldlabel.formats.registry import ReadContext, WriteContext
from tests.formats.labelstudio_samples import SCHEMA, H, W, answer, export_item
from tests.labelstudio_templates import _wheel

DETECTION = ProjectSchema.model_validate(
    {
        "fields": {"image": "image"},
        "controls": [
            {"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"]},
            {"name": "outlines", "type": "polygons", "field": "image", "labels": ["road"]},
        ],
    }
)


def _detection_items() -> list[dict[str, Any]]:
    items = []
    for n in (1, 2, 3):
        result = {k: v for k, v in answer(n).items() if k in ("objects", "outlines")}
        annotations = [(10 * n, "ann@example.com", result)] + (
            [(10 * n + 1, "bob@example.com", result)] if n == 2 else []
        )
        item = export_item(n, annotations)
        item["data"] = {"image": f"https://example.com/{n}.png", "image_width": W, "image_height": H}
        items.append(item)
    return items


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "tasks.json"
    path.write_bytes(b"".join(write(iter(_detection_items()), WriteContext(DETECTION, "annotations", 1))))
    return path


def _converter(out: Path) -> Any:
    from label_studio_sdk.converter import Converter

    return Converter(label_config(DETECTION), str(out), download_resources=False)


def test_label_studio_sdk_converts_our_json_to_coco(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "coco"
    _converter(out).convert_to_coco(str(exported), str(out), is_dir=False)
    coco = json.loads((out / "result.json").read_text())
    # 4 annotations (task 2 has two) × (2 boxes + 1 polygon)
    assert len(coco["annotations"]) == 4 * 3
    assert {(i["width"], i["height"]) for i in coco["images"]} == {(W, H)}
    names = {c["id"]: c["name"] for c in coco["categories"]}
    boxes = [a for a in coco["annotations"] if names[a["category_id"]] == "car"]
    assert boxes[0]["bbox"] == pytest.approx([3, 3, 20, 10])  # task 1: x = 2 + 1
    road = next(a for a in coco["annotations"] if names[a["category_id"]] == "road")
    assert road["segmentation"][0] == pytest.approx([0, 40, 20, 40, 10, 47])


def test_label_studio_sdk_converts_our_json_to_yolo(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "yolo"
    _converter(out).convert_to_yolo(str(exported), str(out), is_dir=False)
    # label files are named after the image, behind a hash of its URL
    lines = {p.stem.rsplit("__", 1)[-1]: p.read_text().splitlines() for p in (out / "labels").glob("*.txt")}
    assert sorted(lines) == ["1", "2", "3"]
    # one label file per image: of task 2's two annotations, the converter keeps one
    assert {k: len(v) for k, v in lines.items()} == {"1": 3, "2": 3, "3": 3}
    classes = (out / "classes.txt").read_text().split()
    car = next(line.split() for line in lines["1"] if classes[int(line.split()[0])] == "car")
    # YOLO: class, centre x, centre y, width, height, normalised
    assert [float(v) for v in car[1:]] == pytest.approx([(3 + 10) / W, (3 + 5) / H, 20 / W, 10 / H])


def test_the_config_built_from_a_schema_maps_back_onto_it() -> None:
    converted = ProjectSchema.model_validate(schema_from_label_config(label_config(SCHEMA)).schema)
    ours = {c.name: c for c in SCHEMA.controls}
    theirs = {c.name: c for c in converted.controls}
    # the per-region transcripts are TextAreas; everything else is the same control
    assert set(theirs) == set(ours) | {"speech_text", "events_text"}
    for name, spec in ours.items():
        assert theirs[name].type == spec.type and theirs[name].field == spec.field
        for attribute in ("options", "multiple", "labels", "points", "max"):
            assert getattr(theirs[name], attribute, None) == getattr(spec, attribute, None), (name, attribute)


def _sample(name: str) -> bytes:
    wheel = _wheel()
    if isinstance(wheel, str):
        pytest.skip(wheel)
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(f"label_studio/tests/{name}")


TEXT_CLASSES = ProjectSchema.model_validate(
    {
        "fields": {"text": "text"},
        "controls": [
            {
                "name": "text_class",
                "type": "choices",
                "field": "text",
                "options": ["class_A", "class_TESTING", "class_PREDICTIONS_TESTING"],
            }
        ],
    }
)


def test_label_studio_sample_tasks_with_annotations_and_predictions_read_as_they_are() -> None:
    content = _sample("data_manager/tasks_annotations_predictions.json")
    rows = list(read(io.BytesIO(content), ReadContext(TEXT_CLASSES)))
    assert [r.data["text"] for r in rows] == ["Test example phrase 1", "x2", "yoyo", "zzz", "vivi", "opop"]
    assert [len(r.labels) for r in rows] == [1, 2, 1, 0, 0, 0]
    assert [len(r.predictions) for r in rows] == [1, 1, 0, 0, 0, 1]
    assert rows[1].labels[1].result == {"text_class": "class_A"} and rows[1].labels[1].lead_time_ms == 5000
    assert rows[0].predictions[0].model_version == "model_version_A"
    assert rows[5].predictions[0].result == {"text_class": "class_PREDICTIONS_TESTING"}


CARS = ProjectSchema.model_validate(
    {
        "fields": {"image": "image", "text": "text", "audio": "audio"},
        "controls": [{"name": "label", "type": "boxes", "field": "image", "labels": ["Car"]}],
    }
)


def test_label_studio_sample_boxes_take_their_size_from_the_project_media() -> None:
    content = _sample("test_suites/samples/three_tasks_two_gts.json")
    with pytest.raises(FormatError) as caught:
        list(read(io.BytesIO(content), ReadContext(CARS)))
    assert "result 'oid0'" in caught.value.message and "size of image" in caught.value.message
    rows = list(read(io.BytesIO(content), ReadContext(CARS, media_size=lambda _url: (1000.0, 500.0))))
    assert [len(r.labels[0].result["label"]) for r in rows] == [1, 1, 3]
    first = rows[0].labels[0].result["label"][0]
    assert first == pytest.approx(
        {"id": "oid0", "x": 806.2, "y": 121.3, "width": 31.2, "height": 18.0, "label": "Car"}
    )
    prediction = rows[0].predictions[0]
    assert prediction.model_version == "model 0" and prediction.score == pytest.approx(0.7212843313260696)


def test_label_studio_sample_with_unknown_annotator_reads_with_a_stable_name() -> None:
    content = _sample("test_suites/samples/previous_export_unknown_completed_by.json")
    schema = ProjectSchema.model_validate(
        {
            "fields": {"image": "image"},
            "controls": [{"name": "label", "type": "choices", "field": "image", "options": ["Cat", "Dog"]}],
        }
    )
    (row,) = read(io.BytesIO(content), ReadContext(schema))
    assert row.external_id == "1234"
    assert [(a.author, a.result, a.created_at) for a in row.labels] == [
        ("labelstudio-user-99999", {"label": "Cat"}, "2021-07-06T06:06:25.927570Z")
    ]
    assert orjson.loads(row.data_json) == {"image": "https://pytest.labelstud.io/mypets.jpg"}
