"""Media controls over HTTP: a project with an image field and a boxes control, an item with
a declared image size, a box annotation stored as sent (each box with a region id), and
invalid boxes refused with a 422 that names the control and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from goldlabel.controls.regions import without_ids
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation
from tests.api.conftest import Api, table_counts

SCHEMA: dict[str, Any] = {
    "fields": {"image": "image"},
    "controls": [
        {"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"], "required": True},
        {"name": "quality", "type": "rating", "field": "image", "min": 1, "max": 3},
    ],
}
ITEM = {"image": "https://example.com/street.jpg", "image_width": 640, "image_height": 480}


@pytest.fixture
def served(manager: Api) -> dict[str, Any]:
    r = manager.post("/api/projects", json={"name": "Street", "schema": SCHEMA})
    assert r.status_code == 201, r.text
    project = r.json()
    r = manager.post(f"/api/projects/{project['id']}/items", json=[{"data": ITEM}])
    assert r.status_code == 201, r.text
    item = manager.get(f"/api/projects/{project['id']}/next").json()
    assert item["data"] == ITEM
    return item


def post(api: Api, item_id: int, result: Any) -> Any:
    return api.post(
        f"/api/items/{item_id}/annotations",
        json={"result": result, "status": "submitted", "lead_time_ms": 900},
    )


def test_the_schema_round_trips_with_its_media_control(manager: Api) -> None:
    r = manager.post("/api/schema/validate", json={"schema": SCHEMA})
    assert r.status_code == 200, r.text


def test_a_box_annotation_is_stored_as_sent(manager: Api, served: dict[str, Any]) -> None:
    boxes = [
        {"x": 10, "y": 20, "width": 100, "height": 50, "label": "car"},
        {"x": 300.5, "y": 100, "width": 40, "height": 120.25, "label": "person"},
    ]
    r = post(manager, served["id"], {"objects": boxes, "quality": 3})
    assert r.status_code == 201, r.text
    result = r.json()["result"]
    assert without_ids(result["objects"]) == boxes and result["quality"] == 3
    stored = manager.get(f"/api/items/{served['id']}/annotations").json()
    assert stored[0]["result"] == result


BOX = {"x": 10, "y": 20, "width": 100, "height": 50, "label": "car"}


def test_each_region_gets_an_id_that_later_saves_keep(manager: Api, served: dict[str, Any]) -> None:
    r = manager.post(
        f"/api/items/{served['id']}/annotations",
        json={"result": {"objects": [BOX, BOX, {**BOX, "id": "mine-1"}]}, "status": "draft"},
    )
    assert r.status_code == 201, r.text
    ann = r.json()
    ids = [b["id"] for b in ann["result"]["objects"]]
    assert ids[2] == "mine-1"  # given ids are kept
    assert len(set(ids)) == 3 and all(len(i) == 10 and i.isalnum() for i in ids[:2])
    # the UI sends the stored regions back with their ids: they stay as they are
    r = manager.patch(
        f"/api/annotations/{ann['id']}",
        json={"result": ann["result"], "status": "submitted", "version": 1},
    )
    assert r.status_code == 200, r.text
    assert [b["id"] for b in r.json()["result"]["objects"]] == ids


def test_a_region_id_used_twice_is_refused(manager: Api, served: dict[str, Any], database: Any) -> None:
    before = table_counts(database)
    r = post(manager, served["id"], {"objects": [{**BOX, "id": "a"}, {**BOX, "id": "a"}]})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["control"] == "objects"
    assert "region id 'a' is used twice" in r.json()["detail"]["message"]
    assert table_counts(database) == before


@pytest.mark.parametrize("bad_id", ["", "x" * 65, "a b", "<script>", 7])
def test_a_malformed_region_id_is_refused(manager: Api, served: dict[str, Any], bad_id: Any) -> None:
    r = post(manager, served["id"], {"objects": [{**BOX, "id": bad_id}]})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["control"] == "objects"


def test_no_boxes_is_an_answer_stored_as_an_empty_list(manager: Api, served: dict[str, Any]) -> None:
    r = post(manager, served["id"], {"objects": []})
    assert r.status_code == 201, r.text
    assert r.json()["result"] == {"objects": []}
    assert manager.get(f"/api/items/{served['id']}/annotations").json()[0]["result"] == {"objects": []}


def test_an_annotation_stored_without_ids_reads_and_gets_ids_on_its_next_save(
    manager: Api, served: dict[str, Any], database: Database
) -> None:
    r = manager.post(
        f"/api/items/{served['id']}/annotations", json={"result": {"objects": [BOX]}, "status": "draft"}
    )
    ann = r.json()
    with database.session(write=True) as db:  # as stored before regions had ids
        db.execute(update(Annotation).values(result={"objects": [BOX]}))
    listed = manager.get(f"/api/items/{served['id']}/annotations").json()
    assert listed[0]["result"] == {"objects": [BOX]}
    r = manager.patch(
        f"/api/annotations/{ann['id']}",
        json={"result": listed[0]["result"], "status": "submitted", "version": 1},
    )
    assert r.status_code == 200, r.text
    (box,) = r.json()["result"]["objects"]
    assert len(box["id"]) == 10 and without_ids([box]) == [BOX]


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (
            [{"x": 10, "y": 20, "width": -5, "height": 50, "label": "car"}],
            "box 0: width and height must be positive",
        ),
        ([{"x": 600, "y": 20, "width": 100, "height": 50, "label": "car"}], "outside the 640×480 image"),
        ([{"x": 10, "y": 20, "width": 5, "height": 5, "label": "bus"}], "unknown label 'bus'"),
        ([{"x": "10", "y": 20, "width": 5, "height": 5, "label": "car"}], "valid number"),
        ({"x": 10, "y": 20, "width": 5, "height": 5, "label": "car"}, "list of boxes"),
    ],
)
def test_an_invalid_box_gets_a_422_naming_the_control(
    manager: Api, served: dict[str, Any], database: Any, boxes: Any, message: str
) -> None:
    before = table_counts(database)
    r = post(manager, served["id"], {"objects": boxes})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["code"] == "invalid_result"
    assert r.json()["detail"]["control"] == "objects"
    assert message in r.json()["detail"]["message"]
    assert table_counts(database) == before


def test_a_boxes_control_on_a_text_field_is_refused(manager: Api) -> None:
    schema = {
        "fields": {"text": "text"},
        "controls": [{"name": "b", "type": "boxes", "field": "text", "labels": ["x"]}],
    }
    r = manager.post("/api/projects", json={"name": "bad", "schema": schema})
    assert r.status_code == 422
    assert "cannot label a text field" in r.json()["detail"]["message"]
