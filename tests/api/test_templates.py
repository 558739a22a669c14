"""Schema templates: each schema validates, each template's sample project is created whole
(items, media served as data) or not at all, and its sample items take a real answer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.services import imports
from goldlabel.services.templates.catalogue import TEMPLATES
from tests.api.conftest import Api, table_counts

USE_CASES = {
    "sentiment", "text-classification", "named-entities", "object-detection", "semantic-segmentation",
    "pose", "tracking", "activity-recognition", "transcription", "speaker-identification",
    "audio-emotion", "image-captioning", "visual-question-answering", "audio-text-alignment",
}  # fmt: skip
CONTENT_TYPES = {"image": "image/png", "audio": "audio/x-wav", "video": "video/webm"}


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_catalogue_covers_the_use_cases_and_each_schema_validates(manager: Api) -> None:
    r = manager.get("/api/templates")
    assert r.status_code == 200, r.text
    listed = r.json()
    assert {t["id"] for t in listed} == USE_CASES
    for t in listed:
        assert t["title"] and t["description"]
        checked = manager.post("/api/schema/validate", json={"schema": t["schema"]})
        assert checked.status_code == 200, (t["id"], checked.text)
        assert checked.json()["schema"] == t["schema"]
        assert t["field_kinds"] == sorted(set(t["schema"]["fields"].values()))


def test_samples_are_the_same_bytes_every_time() -> None:
    started = time.perf_counter()
    first = {t.id: t.samples() for t in TEMPLATES.values()}
    took = time.perf_counter() - started
    again = {t.id: t.samples() for t in TEMPLATES.values()}
    for tid, samples in first.items():
        assert samples.files == again[tid].files, tid
        assert samples.items == again[tid].items, tid
        assert samples.items, tid
    # Not a benchmark: a guard against a generator that grew by orders of magnitude (all 14
    # take about 1.5 s on the 2-core test machine).
    assert took < 30, took


def answer_from(template_id: str, item: dict[str, Any]) -> dict[str, Any]:
    """What the generator drew, as an answer to the template's controls."""
    meta, data = item["meta"], item["data"]
    if template_id in ("sentiment", "text-classification"):
        control = "sentiment" if template_id == "sentiment" else "topic"
        return {control: meta["written_as"]}
    if template_id == "named-entities":
        return {"entities": meta["written_entities"]}
    if template_id == "object-detection":
        return {"objects": [{k: d[k] for k in ("x", "y", "width", "height", "label")} for d in meta["drawn"]]}
    if template_id == "semantic-segmentation":
        return {
            "regions": [
                {"rle": box_rle(d, data["height"], data["width"]), "label": d["label"]} for d in meta["drawn"]
            ]
        }
    if template_id == "pose":
        return {"pose": [{"points": points, "label": "person"} for points in meta["drawn"]]}
    if template_id == "tracking":
        return {"tracks": meta["drawn"]}
    if template_id == "activity-recognition":
        return {"activities": meta["drawn"]}
    if template_id == "transcription":
        return {"transcript": meta["said"].lower()}
    if template_id == "speaker-identification":
        return {"speakers": meta["turns"]}
    if template_id == "audio-emotion":
        return {"emotion": meta["made_as"], "intensity": 4}
    if template_id == "image-captioning":
        return {"caption": f"There is {meta['drawn']}."}
    if template_id == "visual-question-answering":
        return {"answer": meta["answer"]}
    assert template_id == "audio-text-alignment"
    return {
        "words": [
            {"start": w["start"], "end": w["end"], "label": "word", "text": w["label"]} for w in meta["words"]
        ]
    }


def box_rle(box: dict[str, Any], height: int, width: int) -> dict[str, Any]:
    """A box-shaped mask as COCO's uncompressed RLE (column-major runs, zeros first)."""
    mask = np.zeros((height, width), dtype=np.uint8)
    mask[box["y"] : box["y"] + box["height"], box["x"] : box["x"] + box["width"]] = 1
    flat = mask.flatten(order="F")
    edges = np.flatnonzero(np.diff(flat)) + 1
    runs = np.diff(np.concatenate([[0], edges, [flat.size]]))
    counts = runs.tolist() if flat[0] == 0 else [0, *runs.tolist()]
    return {"size": [height, width], "counts": counts}


@pytest.mark.parametrize("template_id", sorted(USE_CASES))
def test_a_sample_project_lands_whole_and_its_items_take_the_drawn_answer(
    manager: Api, settings: Settings, template_id: str
) -> None:
    template = TEMPLATES[template_id]
    expected = template.samples()
    r = manager.post(f"/api/templates/{template_id}/project", json={})
    assert r.status_code == 201, r.text
    project = r.json()
    pid = project["id"]
    assert project["name"] == f"{template.title} (sample data)" and project["role"] == "manager"
    assert project["item_count"] == len(expected.items)
    listed_schema = next(t["schema"] for t in manager.get("/api/templates").json() if t["id"] == template_id)
    assert project["schema"] == listed_schema
    listed = manager.get(f"/api/projects/{pid}/items", params={"page_size": 100}).json()["items"]
    assert len(listed) == len(expected.items)
    # Media fields hold the URL of a file in the project's media folder, served as data.
    media_fields = {f: k for f, k in template.schema["fields"].items() if k in CONTENT_TYPES}
    served_files = set()
    for item in listed:
        for field, kind in media_fields.items():
            url = item["data"][field]
            assert url.startswith(f"/api/media/{pid}/")
            got = manager.get(url)
            assert got.status_code == 200 and got.headers["content-type"] == CONTENT_TYPES[kind]
            name = url.rsplit("/", 1)[1]
            served_files.add(name)
            assert got.content == expected.files[name]
            # Measured on arrival (the media service's probe): the sizes the generator declared.
            info = manager.get(f"/api/projects/{pid}/media/{name}").json()
            measured = {k: item["data"][f"{field}_{k}"] for k in ("width", "height", "fps") if info[k]}
            assert measured == {k: item["data"][k] for k in measured}
            if kind != "image":
                assert info["duration"] == pytest.approx(item["data"]["duration"], abs=0.1)
            if kind == "audio":
                assert manager.get(info["peaks_url"]).status_code == 200
    assert served_files == set(expected.files)
    folder = settings.media_dir / str(pid)
    on_disk = {p.name for p in folder.iterdir() if p.is_file()} if folder.exists() else set()
    assert on_disk == set(expected.files)
    # The first item in the queue takes the generator's own answer.
    served = manager.get(f"/api/projects/{pid}/next").json()
    item = next(i for i in listed if i["id"] == served["id"])
    saved = manager.post(
        f"/api/items/{served['id']}/annotations",
        json={"result": answer_from(template_id, item), "status": "submitted", "lead_time_ms": 1000},
    )
    assert saved.status_code == 201, saved.text


def test_a_name_can_be_given(manager: Api) -> None:
    r = manager.post("/api/templates/sentiment/project", json={"name": "Try sentiment"})
    assert r.status_code == 201 and r.json()["name"] == "Try sentiment"


def test_an_unknown_template_is_a_404_and_changes_nothing(manager: Api, database: Database) -> None:
    before = table_counts(database)
    r = manager.post("/api/templates/no-such-thing/project", json={})
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"
    assert table_counts(database) == before


def test_only_users_who_may_create_projects_can_try_one(
    client_for: Callable[..., Api], database: Database, settings: Settings
) -> None:
    plain = client_for("plain@example.com")
    assert plain.get("/api/templates").status_code == 200
    before = table_counts(database)
    r = plain.post("/api/templates/object-detection/project", json={})
    assert r.status_code == 403, r.text
    assert table_counts(database) == before and files_under(settings.media_dir) == []
    anonymous = client_for("anon@example.com", login=False)
    assert anonymous.get("/api/templates").status_code == 401


def test_a_failure_after_the_files_are_written_leaves_no_project_and_no_file(
    manager: Api, database: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = table_counts(database)

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "import_items", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):  # the test client re-raises it
        manager.post("/api/templates/speaker-identification/project", json={})
    assert table_counts(database) == before
    assert files_under(settings.media_dir) == []
