"""COCO, YOLO and Pascal VOC through HTTP: an export (labels=final) imported into a fresh project
as gold gives back the consensus it was made from — from the label file alone (the images
uploaded through the Media tab first) or from a zip holding the images too, which then land in
the project's media library measured like an upload."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from tests.api.conftest import Api
from tests.api.image_format_helpers import (
    IMAGES,
    consensus,
    gold,
    image_files,
    import_file,
    labelled_project,
    new_project,
    only,
    rounded,
    unzipped,
    upload_images,
    zipped,
)  # fmt: skip

ALL = ("boxes", "polygons", "masks", "keypoints")
CONTROL = {"boxes": "objects", "polygons": "outlines", "masks": "masks", "keypoints": "pose"}


def _export(api: Api, pid: int, fmt: str, **query: str) -> bytes:
    params = "&".join(f"{k}={v}" for k, v in {"format": fmt, **query}.items())
    r = api.get(f"/api/projects/{pid}/export?{params}")
    assert r.status_code == 200, r.text
    content: bytes = r.content
    return content


def _imported(api: Api, pid: int, fmt: str, name: str, content: bytes) -> None:
    r = import_file(api, pid, fmt, name, content, labels_as="gold", gold_set="exam")
    assert r.status_code == 201, r.text
    assert r.json()["created"] == len(IMAGES)


def _same(found: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]) -> None:
    """The imported gold is the exported consensus, and that consensus holds regions to compare."""
    assert set(expected) == set(IMAGES) and all(expected.values())
    assert rounded(found) == rounded(expected)


def _media(api: Api, pid: int) -> dict[str, tuple[int, int, bool]]:
    page = api.get(f"/api/projects/{pid}/media").json()["items"]
    return {m["name"]: (m["width"], m["height"], m["thumbnail_url"] is not None) for m in page}


def test_coco_from_uploaded_media_gives_back_the_consensus(manager: Api) -> None:
    source = labelled_project(manager, ALL)
    document = _export(manager, source, "coco")
    target = new_project(manager, ALL)
    upload_images(manager, target)
    _imported(manager, target, "coco", "labels.json", document)
    _same(gold(manager, target), consensus(manager, source))
    # The images the project held are its items' images; nothing new in the library.
    assert set(_media(manager, target)) == set(IMAGES)


def test_coco_zip_with_its_images_lands_them_in_the_media_library(manager: Api) -> None:
    source = labelled_project(manager, ALL)
    document = _export(manager, source, "coco")
    target = new_project(manager, ALL)
    files = {f"images/{n}": content for n, content in image_files().items()}
    _imported(
        manager, target, "coco", "dataset.zip", zipped({**files, "annotations/instances.json": document})
    )
    assert _media(manager, target) == {n: (w, h, True) for n, (w, h) in IMAGES.items()}
    _same(gold(manager, target), consensus(manager, source))
    items = manager.get(f"/api/projects/{target}/items?page_size=10").json()["items"]
    urls = {i["data"]["image"] for i in items}
    assert urls <= {f"/api/media/{target}/{n}" for n in IMAGES}


def _ap(path: Path, iou_type: str) -> float:
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(str(path))
        key = {"bbox": "bbox", "segm": "segmentation", "keypoints": "keypoints"}[iou_type]
        dets = [{**a, "score": 1.0} for a in gt.dataset["annotations"] if key in a]
        cats = sorted({a["category_id"] for a in dets})
        evaluation = COCOeval(
            gt, gt.loadRes([{k: v for k, v in d.items() if k != "id"} for d in dets]), iou_type
        )
        evaluation.params.catIds = cats
        if iou_type == "keypoints":
            evaluation.params.kpt_oks_sigmas = np.full(3, 0.05)
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    return float(evaluation.stats[0])


def test_an_imported_coco_file_exports_again_and_evaluates_with_ap_one(manager: Api, tmp_path: Path) -> None:
    source = labelled_project(manager, ALL)
    target = new_project(manager, ALL)
    upload_images(manager, target)
    _imported(manager, target, "coco", "labels.json", _export(manager, source, "coco"))
    again = json.loads(_export(manager, target, "coco", gold="only"))
    first = json.loads(_export(manager, source, "coco"))
    geometry = ("bbox", "segmentation", "keypoints", "category_id", "area")
    assert [rounded({k: a.get(k) for k in geometry}) for a in again["annotations"]] == [
        rounded({k: a.get(k) for k in geometry}) for a in first["annotations"]
    ]
    path = tmp_path / "again.json"
    path.write_text(json.dumps(again))
    for iou_type in ("bbox", "segm", "keypoints"):
        assert _ap(path, iou_type) == pytest.approx(1.0)


@pytest.mark.parametrize("task", ["boxes", "polygons", "keypoints"])
def test_yolo_each_task_round_trips_from_a_zip_with_images(manager: Api, task: str) -> None:
    source = labelled_project(manager, (task,))
    files = unzipped(_export(manager, source, "yolo"))
    assert set(files) == {"data.yaml", "labels/street.txt", "labels/park.txt"}
    target = new_project(manager, (task,))
    images = {f"images/{n}": content for n, content in image_files().items()}
    _imported(manager, target, "yolo", "dataset.zip", zipped({**files, **images}))
    _same(gold(manager, target), consensus(manager, source))
    assert _media(manager, target) == {n: (w, h, True) for n, (w, h) in IMAGES.items()}


def test_yolo_with_several_controls_writes_a_dataset_per_control(manager: Api) -> None:
    source = labelled_project(manager, ALL)
    files = unzipped(_export(manager, source, "yolo"))
    assert {n.split("/")[0] for n in files} == {"objects", "outlines", "pose"}  # masks: not YOLO
    target = new_project(manager, ALL)
    upload_images(manager, target)
    _imported(manager, target, "yolo", "labels.zip", zipped(files))
    kept = {"objects", "outlines", "pose"}
    _same(gold(manager, target), only(consensus(manager, source), kept))


@pytest.mark.parametrize("with_images", [False, True])
def test_voc_round_trips(manager: Api, with_images: bool) -> None:
    source = labelled_project(manager, ("boxes",))
    files = unzipped(_export(manager, source, "voc"))
    assert set(files) == {"labels.txt", "Annotations/street.xml", "Annotations/park.xml"}
    target = new_project(manager, ("boxes",))
    if with_images:
        files |= {f"JPEGImages/{n}": content for n, content in image_files().items()}
    else:
        upload_images(manager, target)
    _imported(manager, target, "voc", "voc.zip", zipped(files))
    _same(gold(manager, target), consensus(manager, source))
    assert set(_media(manager, target)) == set(IMAGES)


@pytest.mark.parametrize("fmt", ["yolo", "voc"])
def test_labels_annotations_writes_a_folder_per_annotator(manager: Api, fmt: str) -> None:
    pid = labelled_project(manager, ("boxes",))
    names = set(unzipped(_export(manager, pid, fmt, labels="both")))
    folder = "labels" if fmt == "yolo" else "Annotations"
    suffix = "txt" if fmt == "yolo" else "xml"
    for stem in ("street", "park"):
        assert f"{folder}/{stem}.{suffix}" in names
        assert f"annotations/{manager.email}/{folder}/{stem}.{suffix}" in names
    only_annotations = set(unzipped(_export(manager, pid, fmt, labels="annotations")))
    assert not any(n.startswith(f"{folder}/") for n in only_annotations)


@pytest.mark.parametrize("fmt", ["yolo", "voc"])
def test_a_project_without_the_formats_control_is_refused(manager: Api, fmt: str) -> None:
    pid = new_project(manager, ("masks",))
    r = manager.get(f"/api/projects/{pid}/export?format={fmt}")
    assert r.status_code == 422 and r.json()["detail"]["code"] == "no_image_regions"


def test_the_formats_are_listed(manager: Api) -> None:
    listed = {f["name"]: f for f in manager.get("/api/formats").json()}
    for name in ("coco", "yolo", "voc"):
        assert listed[name]["imports"] and listed[name]["exports"] and listed[name]["kind"] == "images"


@pytest.mark.parametrize(("fmt", "folder"), [("yolo", "images"), ("voc", "JPEGImages")])
def test_include_media_puts_the_images_in_and_the_zip_imports_as_it_is(
    manager: Api, fmt: str, folder: str
) -> None:
    source = labelled_project(manager, ("boxes",))
    content = _export(manager, source, fmt, include_media="true")
    files = unzipped(content)
    assert {n: files[f"{folder}/{n}"] for n in IMAGES} == image_files()
    target = new_project(manager, ("boxes",))
    _imported(manager, target, fmt, "dataset.zip", content)
    _same(gold(manager, target), consensus(manager, source))
    assert _media(manager, target) == {n: (w, h, True) for n, (w, h) in IMAGES.items()}
