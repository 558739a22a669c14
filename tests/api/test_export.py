"""Export: JSON, JSONL and CSV of items with their annotations, streamed."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from goldlabel.db.engine import Database
from goldlabel.services import exports
from tests.api.conftest import Api, add_member, import_texts, table_counts


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


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_export_crosses_many_batches_in_order(
    manager: Api, project: dict[str, Any], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Batches of 7 over 40 items (the last batch short), every third item annotated: each item
    comes once, in queue order (import order: ids are random), with exactly its own annotations,
    across every batch boundary."""
    monkeypatch.setattr(exports, "EXPORT_BATCH", 7)
    pid = project["id"]
    import_texts(manager, pid, [f"s{i}" for i in range(40)])
    listed = manager.get(f"/api/projects/{pid}/items?page_size=100").json()["items"]
    ids = [i["id"] for i in listed]  # queue order: the listing's default
    labelled = {item_id: str(n % 5 + 1) for n, item_id in enumerate(ids) if n % 3 == 0}
    for item_id, stars in labelled.items():
        body = {"result": {"sentiment": "neutral", "stars": int(stars)}, "status": "submitted"}
        assert manager.post(f"/api/items/{item_id}/annotations", json=body).status_code == 201
    r = manager.get(f"/api/projects/{pid}/export?format={fmt}")
    assert r.status_code == 200
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert [int(row["item_id"]) for row in rows] == ids
        assert {int(row["item_id"]): row["stars"] for row in rows if row["stars"]} == labelled
    else:
        items = r.json() if fmt == "json" else [json.loads(line) for line in r.text.splitlines()]
        assert [i["id"] for i in items] == ids
        assert [i["data"]["text"] for i in items] == [f"s{i}" for i in range(40)]
        got = {i["id"]: str(a["result"]["stars"]) for i in items for a in i["annotations"]}
        assert got == labelled and sum(len(i["annotations"]) for i in items) == len(labelled)


@pytest.fixture
def drafted(manager: Api, project: dict[str, Any], client_for: Any) -> dict[str, Any]:
    """Two items with meta (different keys); item 1 has a submission and someone's draft."""
    pid = project["id"]
    rows = [
        {"data": {"text": "Ada rocks"}, "meta": {"source": "web", "batch": 1}},
        {"data": {"text": "meh"}, "meta": {"lang": "en"}},
    ]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    first = manager.get(f"/api/projects/{pid}/items").json()["items"][0]["id"]
    other = client_for("other@example.com")
    add_member(manager, pid, "other@example.com", "manager")
    for api, status, label in ((manager, "submitted", "positive"), (other, "draft", "negative")):
        body = {"result": {"sentiment": label}, "status": status, "lead_time_ms": 5}
        assert api.post(f"/api/items/{first}/annotations", json=body).status_code == 201
    return {"pid": pid, "first": first}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_drafts_are_left_out_unless_asked_for(manager: Api, drafted: dict[str, Any], fmt: str) -> None:
    def statuses(query: str) -> list[str]:
        r = manager.get(f"/api/projects/{drafted['pid']}/export?format={fmt}{query}")
        assert r.status_code == 200, r.text
        if fmt == "csv":
            return [row["status"] for row in csv.DictReader(io.StringIO(r.text)) if row["status"]]
        items = r.json() if fmt == "json" else [json.loads(line) for line in r.text.splitlines()]
        return [a["status"] for i in items for a in i["annotations"]]

    assert statuses("") == ["submitted"]
    assert statuses("&include_drafts=false") == ["submitted"]
    assert statuses("&include_drafts=true") == ["submitted", "draft"]


def test_csv_carries_the_union_of_meta_keys(manager: Api, drafted: dict[str, Any]) -> None:
    r = manager.get(f"/api/projects/{drafted['pid']}/export?format=csv")
    reader = csv.DictReader(io.StringIO(r.text))
    rows = list(reader)
    assert reader.fieldnames is not None
    assert [f for f in reader.fieldnames if f.startswith("meta.")] == [
        "meta.batch",
        "meta.lang",
        "meta.source",
    ]
    assert (rows[0]["meta.source"], rows[0]["meta.batch"], rows[0]["meta.lang"]) == ("web", "1", "")
    assert (rows[1]["meta.source"], rows[1]["meta.lang"]) == ("", "en")


def test_too_many_meta_keys_for_csv_is_refused_before_streaming(
    manager: Api, drafted: dict[str, Any], monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    monkeypatch.setattr(exports, "MAX_EXPORT_META_COLUMNS", 2)
    before = table_counts(database)
    r = manager.get(f"/api/projects/{drafted['pid']}/export?format=csv")
    assert r.status_code == 413 and r.json()["detail"]["code"] == "too_large"
    assert "JSON" in r.json()["detail"]["message"]
    assert manager.get(f"/api/projects/{drafted['pid']}/export?format=jsonl").status_code == 200
    assert table_counts(database) == before


def test_bad_export_options_are_refused(manager: Api, drafted: dict[str, Any], database: Database) -> None:
    before = table_counts(database)
    for query in ("include_drafts=perhaps", "consensus=2", "format=xlsx"):
        r = manager.get(f"/api/projects/{drafted['pid']}/export?{query}")
        assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_request", query
    assert table_counts(database) == before


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_consensus_per_control_with_method_and_confidence(
    manager: Api, project: dict[str, Any], client_for: Any, fmt: str
) -> None:
    """Three labellers: the consensus comes from submitted answers only (the draft is ignored
    even when drafts are exported)."""
    pid = project["id"]
    import_texts(manager, pid, ["Ada rocks", "nobody here"])
    ids = [i["id"] for i in manager.get(f"/api/projects/{pid}/items").json()["items"]]  # queue order
    schema = {**project["schema"], "overlap": 4}
    assert manager.patch(f"/api/projects/{pid}", json={"schema": schema}).status_code == 200
    people = [manager]
    for name in ("b", "c", "d"):
        people.append(client_for(f"{name}@example.com"))
        add_member(manager, pid, f"{name}@example.com", "manager")
    answers = [("positive", 4, "submitted"), ("positive", 5, "submitted"), ("negative", 4, "submitted")]
    answers.append(("negative", 1, "draft"))
    for api, (label, stars, status) in zip(people, answers, strict=True):
        body = {"result": {"sentiment": label, "stars": stars, "entities": []}, "status": status}
        assert api.post(f"/api/items/{ids[0]}/annotations", json=body).status_code == 201
    r = manager.get(f"/api/projects/{pid}/export?format={fmt}&consensus=true&include_drafts=true")
    assert r.status_code == 200, r.text
    if fmt == "json":
        first, second = r.json()
        merged = first["consensus"]
        assert merged["sentiment"]["value"] == "positive" and merged["sentiment"]["method"] == "dawid_skene"
        assert 0.5 < merged["sentiment"]["confidence"] <= 1
        assert merged["stars"] == {"value": 4, "method": "median", "confidence": pytest.approx(1 - 1 / 3 / 4)}
        assert merged["entities"] == {"value": [], "method": "character_majority", "confidence": 1.0}
        assert "note" not in merged and second["consensus"] == {}
        return
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 5  # four annotations on the first item, one blank row for the second
    for row in rows[:4]:
        assert (row["consensus.sentiment"], row["consensus.sentiment.method"]) == ("positive", "dawid_skene")
        assert float(row["consensus.sentiment.confidence"]) > 0.5
        assert (row["consensus.stars"], row["consensus.stars.method"]) == ("4", "median")
        assert row["consensus.entities"] == "[]" and row["consensus.note"] == ""
    assert rows[4]["consensus.sentiment"] == "" and rows[4]["consensus.sentiment.method"] == ""
