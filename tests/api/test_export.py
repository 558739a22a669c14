"""Export: JSON, JSONL and CSV of items with their annotations, streamed."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.api.conftest import Api, import_texts


@pytest.fixture
def labelled(manager: Api, project: dict[str, Any]) -> int:
    pid = project["id"]
    import_texts(manager, pid, ["Ada rocks", "meh", "unlabelled, with comma"])
    for _ in range(2):
        item = manager.get(f"/api/projects/{pid}/next").json()
        result = (
            {"sentiment": "positive", "entities": [{"id": "e1", "start": 0, "end": 3, "label": "PER"}]}
            if item["data"]["text"] == "Ada rocks"
            else {"sentiment": "neutral", "stars": 2}
        )
        r = manager.post(
            f"/api/items/{item['id']}/annotations",
            json={"result": result, "status": "submitted", "lead_time_ms": 700},
        )
        assert r.status_code == 201
    return pid


def test_json_export(manager: Api, labelled: int) -> None:
    r = manager.get(f"/api/projects/{labelled}/export?format=json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert 'filename="project-' in r.headers["content-disposition"]
    items = r.json()
    assert [i["data"]["text"] for i in items] == ["Ada rocks", "meh", "unlabelled, with comma"]
    first = items[0]["annotations"]
    assert len(first) == 1
    assert first[0]["result"] == {
        "sentiment": "positive",
        "entities": [{"id": "e1", "start": 0, "end": 3, "label": "PER"}],
    }
    assert first[0]["author"] == "manager@example.com" and first[0]["lead_time_ms"] == 700
    assert first[0]["status"] == "submitted" and {"id", "created_at", "updated_at"} <= set(first[0])
    assert items[2]["annotations"] == [] and items[2]["meta"] == {}


def test_jsonl_export(manager: Api, labelled: int) -> None:
    lines = manager.get(f"/api/projects/{labelled}/export?format=jsonl").text.splitlines()
    assert [json.loads(line)["data"]["text"] for line in lines] == [
        "Ada rocks",
        "meh",
        "unlabelled, with comma",
    ]
    assert json.loads(lines[1])["annotations"][0]["result"] == {"sentiment": "neutral", "stars": 2}


def test_csv_export(manager: Api, labelled: int) -> None:
    r = manager.get(f"/api/projects/{labelled}/export?format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["text"] for row in rows] == ["Ada rocks", "meh", "unlabelled, with comma"]
    assert rows[0]["sentiment"] == "positive"
    assert json.loads(rows[0]["entities"]) == [{"id": "e1", "start": 0, "end": 3, "label": "PER"}]
    assert rows[1]["stars"] == "2" and rows[1]["author"] == "manager@example.com"
    assert rows[2]["annotation_id"] == "" and rows[2]["sentiment"] == ""


def test_unknown_format_is_refused(manager: Api, labelled: int) -> None:
    assert manager.get(f"/api/projects/{labelled}/export?format=xml").status_code == 422


def test_export_spans_many_batches(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    manager.post(f"/api/projects/{pid}/items", json=[{"text": f"s{i}"} for i in range(4_500)])
    items = manager.get(f"/api/projects/{pid}/export?format=json").json()
    assert [i["data"]["text"] for i in items] == [f"s{i}" for i in range(4_500)]
