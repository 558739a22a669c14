"""Label Studio JSON over HTTP: ``?format=labelstudio`` and ``labelstudio_min`` exports hold every
submitted answer of every control type Label Studio can hold; an export imported into a fresh
project as gold gives the same labels; a file with a result that does not fit is a 422 naming
the task and the result, and imports nothing."""

from __future__ import annotations

import io
from typing import Any

import orjson
import pytest

from goldlabel.db.engine import Database
from goldlabel.formats.labelstudio import read
from goldlabel.formats.registry import ReadContext
from tests.api.conftest import Api, add_member, table_counts
from tests.formats.labelstudio_samples import SCHEMA, SCHEMA_DICT, answer, data, rounded


def _project(manager: Api, name: str = "Everything") -> int:
    r = manager.post("/api/projects", json={"name": name, "schema": SCHEMA_DICT})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


@pytest.fixture
def labelled(manager: Api) -> int:
    pid = _project(manager)
    items = [{"id": 100 + n, "data": data(n)} for n in (1, 2)]
    assert manager.post(f"/api/projects/{pid}/items", json=items).status_code == 201
    for shift in (0, 1):
        item = manager.get(f"/api/projects/{pid}/next").json()
        r = manager.post(
            f"/api/items/{item['id']}/annotations",
            json={"result": answer(shift), "status": "submitted", "lead_time_ms": 2000},
        )
        assert r.status_code == 201, r.text
    return pid


def _export(api: Api, pid: int, query: str) -> Any:
    r = api.get(f"/api/projects/{pid}/export?{query}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r


def test_the_export_holds_every_answer_in_label_studio_shape(manager: Api, labelled: int) -> None:
    r = _export(manager, labelled, "format=labelstudio")
    tasks = orjson.loads(r.content)
    assert [t["id"] for t in tasks] == [101, 102]
    assert all(len(t["annotations"]) == 1 and t["predictions"] == [] for t in tasks)
    annotation = tasks[0]["annotations"][0]
    assert annotation["completed_by"] == {"email": "manager@example.com"} and annotation["lead_time"] == 2.0
    kinds = sorted({(res["from_name"], res["type"]) for res in annotation["result"]})
    assert kinds == [
        ("cars", "videorectangle"), ("entities", "labels"), ("events", "timelinelabels"),
        ("note", "textarea"), ("objects", "rectanglelabels"), ("outlines", "polygonlabels"),
        ("pose", "keypointlabels"), ("quality", "rating"), ("sentiment", "choices"),
        ("sky", "brushlabels"), ("speech", "labels"), ("speech_text", "textarea"), ("topics", "choices"),
    ]  # fmt: skip
    rows = list(read(io.BytesIO(r.content), ReadContext(SCHEMA)))
    results = sorted((rounded(row.labels[0].result) for row in rows), key=lambda v: v["objects"][0]["x"])
    assert results == [rounded(answer(0)), rounded(answer(1))]


def test_json_min_has_one_flat_object_per_annotation(manager: Api, labelled: int) -> None:
    records = orjson.loads(_export(manager, labelled, "format=labelstudio_min").content)
    assert len(records) == 2
    first = records[0]
    assert first["id"] == 101 and first["text"] == data(1)["text"]
    assert first["annotator"] == "manager@example.com" and isinstance(first["annotation_id"], int)
    assert first["sentiment"] == "pos" and first["topics"] == {"choices": ["a", "c"]}
    assert first["quality"] == [{"rating": 4}] and first["lead_time"] == 2.0
    assert [box["rectanglelabels"] for box in first["objects"]] == [["car"], ["person"]]


def test_final_labels_are_written_as_predictions(manager: Api, labelled: int) -> None:
    tasks = orjson.loads(_export(manager, labelled, "format=labelstudio&labels=final").content)
    assert all(t["annotations"] == [] and len(t["predictions"]) == 1 for t in tasks)
    prediction = tasks[0]["predictions"][0]
    assert prediction["model_version"] == "goldlabel-final" and 0 < prediction["score"] <= 1
    assert all(0 <= res["score"] <= 1 for res in prediction["result"])


def test_an_export_imported_as_gold_gives_the_same_labels(manager: Api, labelled: int) -> None:
    content = _export(manager, labelled, "format=labelstudio").content
    fresh = _project(manager, "Fresh")
    r = manager.post(
        f"/api/projects/{fresh}/items?format=labelstudio&labels_as=gold&gold_set=practice",
        files={"file": ("export.json", io.BytesIO(content))},
    )
    assert r.status_code == 201, r.text
    assert r.json()["created"] == 2
    exported = orjson.loads(manager.get(f"/api/projects/{fresh}/export?gold=only").content)
    by_text = {e["external_id"]: e["gold"]["result"] for e in exported}
    assert sorted(by_text) == ["101", "102"]
    assert sorted((rounded(v) for v in by_text.values()), key=lambda v: v["objects"][0]["x"]) == [
        rounded(answer(0)),
        rounded(answer(1)),
    ]
    # the gold items export back to Label Studio as ground-truth annotations
    tasks = orjson.loads(_export(manager, fresh, "format=labelstudio&gold=only").content)
    assert sorted(t["id"] for t in tasks) == [101, 102]
    assert all([a["ground_truth"] for a in t["annotations"]] == [True] for t in tasks)
    assert all(t["predictions"] == [] for t in tasks)


def _task(result: dict[str, Any], **extra: Any) -> bytes:
    good = {"id": 1, "data": data(1), "annotations": []}
    bad = {"id": 2, "data": {**data(2), **extra}, "annotations": [{"id": 6, "result": [result]}]}
    return orjson.dumps([good, bad])


BOX = {"x": 10, "y": 10, "width": 20, "height": 20, "rotation": 0, "rectanglelabels": ["car"]}


@pytest.mark.parametrize(
    ("result", "extra", "words"),
    [
        (
            {"id": "r9", "from_name": "missing", "type": "choices", "value": {"choices": ["a"]}},
            {},
            "'missing'",
        ),
        (
            {"id": "r9", "from_name": "objects", "type": "rectanglelabels", "value": {**BOX, "y": -5}},
            {},
            "-5%",
        ),
        (
            {"id": "r9", "from_name": "objects", "type": "rectanglelabels", "value": BOX},
            {"image_width": None, "image_height": None},
            "size of image",
        ),
    ],
    ids=["unknown control", "percent out of range", "no image size"],
)
def test_a_result_that_does_not_fit_refuses_the_file(
    manager: Api, database: Database, result: dict[str, Any], extra: dict[str, Any], words: str
) -> None:
    pid = _project(manager)
    before = table_counts(database)
    r = manager.post(
        f"/api/projects/{pid}/items?format=labelstudio&labels_as=gold",
        files={"file": ("export.json", io.BytesIO(_task(result, **extra)))},
    )
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_import" and detail["row"] == 2
    assert "task 2, annotation 6: result 'r9'" in detail["message"] and words in detail["message"]
    assert table_counts(database) == before


def test_annotators_cannot_export(manager: Api, labelled: int, client_for: Any) -> None:
    annotator = client_for("ann@example.com")
    add_member(manager, labelled, "ann@example.com", "annotator")
    for fmt in ("labelstudio", "labelstudio_min"):
        r = annotator.get(f"/api/projects/{labelled}/export?format={fmt}")
        assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"


def test_an_image_of_unknown_size_cannot_be_written_in_percent(manager: Api, database: Database) -> None:
    schema = {
        "fields": {"image": "image"},
        "controls": [{"name": "objects", "type": "boxes", "field": "image", "labels": ["car"]}],
    }
    pid = manager.post("/api/projects", json={"name": "Unsized", "schema": schema}).json()["id"]
    assert (
        manager.post(f"/api/projects/{pid}/items", json=[{"image": "https://example.com/x.png"}]).status_code
        == 201
    )
    item = manager.get(f"/api/projects/{pid}/next").json()
    box = {"x": 1, "y": 2, "width": 3, "height": 4, "label": "car"}
    body = {"result": {"objects": [box]}, "status": "submitted"}
    assert manager.post(f"/api/items/{item['id']}/annotations", json=body).status_code == 201
    before = table_counts(database)
    for fmt in ("labelstudio", "labelstudio_min"):
        r = manager.get(f"/api/projects/{pid}/export?format={fmt}")
        assert r.status_code == 422, r.text
        detail = r.json()["detail"]
        assert detail["code"] == "invalid_input"
        assert f"item {item['id']}" in detail["message"] and "size of image" in detail["message"]
    assert table_counts(database) == before


def test_an_export_migrates_with_its_annotations_and_predictions(manager: Api, labelled: int) -> None:
    """Label Studio JSON out of one project and into a fresh one as it is: the same items, each
    annotation with its author and answer, and the final labels as predictions."""
    body = _export(manager, labelled, "format=labelstudio&labels=both").content
    fresh = _project(manager, "Migrated")
    r = manager.post(
        f"/api/projects/{fresh}/items?format=labelstudio",
        files={"file": ("project.json", body, "application/json")},
    )
    assert r.status_code == 201, r.text
    assert r.json() == {"created": 2, "skipped": 0, "annotations": 2, "predictions": r.json()["predictions"]}
    assert r.json()["predictions"] > 0  # the final labels, one prediction per control
    again = orjson.loads(_export(manager, fresh, "format=labelstudio&labels=annotations").content)
    before = orjson.loads(_export(manager, labelled, "format=labelstudio&labels=annotations").content)
    assert [t["id"] for t in again] == [t["id"] for t in before]
    for theirs, ours in zip(again, before, strict=True):
        (a,), (b,) = theirs["annotations"], ours["annotations"]
        assert a["completed_by"] == b["completed_by"] == {"email": "manager@example.com"}
        rows = [next(read(io.BytesIO(orjson.dumps([t])), ReadContext(SCHEMA))) for t in (theirs, ours)]
        assert rounded(rows[0].labels[0].result) == rounded(rows[1].labels[0].result)
    predictions = manager.get(f"/api/projects/{fresh}/predictions").json()
    assert {p["model_version"] for p in predictions["items"]} == {"goldlabel-final"}
