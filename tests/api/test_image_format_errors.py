"""Bad COCO, YOLO and VOC files over HTTP: a 422 naming the file, line, object or annotation id,
and nothing kept — no row in any table, and no file in the media folder (images a refused zip
brought are removed again; files the project already held are never replaced or removed)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from tests.api.conftest import Api
from tests.api.image_format_helpers import (
    IMAGES,
    image_files,
    import_file,
    labelled_project,
    new_project,
    unzipped,
    upload_images,
    zipped,
)  # fmt: skip
from tests.api.media_samples import jpeg_bytes
from tests.api.snapshots import table_contents
from tests.api.test_media import snapshot

ALL = ("boxes", "polygons", "masks", "keypoints")


@pytest.fixture
def unchanged(database: Database, settings: Settings) -> Iterator[Callable[[], None]]:
    """Call it to take the snapshot; the test then checks nothing changed since."""
    taken: list[Any] = []

    def take() -> None:
        taken.append((table_contents(database), snapshot(settings.media_dir)))

    yield take
    assert taken, "the test never took its snapshot"
    assert (table_contents(database), snapshot(settings.media_dir)) == taken[0]


def _refused(r: Any, code: str, *named: str) -> None:
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["code"] == code, detail
    for text in named:
        assert text in detail["message"], detail["message"]


def _coco(manager: Api) -> tuple[int, dict[str, Any]]:
    source = labelled_project(manager, ALL)
    r = manager.get(f"/api/projects/{source}/export?format=coco")
    return new_project(manager, ALL), json.loads(r.content)


def test_a_coco_category_the_schema_lacks(manager: Api, unchanged: Callable[[], None]) -> None:
    target, doc = _coco(manager)
    upload_images(manager, target)
    doc["categories"].append({"id": 99, "name": "truck", "supercategory": "objects"})
    doc["annotations"][2]["category_id"] = 99
    unchanged()
    r = import_file(manager, target, "coco", "labels.json", json.dumps(doc).encode(), labels_as="gold")
    _refused(r, "invalid_import", f"annotation {doc['annotations'][2]['id']}", "'truck'")


def test_coco_coordinates_outside_the_image_in_a_zip_with_images(
    manager: Api, unchanged: Callable[[], None]
) -> None:
    target, doc = _coco(manager)
    box = next(a for a in doc["annotations"] if a["category_id"] == 1)
    box["bbox"] = [90, 3, 40, 10]  # street.jpg is 97 wide
    files = {f"images/{n}": content for n, content in image_files().items()}
    unchanged()
    body = zipped({**files, "instances.json": json.dumps(doc).encode()})
    r = import_file(manager, target, "coco", "data.zip", body, labels_as="gold")
    _refused(r, "invalid_import", f"annotation {box['id']}", "outside")


def test_a_coco_image_the_project_does_not_hold(manager: Api, unchanged: Callable[[], None]) -> None:
    target, doc = _coco(manager)
    unchanged()
    r = import_file(manager, target, "coco", "labels.json", json.dumps(doc).encode(), labels_as="gold")
    _refused(r, "invalid_import", "street.jpg")


def _yolo(manager: Api) -> tuple[int, dict[str, bytes]]:
    source = labelled_project(manager, ("boxes",))
    files = unzipped(manager.get(f"/api/projects/{source}/export?format=yolo").content)
    return new_project(manager, ("boxes",)), files


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("0 0.5 0.5 zero 0.1", "expected a class index and numbers"),
        ("0 0.5 0.5 0.1", "4 numbers"),
        ("7 0.5 0.5 0.1 0.1", "class 7"),
        ("1 1.5 0.5 0.1 0.1", "outside the image"),
    ],
)
def test_a_malformed_yolo_line_in_a_zip_with_images(
    manager: Api, unchanged: Callable[[], None], line: str, named: str
) -> None:
    target, files = _yolo(manager)
    files["labels/park.txt"] += f"{line}\n".encode()
    images = {f"images/{n}": content for n, content in image_files().items()}
    unchanged()
    r = import_file(manager, target, "yolo", "data.zip", zipped({**files, **images}), labels_as="gold")
    _refused(r, "invalid_import", "labels/park.txt line 3", named)


def test_a_yolo_label_file_with_no_image(manager: Api, unchanged: Callable[[], None]) -> None:
    target, files = _yolo(manager)
    upload_images(manager, target)
    files["labels/beach.txt"] = b"0 0.5 0.5 0.1 0.1\n"
    unchanged()
    r = import_file(manager, target, "yolo", "labels.zip", zipped(files), labels_as="gold")
    _refused(r, "invalid_import", "labels/beach.txt", "'beach'")


def test_a_voc_object_with_an_unknown_label(manager: Api, unchanged: Callable[[], None]) -> None:
    source = labelled_project(manager, ("boxes",))
    files = unzipped(manager.get(f"/api/projects/{source}/export?format=voc").content)
    target = new_project(manager, ("boxes",))
    upload_images(manager, target)
    files["Annotations/park.xml"] = files["Annotations/park.xml"].replace(b"<name>person", b"<name>bicycle")
    unchanged()
    r = import_file(manager, target, "voc", "voc.zip", zipped(files), labels_as="gold")
    _refused(r, "invalid_import", "Annotations/park.xml object 2", "'bicycle'")


def test_voc_xml_with_an_entity_is_refused(manager: Api, unchanged: Callable[[], None]) -> None:
    target = new_project(manager, ("boxes",))
    upload_images(manager, target)
    bomb = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><annotation>&e;</annotation>'
    unchanged()
    r = import_file(
        manager, target, "voc", "voc.zip", zipped({"Annotations/park.xml": bomb}), labels_as="gold"
    )
    _refused(r, "invalid_import", "Annotations/park.xml")


def test_a_zip_image_named_like_a_different_project_file(manager: Api, unchanged: Callable[[], None]) -> None:
    target, files = _yolo(manager)
    upload_images(manager, target)
    images = {f"images/{n}": content for n, content in image_files().items()}
    images["images/park.jpg"] = jpeg_bytes(*IMAGES["park.jpg"], colour=(0, 90, 0))
    unchanged()
    r = import_file(manager, target, "yolo", "data.zip", zipped({**files, **images}), labels_as="gold")
    _refused(r, "invalid_file", "'park.jpg'", "rename")


def test_a_refused_zip_keeps_the_projects_own_copy_of_an_image(
    manager: Api, unchanged: Callable[[], None]
) -> None:
    """street.jpg is the project's (same bytes: reused, never removed); park.jpg is new (removed)."""
    target, files = _yolo(manager)
    street = image_files()["street.jpg"]
    r = manager.post(f"/api/projects/{target}/media", files=[("files", ("street.jpg", street, "image/jpeg"))])
    assert r.status_code == 201
    files["labels/park.txt"] += b"9 0.5 0.5 0.1 0.1\n"
    images = {f"images/{n}": content for n, content in image_files().items()}
    unchanged()
    r = import_file(manager, target, "yolo", "data.zip", zipped({**files, **images}), labels_as="gold")
    _refused(r, "invalid_import", "labels/park.txt line 3", "class 9")


def test_an_image_in_the_zip_that_does_not_decode(manager: Api, unchanged: Callable[[], None]) -> None:
    target, files = _yolo(manager)
    images = {f"images/{n}": content for n, content in image_files().items()}
    images["images/park.jpg"] = images["images/park.jpg"][:200]
    unchanged()
    r = import_file(manager, target, "yolo", "data.zip", zipped({**files, **images}), labels_as="gold")
    _refused(r, "invalid_file", "park.jpg")


def test_a_zip_bomb_of_labels_is_refused_by_the_archive_caps(
    manager: Api, unchanged: Callable[[], None]
) -> None:
    target, files = _yolo(manager)
    upload_images(manager, target)
    files["labels/park.txt"] = b"\n" * 2_000_000  # deflates ~1000:1, past MAX_ARCHIVE_RATIO
    unchanged()
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    r = import_file(manager, target, "yolo", "labels.zip", body.getvalue(), labels_as="gold")
    _refused(r, "invalid_file", "labels/park.txt", "zip bomb")


def test_zip_image_paths_cannot_leave_the_projects_media_folder(manager: Api, settings: Settings) -> None:
    target, files = _yolo(manager)
    images = {f"../../{n}": content for n, content in image_files().items()}
    r = import_file(manager, target, "yolo", "data.zip", zipped({**files, **images}), labels_as="gold")
    assert r.status_code == 201, r.text
    root = settings.media_dir
    assert sorted(p.name for p in (root / str(target)).iterdir() if p.is_file()) == sorted(IMAGES)
    for name in IMAGES:  # where "../../<name>" would have gone from the project's or the media folder
        assert not (root / name).exists() and not (root.parent / name).exists()
