"""The Import and Export tabs in a real browser, with the formats the server lists: a manager
downloads CSV and COCO from the Export tab and the files hold the submitted box; COCO for a text
project is refused and the page shows the server's message (no file saved); a JSON Lines file
whose name says nothing is imported with the format chosen, and the counts show; a bad line is
refused with its row named, and nothing is imported."""

from __future__ import annotations

import csv
import io
import json
import re
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Server, api_client, login

pytestmark = pytest.mark.e2e

IMAGES = {
    "fields": {"image": "image"},
    "controls": [{"name": "objects", "type": "boxes", "field": "image", "labels": ["car", "person"]}],
}
TEXT = {
    "fields": {"text": "text"},
    "controls": [{"name": "sentiment", "type": "choices", "field": "text", "options": ["pos", "neg"]}],
}
BOX = {"x": 4, "y": 6, "width": 20, "height": 10, "label": "car"}


def _project(server: Server, name: str, schema: dict[str, Any], rows: list[dict[str, Any]]) -> int:
    with closing(api_client(server)) as api:
        pid = int(api.post("/api/projects", json={"name": name, "schema": schema}).json()["id"])
        if rows:
            api.post(f"/api/projects/{pid}/items", json=rows).raise_for_status()
    return pid


def _items(server: Server, pid: int) -> list[dict[str, Any]]:
    with closing(api_client(server)) as api:
        items: list[dict[str, Any]] = api.get(f"/api/projects/{pid}/items").json()["items"]
    return items


def _open(page, server: Server, pid: int, tab: str, *, log_in: bool = True) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/projects/{pid}/{tab}")
    if log_in:
        page.wait_for_url(re.compile(r"/login"))
        login(page, server)
        page.wait_for_url(re.compile(f"/{tab}"))
    page.get_by_label("Format", exact=True).wait_for()


def _wait_labels(page, value: str) -> None:  # type: ignore[no-untyped-def]
    checked = "v => document.querySelector('input[name=labels]:checked')?.value === v"
    page.wait_for_function(checked, arg=value)


def _download(page, tmp_path: Path, name: str) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile("^Download")).click()
    path = tmp_path / name
    info.value.save_as(path)
    page.get_by_test_id("export-result").wait_for()
    return path.read_bytes()


def test_export_csv_and_coco_and_a_refused_export(new_page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"data": {"image": f"https://example.com/{n}.jpg", "image_width": 64, "image_height": 48}}
        for n in ("a", "b")
    ]
    pid = _project(server, "Street formats", IMAGES, rows)
    with closing(api_client(server)) as api:
        item = api.get(f"/api/projects/{pid}/next").json()
        body = {"result": {"objects": [BOX]}, "status": "submitted"}
        api.post(f"/api/items/{item['id']}/annotations", json=body).raise_for_status()
    text_pid = _project(server, "Text formats", TEXT, [{"data": {"text": "fine"}}])

    page = new_page()
    _open(page, server, pid, "export")
    fmt = page.get_by_label("Format", exact=True)
    fmt.select_option("csv")
    # CSV's own default: every submitted annotation
    _wait_labels(page, "annotations")
    exported = list(csv.DictReader(io.StringIO(_download(page, tmp_path, "export.csv").decode("utf-8"))))
    annotated = [r for r in exported if r["objects"]]
    assert len(exported) == 2 and len(annotated) == 1
    assert annotated[0]["item_id"] == str(item["id"]) and annotated[0]["author"] == server.admin_email
    [box] = json.loads(annotated[0]["objects"])
    assert {k: box[k] for k in BOX} == BOX

    fmt.select_option("coco")
    _wait_labels(page, "final")
    assert page.get_by_label("Include drafts").count() == 0  # a row-format option only
    page.get_by_label("Every submitted annotation").check()
    coco = json.loads(_download(page, tmp_path, "export-coco.json"))
    assert {i["file_name"].rsplit("/", 1)[-1] for i in coco["images"]} == {"a.jpg", "b.jpg"}
    assert [c["name"] for c in coco["categories"]][:2] == ["car", "person"]
    [ann] = coco["annotations"]
    assert ann["bbox"] == [BOX["x"], BOX["y"], BOX["width"], BOX["height"]]
    assert next(c["name"] for c in coco["categories"] if c["id"] == ann["category_id"]) == "car"

    # COCO of a project without image regions: the server's message, and no file
    downloads: list[Any] = []
    page.on("download", lambda download: downloads.append(download))
    _open(page, server, text_pid, "export", log_in=False)
    page.get_by_label("Format", exact=True).select_option("coco")
    page.get_by_role("button", name=re.compile("^Download")).click()
    alert = page.get_by_test_id("export-error")
    alert.wait_for()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=export-error]')?.innerText.includes('COCO')"
    )
    assert "boxes, polygons, masks or keypoints control" in alert.inner_text()
    assert downloads == []


def test_import_jsonl_with_a_chosen_format_then_a_refused_row(  # type: ignore[no-untyped-def]
    new_page, server: Server, tmp_path: Path
) -> None:
    pid = _project(server, "Imports", TEXT, [])
    lines = [{"id": f"r{n}", "data": {"text": f"row {n}"}, "meta": {"source": "upload"}} for n in range(3)]
    good = tmp_path / "batch.txt"  # the name says nothing: the format must be chosen
    good.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")

    page = new_page()
    _open(page, server, pid, "import")
    page.get_by_label("File", exact=True).set_input_files(str(good))
    page.get_by_test_id("import-format-guess").filter(has_text="does not say its format").wait_for()
    page.get_by_label("Format", exact=True).select_option("jsonl")
    page.get_by_label("Gold", exact=True).check()
    page.get_by_label("Gold set", exact=True).select_option("exam")
    page.get_by_label("Annotations", exact=True).check()  # back to the default
    assert page.get_by_label("Gold set", exact=True).count() == 0
    page.get_by_role("button", name="Import", exact=True).click()
    result = page.get_by_test_id("import-result")
    result.filter(has_text="Imported 3 items from batch.txt.").wait_for(timeout=60_000)
    stored = _items(server, pid)
    assert sorted(i["data"]["text"] for i in stored) == ["row 0", "row 1", "row 2"]

    # the same file again, skipping known ids: counted, nothing added
    page.get_by_label("File", exact=True).set_input_files(str(good))
    page.get_by_label("Skip rows whose id is already in the project").check()
    page.get_by_role("button", name="Import", exact=True).click()
    result.filter(has_text="skipped 3 rows whose id was already imported").wait_for(timeout=60_000)
    assert len(_items(server, pid)) == 3

    # a bad second line: refused whole, the row named; the name now says the format
    bad = tmp_path / "more.jsonl"
    bad.write_text(
        json.dumps({"id": "n1", "data": {"text": "fine"}}) + "\n" + '{"data": {"text": "cut off"\n',
        encoding="utf-8",
    )
    page.get_by_label("Format", exact=True).select_option("")
    page.get_by_label("File", exact=True).set_input_files(str(bad))
    page.get_by_test_id("import-format-guess").filter(has_text="Read as goldlabel JSON Lines").wait_for()
    page.get_by_role("button", name="Import", exact=True).click()
    error = page.get_by_test_id("import-error")
    error.filter(has_text="Row 2").wait_for(timeout=60_000)
    assert "Nothing was imported." in error.inner_text()
    assert len(_items(server, pid)) == 3
