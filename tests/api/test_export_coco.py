"""COCO export over HTTP: the document loads in pycocotools, and evaluating its own regions
as detections against it scores AP 1.0 for boxes, masks and keypoints; `labels=annotations`
holds every submitted region, `final` the consensus; roles and text-only projects refused."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pycocotools import mask as mask_utils
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member, table_counts

POINTS = ["head", "hand", "foot"]
SCHEMA: dict[str, Any] = {
    "fields": {"image": "image"},
    "controls": [
        {"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"]},
        {"name": "outlines", "type": "polygons", "field": "image", "labels": ["road"]},
        {"name": "masks", "type": "masks", "field": "image", "labels": ["sky"]},
        {
            "name": "pose",
            "type": "keypoints",
            "field": "image",
            "labels": ["person"],
            "points": POINTS,
            "skeleton": [["head", "hand"], ["hand", "foot"]],
        },
        {"name": "quality", "type": "rating", "field": "image", "min": 1, "max": 3},
    ],
    "overlap": 2,
}
W, H = 64, 48


def _rle(x: int, y: int, w: int, h: int) -> dict[str, Any]:
    grid = np.zeros((H, W), dtype=np.uint8, order="F")
    grid[y : y + h, x : x + w] = 1
    rle = mask_utils.encode(grid)
    return {"size": [H, W], "counts": rle["counts"].decode()}


def _result(shift: int) -> dict[str, Any]:
    return {
        "objects": [
            {"x": 2 + shift, "y": 3, "width": 20, "height": 10, "label": "car"},
            {"x": 30, "y": 20, "width": 8, "height": 20, "label": "person"},
        ],
        "outlines": [{"points": [[0, 40], [20, 40], [10, 47]], "label": "road"}],
        "masks": [{"rle": _rle(5 + shift, 0, 30, 8), "label": "sky"}],
        "pose": [{"points": [[31, 21, 2], [34, 30, 1], [0, 0, 0]], "label": "person"}],
        "quality": 2,
    }


@pytest.fixture
def images(manager: Api, client_for: Any) -> int:
    r = manager.post("/api/projects", json={"name": "Street", "schema": SCHEMA})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    data = [
        {"data": {"image": f"https://example.com/{n}.jpg", "image_width": W, "image_height": H}}
        for n in ("a", "b")
    ]
    assert manager.post(f"/api/projects/{pid}/items", json=data).status_code == 201
    other = client_for("other@example.com")
    add_member(manager, pid, "other@example.com", "manager")
    for api, shift in ((manager, 0), (other, 1)):
        for _ in range(2):
            item = api.get(f"/api/projects/{pid}/next").json()
            body = {"result": _result(shift), "status": "submitted"}
            r = api.post(f"/api/items/{item['id']}/annotations", json=body)
            assert r.status_code == 201, r.text
    return pid


def _load(api: Api, pid: int, tmp_path: Path, labels: str) -> tuple[dict[str, Any], COCO]:
    r = api.get(f"/api/projects/{pid}/export?format=coco&labels={labels}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    path = tmp_path / f"{labels}.json"
    path.write_bytes(r.content)
    with contextlib.redirect_stdout(io.StringIO()):
        return json.loads(r.content), COCO(str(path))


def _ap(gt: COCO, dets: list[dict[str, Any]], iou_type: str, cat: int, sigmas: int = 0) -> float:
    with contextlib.redirect_stdout(io.StringIO()):
        evaluation = COCOeval(gt, gt.loadRes(dets), iou_type)
        evaluation.params.catIds = [cat]
        if sigmas:
            evaluation.params.kpt_oks_sigmas = np.full(sigmas, 0.05)
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    return float(evaluation.stats[0])


@pytest.mark.parametrize("labels", ["annotations", "final"])
def test_the_export_evaluates_against_itself_with_ap_one(
    manager: Api, images: int, tmp_path: Path, labels: str
) -> None:
    doc, gt = _load(manager, images, tmp_path, labels)
    assert [i["file_name"] for i in doc["images"]] == [
        "https://example.com/a.jpg",
        "https://example.com/b.jpg",
    ]
    assert {(i["width"], i["height"]) for i in doc["images"]} == {(W, H)}
    names = [(c["supercategory"], c["name"]) for c in doc["categories"]]
    assert names == [
        ("objects", "car"),
        ("objects", "person"),
        ("outlines", "road"),
        ("masks", "sky"),
        ("pose", "person"),
    ]
    assert [c["id"] for c in doc["categories"]] == [1, 2, 3, 4, 5]
    cats = {c["name"]: c for c in doc["categories"] if c["supercategory"] != "pose"}
    pose = next(c for c in doc["categories"] if c["supercategory"] == "pose")
    assert pose["keypoints"] == POINTS and pose["skeleton"] == [[1, 2], [2, 3]]
    by_cat: dict[int, list[dict[str, Any]]] = {}
    for a in doc["annotations"]:
        by_cat.setdefault(a["category_id"], []).append(a)
    car, sky = cats["car"]["id"], cats["sky"]["id"]
    boxes = [
        {"image_id": a["image_id"], "category_id": car, "bbox": a["bbox"], "score": 1} for a in by_cat[car]
    ]
    assert _ap(gt, boxes, "bbox", car) == pytest.approx(1.0)
    masks = [
        {"image_id": a["image_id"], "category_id": sky, "segmentation": a["segmentation"], "score": 1}
        for a in by_cat[sky]
    ]
    assert _ap(gt, masks, "segm", sky) == pytest.approx(1.0)
    poses = [
        {"image_id": a["image_id"], "category_id": pose["id"], "keypoints": a["keypoints"], "score": 1}
        for a in by_cat[pose["id"]]
    ]
    assert _ap(gt, poses, "keypoints", pose["id"], sigmas=len(POINTS)) == pytest.approx(1.0)


def test_geometry_of_each_region_kind(manager: Api, images: int, tmp_path: Path) -> None:
    doc, _ = _load(manager, images, tmp_path, "annotations")
    cats = {c["id"]: c for c in doc["categories"]}
    mine = [a for a in doc["annotations"] if a["annotator"] == "manager@example.com"]
    by_name = {cats[a["category_id"]]["name"]: a for a in mine if a["image_id"] == 1 and "keypoints" not in a}
    assert by_name["car"]["bbox"] == [2, 3, 20, 10] and by_name["car"]["area"] == 200
    road = by_name["road"]
    assert road["segmentation"] == [[0, 40, 20, 40, 10, 47]] and road["area"] == pytest.approx(70)
    assert road["bbox"] == [0, 40, 20, 7]
    sky = by_name["sky"]
    rle = sky["segmentation"]
    assert sky["area"] == mask_utils.area(rle) == 240
    assert sky["bbox"] == mask_utils.toBbox(rle).tolist() == [5, 0, 30, 8]
    assert by_name["person"]["bbox"] == [30, 20, 8, 20] and by_name["person"]["iscrowd"] == 0
    pose = next(a for a in mine if "keypoints" in a and a["image_id"] == 1)
    assert pose["keypoints"] == [31, 21, 2, 34, 30, 1, 0, 0, 0] and pose["num_keypoints"] == 2
    assert pose["bbox"] == [31, 21, 3, 9]


def test_annotations_hold_every_answer_and_final_the_consensus(
    manager: Api, images: int, tmp_path: Path
) -> None:
    every, _ = _load(manager, images, tmp_path, "annotations")
    final, _ = _load(manager, images, tmp_path, "final")
    # Per image and annotator: 2 boxes, 1 polygon, 1 mask, 1 pose; the rating is not a region.
    assert len(every["annotations"]) == 2 * 2 * 5
    assert {a["annotator"] for a in every["annotations"]} == {"manager@example.com", "other@example.com"}
    assert all(isinstance(a["annotation_id"], int) for a in every["annotations"])
    # The two annotators' boxes fuse, one medoid per other control: one of each per image.
    assert len(final["annotations"]) == 2 * 5
    assert all(0 < a["score"] <= 1 and "annotator" not in a for a in final["annotations"])
    default = manager.get(f"/api/projects/{images}/export?format=coco").json()
    assert len(default["annotations"]) == len(final["annotations"])


def test_annotators_and_outsiders_are_refused(manager: Api, images: int, client_for: Any) -> None:
    annotator = client_for("ann@example.com")
    add_member(manager, images, "ann@example.com", "annotator")
    r = annotator.get(f"/api/projects/{images}/export?format=coco")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    outsider = client_for("out@example.com")
    r = outsider.get(f"/api/projects/{images}/export?format=coco")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"


def test_a_project_without_image_regions_is_refused(
    manager: Api, project: dict[str, Any], database: Database
) -> None:
    before = table_counts(database)
    r = manager.get(f"/api/projects/{project['id']}/export?format=coco")
    assert r.status_code == 422 and r.json()["detail"]["code"] == "no_image_regions"
    assert table_counts(database) == before


def test_an_unknown_labels_value_is_refused(manager: Api, images: int) -> None:
    r = manager.get(f"/api/projects/{images}/export?format=coco&labels=gold")
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_request"
