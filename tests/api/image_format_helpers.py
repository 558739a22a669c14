"""A labelled image project for the COCO, YOLO and VOC tests: real JPEGs uploaded through the
Media tab, items pointing at them, one annotation each (so the consensus is that answer), and
what an export or an import leaves behind."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from tests.api.conftest import Api
from tests.api.media_samples import jpeg_bytes
from tests.api.test_media import upload

POINTS = ["nose", "left_hand", "right_hand"]
# Two image sizes that are not powers of two, so normalising is not exact in binary.
IMAGES = {"street.jpg": (97, 61), "park.jpg": (64, 48)}


def schema(*types: str) -> dict[str, Any]:
    controls: list[dict[str, Any]] = []
    if "boxes" in types:
        controls.append({"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"]})
    if "polygons" in types:
        controls.append(
            {"name": "outlines", "type": "polygons", "field": "image", "labels": ["road", "lawn"]}
        )
    if "masks" in types:
        controls.append({"name": "masks", "type": "masks", "field": "image", "labels": ["sky"]})
    if "keypoints" in types:
        controls.append(
            {
                "name": "pose",
                "type": "keypoints",
                "field": "image",
                "labels": ["person"],
                "points": POINTS,
                "skeleton": [["nose", "left_hand"], ["nose", "right_hand"]],
            }
        )
    return {"fields": {"image": "image"}, "controls": controls, "overlap": 1}


def rle(size: tuple[int, int], x: int, y: int, w: int, h: int) -> dict[str, Any]:
    import numpy as np
    from pycocotools import mask as mask_utils

    width, height = size
    grid = np.zeros((height, width), dtype=np.uint8, order="F")
    grid[y : y + h, x : x + w] = 1
    return {"size": [height, width], "counts": mask_utils.encode(grid)["counts"].decode()}


def answer(name: str, types: tuple[str, ...]) -> dict[str, Any]:
    """Regions with fractional and whole coordinates, different per image."""
    size = IMAGES[name]
    k = 1 if name == "street.jpg" else 2
    result: dict[str, Any] = {}
    if "boxes" in types:
        result["objects"] = [
            {"x": 2.5 * k, "y": 3, "width": 20.25, "height": 10, "label": "car"},
            {"x": 30, "y": 20 + k, "width": 8, "height": 17.3, "label": "person"},
        ]
    if "polygons" in types:
        result["outlines"] = [{"points": [[0, 40], [20.7, 40], [10, 47 - k]], "label": "road"}]
    if "masks" in types:
        result["masks"] = [{"rle": rle(size, 5 * k, 0, 30, 8), "label": "sky"}]
    if "keypoints" in types:
        result["pose"] = [{"points": [[31, 21.5, 2], [34 + k, 30, 1], [0, 0, 0]], "label": "person"}]
    return result


def new_project(manager: Api, types: tuple[str, ...], name: str = "Images") -> int:
    r = manager.post("/api/projects", json={"name": name, "schema": schema(*types)})
    assert r.status_code == 201, r.text
    pid: int = r.json()["id"]
    return pid


def upload_images(manager: Api, pid: int) -> None:
    files = [(n, jpeg_bytes(w, h), "image/jpeg") for n, (w, h) in IMAGES.items()]
    r = upload(manager, pid, *files)
    assert r.status_code == 201, r.text


def labelled_project(manager: Api, types: tuple[str, ...]) -> int:
    """Images uploaded, one item per image, each annotated once (its consensus is that answer)."""
    pid = new_project(manager, types, "Source")
    upload_images(manager, pid)
    rows = [{"data": {"image": f"/api/media/{pid}/{n}"}} for n in IMAGES]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    for _ in IMAGES:
        item = manager.get(f"/api/projects/{pid}/next").json()
        image = item["data"]["image"].rsplit("/", 1)[-1]
        body = {"result": answer(image, types), "status": "submitted"}
        r = manager.post(f"/api/items/{item['id']}/annotations", json=body)
        assert r.status_code == 201, r.text
    return pid


def by_image(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """Image name -> the labels under ``key`` of an export's rows."""
    return {row["data"]["image"].rsplit("/", 1)[-1]: row[key] for row in rows}


def consensus(manager: Api, pid: int) -> dict[str, dict[str, Any]]:
    """Image name -> control -> the consensus value the project exports as its final label."""
    r = manager.get(f"/api/projects/{pid}/export?format=json&labels=final")
    assert r.status_code == 200, r.text
    found = by_image(json.loads(r.content), "consensus")
    return {
        image: {c: v["value"] for c, v in controls.items() if v.get("value")}
        for image, controls in found.items()
    }


def gold(manager: Api, pid: int) -> dict[str, dict[str, Any]]:
    """Image name -> control -> the gold reference (regions without their ids)."""
    r = manager.get(f"/api/projects/{pid}/export?format=json&gold=only")
    assert r.status_code == 200, r.text
    found = by_image(json.loads(r.content), "gold")
    return {image: {c: v for c, v in g["result"].items() if v} for image, g in found.items()}


def without_ids(labels: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        image: {
            c: [{k: v for k, v in r.items() if k != "id"} for r in regions] for c, regions in controls.items()
        }
        for image, controls in labels.items()
    }


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def unzipped(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def import_file(manager: Api, pid: int, fmt: str, name: str, content: bytes, **query: str) -> Any:
    params = "&".join(f"{k}={v}" for k, v in {"format": fmt, **query}.items())
    return manager.post(f"/api/projects/{pid}/items?{params}", files={"file": (name, content)})


def image_files() -> dict[str, bytes]:
    return {n: jpeg_bytes(w, h) for n, (w, h) in IMAGES.items()}


def rounded(value: Any) -> Any:
    """Numbers as floats to 1e-5 (a fused consensus box is 17.299999999999997 where its file says
    17.3), region ids left out: what a round trip must keep."""
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value), 5)
    return value


def only(labels: dict[str, dict[str, Any]], controls: set[str]) -> dict[str, dict[str, Any]]:
    return {image: {c: v for c, v in found.items() if c in controls} for image, found in labels.items()}
