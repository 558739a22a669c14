"""Media controls over HTTP: a project with an image field and a boxes control, an item with
a declared image size, a box annotation stored as sent, and invalid boxes refused with a 422
that names the control and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

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
    assert r.json()["result"] == {"objects": boxes, "quality": 3}
    stored = manager.get(f"/api/items/{served['id']}/annotations").json()
    assert stored[0]["result"]["objects"] == boxes


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
